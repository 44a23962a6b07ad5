import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FundsCoverage1796684006930 implements MigrationInterface {
  name = 'FundsCoverage1796684006930';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "coverage_balances" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "source" text NOT NULL, "balance_cents" bigint NOT NULL, "balance_on" date NOT NULL, "bank_reference" text, "statement" bytea, "statement_file_name" text, "entered_by_user_id" uuid, "entered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "confirmed_by_user_id" uuid, "confirmed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "coverage_balances_four_eyes" CHECK ("confirmed_by_user_id" IS NULL OR "confirmed_by_user_id" IS DISTINCT FROM "entered_by_user_id"), CONSTRAINT "coverage_balances_amount_not_negative" CHECK ("balance_cents" >= 0), CONSTRAINT "coverage_balances_source_known" CHECK ("source" IN ('manual', 'camt053')), CONSTRAINT "PK_c151143a4c6b2584f2840e26707" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "coverage_balances_confirmed_idx" ON "coverage_balances"("balance_on", "confirmed_at")`);
    await queryRunner.query(
      `CREATE TABLE "coverage_days" ("day" date NOT NULL, "liabilities_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "balance_id" uuid, "balance_cents" bigint, "balance_on" date, "outstanding_cents" bigint NOT NULL, "handed_out_cents" bigint NOT NULL, "place_payable_cents" bigint NOT NULL, "funder_credits_cents" bigint NOT NULL, "liabilities_cents" bigint NOT NULL, "ratio_basis_points" bigint, "state" text NOT NULL, CONSTRAINT "coverage_days_state_known" CHECK ("state" IN ('covered', 'below', 'no_balance')), CONSTRAINT "PK_ea3d12a9660cca93e974613c878" PRIMARY KEY ("day"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "coverage_days"`);
    await queryRunner.query(`DROP INDEX "public"."coverage_balances_confirmed_idx"`);
    await queryRunner.query(`DROP TABLE "coverage_balances"`);
  }
}
