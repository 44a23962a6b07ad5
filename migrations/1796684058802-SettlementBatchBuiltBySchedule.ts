/** A batch built by the settlement job (SETTLEMENT_SCHEDULE) has no creator: created_by may be empty. */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SettlementBatchBuiltBySchedule1796684058802 implements MigrationInterface {
  name = 'SettlementBatchBuiltBySchedule1796684058802';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "settlement_batches" ALTER COLUMN "created_by" DROP NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "settlement_batches" ALTER COLUMN "created_by" SET NOT NULL`);
  }
}
