/** Hand-outs of cheques to people, with an anonymous profile only; cheques point to their hand-out. */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class HandOuts1795428219451 implements MigrationInterface {
  name = 'HandOuts1795428219451';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "hand_outs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "distributor_organisation_id" uuid NOT NULL, "recorded_by_user_id" uuid NOT NULL, "handed_out_on" date NOT NULL, "age_band" text, "situation" text, "commune_code" text, "needs" text array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c640072e9e963e9df8c4fdbfa06" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "hand_outs_distributor_idx" ON "hand_outs"("distributor_organisation_id", "handed_out_on")`);
    await queryRunner.query(`ALTER TABLE "cheques" ADD "hand_out_id" uuid`);
    await queryRunner.query(`CREATE INDEX "cheques_hand_out_idx" ON "cheques"("hand_out_id")`);
    await queryRunner.query(`CREATE INDEX "cheques_booklet_status_idx" ON "cheques"("booklet_id", "status")`);
    await queryRunner.query(
      `ALTER TABLE "hand_outs" ADD CONSTRAINT "hand_outs_distributor_fk" FOREIGN KEY ("distributor_organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cheques" ADD CONSTRAINT "cheques_hand_out_fk" FOREIGN KEY ("hand_out_id") REFERENCES "hand_outs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cheques" DROP CONSTRAINT "cheques_hand_out_fk"`);
    await queryRunner.query(`ALTER TABLE "hand_outs" DROP CONSTRAINT "hand_outs_distributor_fk"`);
    await queryRunner.query(`DROP INDEX "public"."cheques_booklet_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."cheques_hand_out_idx"`);
    await queryRunner.query(`ALTER TABLE "cheques" DROP COLUMN "hand_out_id"`);
    await queryRunner.query(`DROP INDEX "public"."hand_outs_distributor_idx"`);
    await queryRunner.query(`DROP TABLE "hand_outs"`);
  }
}
