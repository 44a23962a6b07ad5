/** Programmes (funders' orders), booklets and cheques (codes stored hashed and encrypted, never in clear). */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Cheques1795427842386 implements MigrationInterface {
  name = 'Cheques1795427842386';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."programme_status" AS ENUM('draft', 'ordered', 'funded', 'active', 'closed')`);
    await queryRunner.query(
      `CREATE TABLE "programmes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "funder_organisation_id" uuid NOT NULL, "name" text NOT NULL, "status" "public"."programme_status" NOT NULL DEFAULT 'draft', "face_value_cents" integer NOT NULL, "cheques_per_booklet" integer NOT NULL, "booklet_count" integer NOT NULL, "valid_from" date NOT NULL, "valid_until" date NOT NULL, "grace_days" integer NOT NULL, "territory_codes" text array NOT NULL, "eligible_services" text array NOT NULL, "cover_title" text, "cover_text" text, "cover_logo" bytea, "cover_logo_type" text, "operator_fee_basis_points" integer, "funding_amount_cents" bigint, "funding_received_on" date, "funding_reference" text, "created_by_user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "ordered_at" TIMESTAMP WITH TIME ZONE, "funded_at" TIMESTAMP WITH TIME ZONE, "activated_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "programmes_grace_not_negative" CHECK ("grace_days" >= 0), CONSTRAINT "programmes_validity_order" CHECK ("valid_until" >= "valid_from"), CONSTRAINT "programmes_booklet_count_positive" CHECK ("booklet_count" > 0), CONSTRAINT "programmes_booklet_size" CHECK ("cheques_per_booklet" BETWEEN 1 AND 50), CONSTRAINT "programmes_face_value_positive" CHECK ("face_value_cents" > 0), CONSTRAINT "PK_116b5f8dbb9f632d76bc144404f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "programmes_code_unique" ON "programmes"("code")`);
    await queryRunner.query(`CREATE INDEX "programmes_funder_idx" ON "programmes"("funder_organisation_id")`);
    await queryRunner.query(
      `CREATE TABLE "booklets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "programme_id" uuid NOT NULL, "number" integer NOT NULL, "serial" text NOT NULL, "distributor_organisation_id" uuid, "allocated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_3e1b79d3628cfdb31a8a6ebd528" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "booklets_distributor_idx" ON "booklets"("distributor_organisation_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "booklets_serial_unique" ON "booklets"("serial")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "booklets_programme_number_unique" ON "booklets"("programme_id", "number")`);
    await queryRunner.query(
      `CREATE TYPE "public"."cheque_status" AS ENUM('issued', 'distributed', 'redeemed', 'settled', 'cancelled', 'expired')`,
    );
    await queryRunner.query(
      `CREATE TABLE "cheques" ("id" BIGSERIAL NOT NULL, "programme_id" uuid NOT NULL, "booklet_id" uuid NOT NULL, "position" integer NOT NULL, "code_hash" bytea NOT NULL, "code_ciphertext" bytea NOT NULL, "signature" bytea NOT NULL, "signing_key_id" text NOT NULL, "status" "public"."cheque_status" NOT NULL DEFAULT 'issued', "distributed_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancel_reason" text, "expired_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "cheques_signature_length" CHECK (octet_length("signature") = 64), CONSTRAINT "PK_b87771b4d5f52b7e5bf4498e912" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "cheques_programme_status_idx" ON "cheques"("programme_id", "status")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "cheques_booklet_position_unique" ON "cheques"("booklet_id", "position")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "cheques_code_hash_unique" ON "cheques"("code_hash")`);
    await queryRunner.query(
      `ALTER TABLE "programmes" ADD CONSTRAINT "programmes_funder_fk" FOREIGN KEY ("funder_organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "booklets" ADD CONSTRAINT "booklets_programme_fk" FOREIGN KEY ("programme_id") REFERENCES "programmes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "booklets" ADD CONSTRAINT "booklets_distributor_fk" FOREIGN KEY ("distributor_organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cheques" ADD CONSTRAINT "cheques_programme_fk" FOREIGN KEY ("programme_id") REFERENCES "programmes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cheques" ADD CONSTRAINT "cheques_booklet_fk" FOREIGN KEY ("booklet_id") REFERENCES "booklets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cheques" DROP CONSTRAINT "cheques_booklet_fk"`);
    await queryRunner.query(`ALTER TABLE "cheques" DROP CONSTRAINT "cheques_programme_fk"`);
    await queryRunner.query(`ALTER TABLE "booklets" DROP CONSTRAINT "booklets_distributor_fk"`);
    await queryRunner.query(`ALTER TABLE "booklets" DROP CONSTRAINT "booklets_programme_fk"`);
    await queryRunner.query(`ALTER TABLE "programmes" DROP CONSTRAINT "programmes_funder_fk"`);
    await queryRunner.query(`DROP INDEX "public"."cheques_code_hash_unique"`);
    await queryRunner.query(`DROP INDEX "public"."cheques_booklet_position_unique"`);
    await queryRunner.query(`DROP INDEX "public"."cheques_programme_status_idx"`);
    await queryRunner.query(`DROP TABLE "cheques"`);
    await queryRunner.query(`DROP TYPE "public"."cheque_status"`);
    await queryRunner.query(`DROP INDEX "public"."booklets_programme_number_unique"`);
    await queryRunner.query(`DROP INDEX "public"."booklets_serial_unique"`);
    await queryRunner.query(`DROP INDEX "public"."booklets_distributor_idx"`);
    await queryRunner.query(`DROP TABLE "booklets"`);
    await queryRunner.query(`DROP INDEX "public"."programmes_funder_idx"`);
    await queryRunner.query(`DROP INDEX "public"."programmes_code_unique"`);
    await queryRunner.query(`DROP TABLE "programmes"`);
    await queryRunner.query(`DROP TYPE "public"."programme_status"`);
  }
}
