import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AnomalyHolds1796691141859 implements MigrationInterface {
  name = 'AnomalyHolds1796691141859';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "anomaly_scans" ("id" BIGSERIAL NOT NULL, "scanned_from" TIMESTAMP WITH TIME ZONE, "scanned_until" TIMESTAMP WITH TIME ZONE NOT NULL, "redemption_count" integer NOT NULL, "held_count" integer NOT NULL, "trigger" text NOT NULL, "ran_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8115a489ad9f52b58477c5e7a81" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "anomaly_scans_until_idx" ON "anomaly_scans"("scanned_until")`);
    await queryRunner.query(`CREATE TYPE "public"."redemption_hold_status" AS ENUM('held', 'rejection_proposed', 'released', 'rejected')`);
    await queryRunner.query(
      `CREATE TABLE "redemption_holds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "redemption_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "reasons" jsonb NOT NULL, "status" "public"."redemption_hold_status" NOT NULL DEFAULT 'held', "flagged_at" TIMESTAMP WITH TIME ZONE NOT NULL, "released_by" uuid, "released_at" TIMESTAMP WITH TIME ZONE, "release_note" text, "rejection_reason" text, "rejection_proposed_by" uuid, "rejection_proposed_at" TIMESTAMP WITH TIME ZONE, "rejected_by" uuid, "rejected_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "redemption_holds_four_eyes" CHECK ("rejected_by" IS NULL OR "rejected_by" IS DISTINCT FROM "rejection_proposed_by"), CONSTRAINT "PK_c43cfecef90db6cffd700845ddc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "redemption_holds_status_idx" ON "redemption_holds"("status", "flagged_at")`);
    await queryRunner.query(
      `CREATE INDEX "redemption_holds_holding_idx" ON "redemption_holds"("organisation_id") WHERE "status" IN ('held', 'rejection_proposed')`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "redemption_holds_redemption_unique" ON "redemption_holds"("redemption_id")`);
    await queryRunner.query(
      `ALTER TABLE "redemption_holds" ADD CONSTRAINT "redemption_holds_redemption_fk" FOREIGN KEY ("redemption_id") REFERENCES "redemptions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "redemption_holds" ADD CONSTRAINT "redemption_holds_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "redemption_holds" DROP CONSTRAINT "redemption_holds_organisation_fk"`);
    await queryRunner.query(`ALTER TABLE "redemption_holds" DROP CONSTRAINT "redemption_holds_redemption_fk"`);
    await queryRunner.query(`DROP INDEX "public"."redemption_holds_redemption_unique"`);
    await queryRunner.query(`DROP INDEX "public"."redemption_holds_holding_idx"`);
    await queryRunner.query(`DROP INDEX "public"."redemption_holds_status_idx"`);
    await queryRunner.query(`DROP TABLE "redemption_holds"`);
    await queryRunner.query(`DROP TYPE "public"."redemption_hold_status"`);
    await queryRunner.query(`DROP INDEX "public"."anomaly_scans_until_idx"`);
    await queryRunner.query(`DROP TABLE "anomaly_scans"`);
  }
}
