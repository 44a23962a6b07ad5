/** Settlement batches can be cancelled before the export: who, when and why; a 'cancelled' status for batches and their lines, which no longer hold their redemptions nor their cut-off. */
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The enums are rebuilt rather than extended (ALTER TYPE … ADD VALUE): a value added that way may
 * not be used before the transaction commits, and the new partial index names 'cancelled'.
 */
export class SettlementCancellation1795456612017 implements MigrationInterface {
  name = 'SettlementCancellation1795456612017';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "settlement_batches" ADD "cancelled_by" uuid`);
    await queryRunner.query(`ALTER TABLE "settlement_batches" ADD "cancelled_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "settlement_batches" ADD "cancellation_reason" text`);
    await queryRunner.query(`ALTER TABLE "settlement_lines" DROP CONSTRAINT "settlement_lines_covered_once"`);
    await queryRunner.query(`DROP INDEX "public"."settlement_batches_cut_off_unique"`);
    await replaceEnum(
      queryRunner,
      'settlement_batches',
      'settlement_batch_status',
      ['draft', 'approved', 'exported', 'paid', 'cancelled'],
      'draft',
    );
    await replaceEnum(queryRunner, 'settlement_lines', 'settlement_line_status', ['pending', 'paid', 'rejected', 'cancelled'], 'pending');
    // One batch per cut-off among those not cancelled; a redemption in at most one live line.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "settlement_batches_cut_off_unique" ON "settlement_batches"("cut_off") WHERE "status" <> 'cancelled'`,
    );
    await queryRunner.query(
      `ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_covered_once" EXCLUDE USING gist ("organisation_id" WITH =, "covered" WITH &&) WHERE ("status" IN ('pending', 'paid'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The schema without cancellation cannot hold cancelled batches: they go (they moved no money and
    // booked nothing in the ledger; the audit trail keeps their record), and their redemptions stay due.
    await queryRunner.query(
      `DELETE FROM settlement_lines WHERE batch_id IN (SELECT id FROM settlement_batches WHERE status = 'cancelled')`,
    );
    await queryRunner.query(
      `DELETE FROM settlement_carry_overs WHERE batch_id IN (SELECT id FROM settlement_batches WHERE status = 'cancelled')`,
    );
    await queryRunner.query(`DELETE FROM settlement_batches WHERE status = 'cancelled'`);
    await queryRunner.query(`ALTER TABLE "settlement_lines" DROP CONSTRAINT "settlement_lines_covered_once"`);
    await queryRunner.query(`DROP INDEX "public"."settlement_batches_cut_off_unique"`);
    await replaceEnum(queryRunner, 'settlement_lines', 'settlement_line_status', ['pending', 'paid', 'rejected'], 'pending');
    await replaceEnum(queryRunner, 'settlement_batches', 'settlement_batch_status', ['draft', 'approved', 'exported', 'paid'], 'draft');
    await queryRunner.query(`CREATE UNIQUE INDEX "settlement_batches_cut_off_unique" ON "settlement_batches"("cut_off")`);
    await queryRunner.query(
      `ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_covered_once" EXCLUDE USING gist ("organisation_id" WITH =, "covered" WITH &&) WHERE ("status" <> 'rejected')`,
    );
    await queryRunner.query(`ALTER TABLE "settlement_batches" DROP COLUMN "cancellation_reason"`);
    await queryRunner.query(`ALTER TABLE "settlement_batches" DROP COLUMN "cancelled_at"`);
    await queryRunner.query(`ALTER TABLE "settlement_batches" DROP COLUMN "cancelled_by"`);
  }
}

/** The table's "status" column gets a new enum type of that name with these values (existing values kept). */
async function replaceEnum(queryRunner: QueryRunner, table: string, type: string, values: string[], defaultValue: string): Promise<void> {
  const list = values.map((value) => `'${value}'`).join(', ');
  await queryRunner.query(`ALTER TYPE "public"."${type}" RENAME TO "${type}_old"`);
  await queryRunner.query(`CREATE TYPE "public"."${type}" AS ENUM(${list})`);
  await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "status" DROP DEFAULT`);
  await queryRunner.query(
    `ALTER TABLE "${table}" ALTER COLUMN "status" TYPE "public"."${type}" USING "status"::"text"::"public"."${type}"`,
  );
  await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "status" SET DEFAULT '${defaultValue}'`);
  await queryRunner.query(`DROP TYPE "public"."${type}_old"`);
}
