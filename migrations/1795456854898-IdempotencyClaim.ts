/** An Idempotency-Key is claimed by inserting its record before the work; the answer is stored in it before commit. */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyClaim1795456854898 implements MigrationInterface {
  name = 'IdempotencyClaim1795456854898';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_records" ALTER COLUMN "response_status" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "idempotency_records" ALTER COLUMN "response_body" DROP NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_records" ALTER COLUMN "response_body" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "idempotency_records" ALTER COLUMN "response_status" SET NOT NULL`);
  }
}
