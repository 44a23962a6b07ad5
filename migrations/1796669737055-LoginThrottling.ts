/** Login throttling shared by every API process: failure counters per address, account and device; the known devices (device cookies). */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LoginThrottling1796669737055 implements MigrationInterface {
  name = 'LoginThrottling1796669737055';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "known_devices" ("token_hash" bytea NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_1d73099b4806241316e6d6c852e" PRIMARY KEY ("token_hash", "user_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "known_devices_expires_idx" ON "known_devices"("expires_at")`);
    await queryRunner.query(`CREATE INDEX "known_devices_user_idx" ON "known_devices"("user_id")`);
    await queryRunner.query(
      `CREATE TYPE "public"."login_counter_scope" AS ENUM('address', 'account_and_address', 'account', 'known_device')`,
    );
    await queryRunner.query(
      `CREATE TABLE "login_attempt_counters" ("key" bytea NOT NULL, "scope" "public"."login_counter_scope" NOT NULL, "failures" integer NOT NULL, "window_ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_21385188d31ae40f99ba0cd7d05" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(`CREATE INDEX "login_attempt_counters_window_ends_idx" ON "login_attempt_counters"("window_ends_at")`);
    await queryRunner.query(
      `ALTER TABLE "known_devices" ADD CONSTRAINT "known_devices_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "known_devices" DROP CONSTRAINT "known_devices_user_fk"`);
    await queryRunner.query(`DROP INDEX "public"."login_attempt_counters_window_ends_idx"`);
    await queryRunner.query(`DROP TABLE "login_attempt_counters"`);
    await queryRunner.query(`DROP TYPE "public"."login_counter_scope"`);
    await queryRunner.query(`DROP INDEX "public"."known_devices_user_idx"`);
    await queryRunner.query(`DROP INDEX "public"."known_devices_expires_idx"`);
    await queryRunner.query(`DROP TABLE "known_devices"`);
  }
}
