/** The e-mail outbox (docs/adr/0010-outbox-and-periodic-jobs.md), single-use password links, and the forgotten-password request counters. */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MailOutboxAndPasswordLinks1796671454543 implements MigrationInterface {
  name = 'MailOutboxAndPasswordLinks1796671454543';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "password_reset_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_4aa83fc224280f3c94c3e214d65" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "password_reset_requests_created_idx" ON "password_reset_requests"("created_at")`);
    await queryRunner.query(`CREATE INDEX "password_reset_requests_key_idx" ON "password_reset_requests"("key", "created_at")`);
    await queryRunner.query(`CREATE TYPE "public"."password_token_purpose" AS ENUM('reset', 'first_password')`);
    await queryRunner.query(
      `CREATE TABLE "password_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "purpose" "public"."password_token_purpose" NOT NULL, "token_hash" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_816120c39410c02dabd34b8672b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "password_tokens_user_idx" ON "password_tokens"("user_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "password_tokens_token_hash_unique" ON "password_tokens"("token_hash")`);
    await queryRunner.query(`CREATE TYPE "public"."outbox_status" AS ENUM('pending', 'sent', 'failed')`);
    await queryRunner.query(
      `CREATE TABLE "outbox_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "recipient" text NOT NULL, "subject" text NOT NULL, "text_body" text NOT NULL, "html_body" text NOT NULL, "status" "public"."outbox_status" NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_0171348f527c64b137e4d4f5b66" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "outbox_messages_due_idx" ON "outbox_messages"("next_attempt_at") WHERE status = 'pending'`);
    await queryRunner.query(
      `ALTER TABLE "password_tokens" ADD CONSTRAINT "password_tokens_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "password_tokens" DROP CONSTRAINT "password_tokens_user_fk"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_messages_due_idx"`);
    await queryRunner.query(`DROP TABLE "outbox_messages"`);
    await queryRunner.query(`DROP TYPE "public"."outbox_status"`);
    await queryRunner.query(`DROP INDEX "public"."password_tokens_token_hash_unique"`);
    await queryRunner.query(`DROP INDEX "public"."password_tokens_user_idx"`);
    await queryRunner.query(`DROP TABLE "password_tokens"`);
    await queryRunner.query(`DROP TYPE "public"."password_token_purpose"`);
    await queryRunner.query(`DROP INDEX "public"."password_reset_requests_key_idx"`);
    await queryRunner.query(`DROP INDEX "public"."password_reset_requests_created_idx"`);
    await queryRunner.query(`DROP TABLE "password_reset_requests"`);
  }
}
