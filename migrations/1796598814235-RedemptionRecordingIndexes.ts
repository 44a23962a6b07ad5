/**
 * Redemptions by recording time, and the undone ones by recording time: a settlement build takes its
 * sums over every redemption (the plain parallel GROUP BY) and subtracts, through these, the few
 * recorded after its cut-off and those undone, instead of testing both on each of the million rows.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RedemptionRecordingIndexes1796598814235 implements MigrationInterface {
  name = 'RedemptionRecordingIndexes1796598814235';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "redemptions_undone_recorded_idx" ON "redemptions"("recorded_at") WHERE "undone_at" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "redemptions_recorded_idx" ON "redemptions"("recorded_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."redemptions_recorded_idx"`);
    await queryRunner.query(`DROP INDEX "public"."redemptions_undone_recorded_idx"`);
  }
}
