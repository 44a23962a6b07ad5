import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationCatalogue1796680046172 implements MigrationInterface {
  name = 'NotificationCatalogue1796680046172';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notification_opt_outs" ("user_id" uuid NOT NULL, "kind" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "notification_opt_outs_pk" PRIMARY KEY ("user_id", "kind"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_sends" ("kind" text NOT NULL, "subject_id" uuid NOT NULL, "occasion" text NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "notification_sends_pk" PRIMARY KEY ("kind", "subject_id", "occasion"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_opt_outs" ADD CONSTRAINT "notification_opt_outs_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notification_opt_outs" DROP CONSTRAINT "notification_opt_outs_user_fk"`);
    await queryRunner.query(`DROP TABLE "notification_sends"`);
    await queryRunner.query(`DROP TABLE "notification_opt_outs"`);
  }
}
