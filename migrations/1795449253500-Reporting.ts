/** Reporting rollups recomputed from the raw tables: cheque facts per programme, day and breakdown; people per programme, hand-out day and breakdown; the time of the last refresh. */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Reporting1795449253500 implements MigrationInterface {
  name = 'Reporting1795449253500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "reporting_facts" ("id" BIGSERIAL NOT NULL, "breakdown" text NOT NULL, "measure" text NOT NULL, "programme_id" uuid NOT NULL, "day" date NOT NULL, "place_id" uuid, "category" text, "modality" text, "distributor_id" uuid, "cheques" integer NOT NULL, "amount_cents" bigint NOT NULL, "settled_cheques" integer NOT NULL DEFAULT '0', "settled_amount_cents" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_f86086c3d4dc8b620007276c7a7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "reporting_facts_day_idx" ON "reporting_facts"("breakdown", "measure", "day")`);
    await queryRunner.query(
      `CREATE INDEX "reporting_facts_programme_idx" ON "reporting_facts"("programme_id", "breakdown", "measure", "day")`,
    );
    await queryRunner.query(
      `CREATE TABLE "reporting_people_facts" ("id" BIGSERIAL NOT NULL, "breakdown" text NOT NULL, "programme_id" uuid NOT NULL, "handed_out_on" date NOT NULL, "age_band" text, "situation" text, "commune_code" text, "delay_days" integer, "people" integer NOT NULL, "cheques" integer NOT NULL DEFAULT '0', "used_cheques" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_988bc83648b726c0f3c6f02b596" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "reporting_people_facts_day_idx" ON "reporting_people_facts"("breakdown", "handed_out_on")`);
    await queryRunner.query(
      `CREATE INDEX "reporting_people_facts_programme_idx" ON "reporting_people_facts"("programme_id", "breakdown", "handed_out_on")`,
    );
    await queryRunner.query(
      `CREATE TABLE "reporting_refreshes" ("id" integer NOT NULL, "refreshed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "duration_ms" integer NOT NULL, CONSTRAINT "reporting_refreshes_single_row" CHECK ("id" = 1), CONSTRAINT "PK_afe6c46941cc8f5136e40fc39e5" PRIMARY KEY ("id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "reporting_refreshes"`);
    await queryRunner.query(`DROP INDEX "public"."reporting_people_facts_programme_idx"`);
    await queryRunner.query(`DROP INDEX "public"."reporting_people_facts_day_idx"`);
    await queryRunner.query(`DROP TABLE "reporting_people_facts"`);
    await queryRunner.query(`DROP INDEX "public"."reporting_facts_programme_idx"`);
    await queryRunner.query(`DROP INDEX "public"."reporting_facts_day_idx"`);
    await queryRunner.query(`DROP TABLE "reporting_facts"`);
  }
}
