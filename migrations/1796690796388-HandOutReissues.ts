/** A lost booklet reissued: the anonymous link between the two hand-outs of the same person (docs/stock.md). */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class HandOutReissues1796690796388 implements MigrationInterface {
  name = 'HandOutReissues1796690796388';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "hand_out_reissues" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "distributor_organisation_id" uuid NOT NULL, "lost_hand_out_id" uuid NOT NULL, "new_hand_out_id" uuid NOT NULL, "lost_booklet_id" uuid NOT NULL, "new_booklet_id" uuid NOT NULL, "cheques_carried" integer NOT NULL, "surplus_cheques_cancelled" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c5297d006517708bdb2dc9e2cf0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "hand_out_reissues_distributor_idx" ON "hand_out_reissues"("distributor_organisation_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "hand_out_reissues_new_booklet_unique" ON "hand_out_reissues"("new_booklet_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "hand_out_reissues_lost_booklet_unique" ON "hand_out_reissues"("lost_booklet_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "hand_out_reissues_new_hand_out_unique" ON "hand_out_reissues"("new_hand_out_id")`);
    await queryRunner.query(
      `ALTER TABLE "hand_out_reissues" ADD CONSTRAINT "hand_out_reissues_distributor_fk" FOREIGN KEY ("distributor_organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "hand_out_reissues" ADD CONSTRAINT "hand_out_reissues_lost_hand_out_fk" FOREIGN KEY ("lost_hand_out_id") REFERENCES "hand_outs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "hand_out_reissues" ADD CONSTRAINT "hand_out_reissues_new_hand_out_fk" FOREIGN KEY ("new_hand_out_id") REFERENCES "hand_outs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "hand_out_reissues" ADD CONSTRAINT "hand_out_reissues_lost_booklet_fk" FOREIGN KEY ("lost_booklet_id") REFERENCES "booklets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "hand_out_reissues" ADD CONSTRAINT "hand_out_reissues_new_booklet_fk" FOREIGN KEY ("new_booklet_id") REFERENCES "booklets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "hand_out_reissues" DROP CONSTRAINT "hand_out_reissues_new_booklet_fk"`);
    await queryRunner.query(`ALTER TABLE "hand_out_reissues" DROP CONSTRAINT "hand_out_reissues_lost_booklet_fk"`);
    await queryRunner.query(`ALTER TABLE "hand_out_reissues" DROP CONSTRAINT "hand_out_reissues_new_hand_out_fk"`);
    await queryRunner.query(`ALTER TABLE "hand_out_reissues" DROP CONSTRAINT "hand_out_reissues_lost_hand_out_fk"`);
    await queryRunner.query(`ALTER TABLE "hand_out_reissues" DROP CONSTRAINT "hand_out_reissues_distributor_fk"`);
    await queryRunner.query(`DROP INDEX "public"."hand_out_reissues_new_hand_out_unique"`);
    await queryRunner.query(`DROP INDEX "public"."hand_out_reissues_lost_booklet_unique"`);
    await queryRunner.query(`DROP INDEX "public"."hand_out_reissues_new_booklet_unique"`);
    await queryRunner.query(`DROP INDEX "public"."hand_out_reissues_distributor_idx"`);
    await queryRunner.query(`DROP TABLE "hand_out_reissues"`);
  }
}
