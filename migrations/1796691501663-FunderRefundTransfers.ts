import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FunderRefundTransfers1796691501663 implements MigrationInterface {
  name = 'FunderRefundTransfers1796691501663';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."funder_refund_transfer_status" AS ENUM('prepared', 'approved', 'exported', 'paid', 'rejected', 'cancelled')`,
    );
    await queryRunner.query(
      `CREATE TABLE "funder_refund_transfers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" SERIAL NOT NULL, "reference" text NOT NULL, "programme_id" uuid NOT NULL, "funder_organisation_id" uuid NOT NULL, "bank_details_id" uuid NOT NULL, "amount_cents" bigint NOT NULL, "status" "public"."funder_refund_transfer_status" NOT NULL DEFAULT 'prepared', "closed_on" date NOT NULL, "due_on" date NOT NULL, "prepared_by" uuid, "prepared_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "approved_by" uuid, "approved_at" TIMESTAMP WITH TIME ZONE, "exported_by" uuid, "exported_at" TIMESTAMP WITH TIME ZONE, "funder_refund_id" uuid, "rejected_at" TIMESTAMP WITH TIME ZONE, "rejection_reason" text, "cancelled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "funder_refund_transfers_amount_positive" CHECK ("amount_cents" > 0), CONSTRAINT "PK_06993a82cf698f9f2ed92c11d3e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "funder_refund_transfers_programme_idx" ON "funder_refund_transfers"("programme_id")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "funder_refund_transfers_open_unique" ON "funder_refund_transfers"("programme_id") WHERE status IN ('prepared', 'approved', 'exported')`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "funder_refund_transfers_reference_unique" ON "funder_refund_transfers"("reference")`);
    await queryRunner.query(`ALTER TABLE "funder_refunds" ADD "refund_transfer_id" uuid`);
    await queryRunner.query(`ALTER TABLE "bank_statement_entries" ADD "refund_transfer_id" uuid`);
    await queryRunner.query(`ALTER TABLE "funder_refunds" ALTER COLUMN "recorded_by_user_id" DROP NOT NULL`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "funder_refunds_transfer_unique" ON "funder_refunds"("refund_transfer_id") WHERE refund_transfer_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."funder_refunds_transfer_unique"`);
    // Refunds the bank booked had no typist: the operator who exported their transfer stands for them.
    await queryRunner.query(
      `UPDATE "funder_refunds" r SET "recorded_by_user_id" = t."exported_by" FROM "funder_refund_transfers" t
        WHERE r."recorded_by_user_id" IS NULL AND t."id" = r."refund_transfer_id"`,
    );
    await queryRunner.query(`ALTER TABLE "funder_refunds" ALTER COLUMN "recorded_by_user_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "bank_statement_entries" DROP COLUMN "refund_transfer_id"`);
    await queryRunner.query(`ALTER TABLE "funder_refunds" DROP COLUMN "refund_transfer_id"`);
    await queryRunner.query(`DROP INDEX "public"."funder_refund_transfers_reference_unique"`);
    await queryRunner.query(`DROP INDEX "public"."funder_refund_transfers_open_unique"`);
    await queryRunner.query(`DROP INDEX "public"."funder_refund_transfers_programme_idx"`);
    await queryRunner.query(`DROP TABLE "funder_refund_transfers"`);
    await queryRunner.query(`DROP TYPE "public"."funder_refund_transfer_status"`);
  }
}
