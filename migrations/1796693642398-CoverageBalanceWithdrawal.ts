import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CoverageBalanceWithdrawal1796693642398 implements MigrationInterface {
  name = 'CoverageBalanceWithdrawal1796693642398';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "coverage_balances" ADD "withdrawn_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "coverage_balances" ADD "withdrawn_by_user_id" uuid`);
    await queryRunner.query(`ALTER TABLE "coverage_balances" ADD "withdrawal_reason" text`);
    await queryRunner.query(
      `ALTER TABLE "coverage_balances" ADD CONSTRAINT "coverage_balances_withdrawn_unconfirmed" CHECK ("withdrawn_at" IS NULL OR "confirmed_at" IS NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "coverage_balances" DROP CONSTRAINT "coverage_balances_withdrawn_unconfirmed"`);
    await queryRunner.query(`ALTER TABLE "coverage_balances" DROP COLUMN "withdrawal_reason"`);
    await queryRunner.query(`ALTER TABLE "coverage_balances" DROP COLUMN "withdrawn_by_user_id"`);
    await queryRunner.query(`ALTER TABLE "coverage_balances" DROP COLUMN "withdrawn_at"`);
  }
}
