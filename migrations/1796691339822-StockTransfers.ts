/** Transfers of booklets between distributors of a programme, asked by one, decided by the funder or the operator (docs/stock.md). */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StockTransfers1796691339822 implements MigrationInterface {
  name = 'StockTransfers1796691339822';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "stock_transfers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "programme_id" uuid NOT NULL, "from_distributor_organisation_id" uuid NOT NULL, "to_distributor_organisation_id" uuid NOT NULL, "booklet_ids" uuid array NOT NULL, "moved_booklet_ids" uuid array, "status" text NOT NULL DEFAULT 'pending', "reason" text, "requested_by_user_id" uuid NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decided_by_user_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_note" text, CONSTRAINT "stock_transfers_other_distributor" CHECK ("from_distributor_organisation_id" <> "to_distributor_organisation_id"), CONSTRAINT "stock_transfers_status_check" CHECK ("status" IN ('pending', 'approved', 'refused')), CONSTRAINT "PK_ef738a3a4a578c7f1802c1bb50a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "stock_transfers_to_idx" ON "stock_transfers"("to_distributor_organisation_id")`);
    await queryRunner.query(`CREATE INDEX "stock_transfers_from_idx" ON "stock_transfers"("from_distributor_organisation_id")`);
    await queryRunner.query(`CREATE INDEX "stock_transfers_programme_status_idx" ON "stock_transfers"("programme_id", "status")`);
    await queryRunner.query(
      `ALTER TABLE "stock_transfers" ADD CONSTRAINT "stock_transfers_programme_fk" FOREIGN KEY ("programme_id") REFERENCES "programmes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "stock_transfers" ADD CONSTRAINT "stock_transfers_from_fk" FOREIGN KEY ("from_distributor_organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "stock_transfers" ADD CONSTRAINT "stock_transfers_to_fk" FOREIGN KEY ("to_distributor_organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stock_transfers" DROP CONSTRAINT "stock_transfers_to_fk"`);
    await queryRunner.query(`ALTER TABLE "stock_transfers" DROP CONSTRAINT "stock_transfers_from_fk"`);
    await queryRunner.query(`ALTER TABLE "stock_transfers" DROP CONSTRAINT "stock_transfers_programme_fk"`);
    await queryRunner.query(`DROP INDEX "public"."stock_transfers_programme_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."stock_transfers_from_idx"`);
    await queryRunner.query(`DROP INDEX "public"."stock_transfers_to_idx"`);
    await queryRunner.query(`DROP TABLE "stock_transfers"`);
  }
}
