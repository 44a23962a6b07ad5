/** Redemptions (cheques spent at places), idempotency answers, beneficiaries' feedback, invalid-code counts. */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Redemption1795439867290 implements MigrationInterface {
  name = 'Redemption1795439867290';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "cheque_code_failures" ("id" BIGSERIAL NOT NULL, "agent_key" text NOT NULL, "organisation_id" uuid NOT NULL, "reason" text NOT NULL, "ip" text, "failed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_79ac5ca91c9a78d91403e0c2e43" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "cheque_code_failures_agent_time_idx" ON "cheque_code_failures"("agent_key", "failed_at")`);
    await queryRunner.query(
      `CREATE TABLE "cheque_feedback" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cheque_id" bigint NOT NULL, "place_id" uuid NOT NULL, "rating" smallint NOT NULL, "learned" boolean NOT NULL, "solved" boolean NOT NULL, "will_return" boolean NOT NULL, "given_on" date NOT NULL, CONSTRAINT "cheque_feedback_rating_range" CHECK ("rating" BETWEEN 1 AND 5), CONSTRAINT "PK_ac845703fd84a4c0d1da36b9c31" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "cheque_feedback_place_idx" ON "cheque_feedback"("place_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "cheque_feedback_cheque_unique" ON "cheque_feedback"("cheque_id")`);
    await queryRunner.query(
      `CREATE TABLE "idempotency_records" ("organisation_id" uuid NOT NULL, "key" text NOT NULL, "operation" text NOT NULL, "request_hash" bytea NOT NULL, "response_status" integer NOT NULL, "response_body" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_821d179e72558a0f14b6f355534" PRIMARY KEY ("organisation_id", "key"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."redemption_channel" AS ENUM('online', 'offline')`);
    await queryRunner.query(
      `CREATE TABLE "redemptions" ("id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "place_id" uuid NOT NULL, "catalogue_entry_id" uuid NOT NULL, "cheque_count" integer NOT NULL, "amount_cents" bigint NOT NULL, "channel" "public"."redemption_channel" NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "agent_user_id" uuid, "agent_api_token_id" uuid, "undone_at" TIMESTAMP WITH TIME ZONE, "undone_by" uuid, "undo_reason" text, CONSTRAINT "redemptions_one_agent" CHECK (("agent_user_id" IS NULL) <> ("agent_api_token_id" IS NULL)), CONSTRAINT "redemptions_amount_positive" CHECK ("amount_cents" > 0 AND "cheque_count" > 0), CONSTRAINT "PK_def143ab94376fea5985bb04219" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "redemptions_organisation_time_idx" ON "redemptions"("organisation_id", "occurred_at")`);
    await queryRunner.query(`CREATE INDEX "redemptions_place_time_idx" ON "redemptions"("place_id", "occurred_at")`);
    await queryRunner.query(
      `CREATE TABLE "redemption_cheques" ("redemption_id" uuid NOT NULL, "cheque_id" bigint NOT NULL, "programme_id" uuid NOT NULL, "face_value_cents" integer NOT NULL, "masked_code" text NOT NULL, "released_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6dc574d30a77f29873ad0803e7e" PRIMARY KEY ("redemption_id", "cheque_id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "redemption_cheques_active_unique" ON "redemption_cheques"("cheque_id") WHERE "released_at" IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "cheque_feedback" ADD CONSTRAINT "cheque_feedback_cheque_fk" FOREIGN KEY ("cheque_id") REFERENCES "cheques"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cheque_feedback" ADD CONSTRAINT "cheque_feedback_place_fk" FOREIGN KEY ("place_id") REFERENCES "places"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_place_fk" FOREIGN KEY ("place_id") REFERENCES "places"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_catalogue_entry_fk" FOREIGN KEY ("catalogue_entry_id") REFERENCES "catalogue_entries"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "redemption_cheques" ADD CONSTRAINT "redemption_cheques_redemption_fk" FOREIGN KEY ("redemption_id") REFERENCES "redemptions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "redemption_cheques" ADD CONSTRAINT "redemption_cheques_cheque_fk" FOREIGN KEY ("cheque_id") REFERENCES "cheques"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "redemption_cheques" DROP CONSTRAINT "redemption_cheques_cheque_fk"`);
    await queryRunner.query(`ALTER TABLE "redemption_cheques" DROP CONSTRAINT "redemption_cheques_redemption_fk"`);
    await queryRunner.query(`ALTER TABLE "redemptions" DROP CONSTRAINT "redemptions_catalogue_entry_fk"`);
    await queryRunner.query(`ALTER TABLE "redemptions" DROP CONSTRAINT "redemptions_place_fk"`);
    await queryRunner.query(`ALTER TABLE "redemptions" DROP CONSTRAINT "redemptions_organisation_fk"`);
    await queryRunner.query(`ALTER TABLE "cheque_feedback" DROP CONSTRAINT "cheque_feedback_place_fk"`);
    await queryRunner.query(`ALTER TABLE "cheque_feedback" DROP CONSTRAINT "cheque_feedback_cheque_fk"`);
    await queryRunner.query(`DROP INDEX "public"."redemption_cheques_active_unique"`);
    await queryRunner.query(`DROP TABLE "redemption_cheques"`);
    await queryRunner.query(`DROP INDEX "public"."redemptions_place_time_idx"`);
    await queryRunner.query(`DROP INDEX "public"."redemptions_organisation_time_idx"`);
    await queryRunner.query(`DROP TABLE "redemptions"`);
    await queryRunner.query(`DROP TYPE "public"."redemption_channel"`);
    await queryRunner.query(`DROP TABLE "idempotency_records"`);
    await queryRunner.query(`DROP INDEX "public"."cheque_feedback_cheque_unique"`);
    await queryRunner.query(`DROP INDEX "public"."cheque_feedback_place_idx"`);
    await queryRunner.query(`DROP TABLE "cheque_feedback"`);
    await queryRunner.query(`DROP INDEX "public"."cheque_code_failures_agent_time_idx"`);
    await queryRunner.query(`DROP TABLE "cheque_code_failures"`);
  }
}
