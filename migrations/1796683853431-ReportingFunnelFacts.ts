import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReportingFunnelFacts1796683853431 implements MigrationInterface {
  name = 'ReportingFunnelFacts1796683853431';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "reporting_funnel_facts" ("id" BIGSERIAL NOT NULL, "programme_id" uuid NOT NULL, "day" date NOT NULL, "distributor_id" uuid, "handed_out" boolean NOT NULL, "commune_code" text NOT NULL DEFAULT '', "age_band" text NOT NULL DEFAULT '', "delay_days" integer NOT NULL DEFAULT '-1', "bought" integer NOT NULL DEFAULT '0', "allocated" integer NOT NULL DEFAULT '0', "booklets" integer NOT NULL DEFAULT '0', "first_used" integer NOT NULL DEFAULT '0', "fully_used" integer NOT NULL DEFAULT '0', "expired" integer NOT NULL DEFAULT '0', "handed_out_cents" bigint NOT NULL DEFAULT '0', "used_cents" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_17f9f5641e30af3c2082c7f52f6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "reporting_funnel_facts_distributor_idx" ON "reporting_funnel_facts"("distributor_id", "day")`);
    await queryRunner.query(`CREATE INDEX "reporting_funnel_facts_programme_idx" ON "reporting_funnel_facts"("programme_id", "day")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."reporting_funnel_facts_programme_idx"`);
    await queryRunner.query(`DROP INDEX "public"."reporting_funnel_facts_distributor_idx"`);
    await queryRunner.query(`DROP TABLE "reporting_funnel_facts"`);
  }
}
