/** Places in the national schema, their versioned catalogue, qualification, bank details and imports. */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Places1795434621100 implements MigrationInterface {
  name = 'Places1795434621100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."bank_details_status" AS ENUM('submitted', 'verified', 'rejected')`);
    await queryRunner.query(
      `CREATE TABLE "bank_details" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "iban" text NOT NULL, "bic" text NOT NULL, "account_holder" text NOT NULL, "status" "public"."bank_details_status" NOT NULL DEFAULT 'submitted', "proof_file_name" text, "proof_content_type" text, "proof" bytea, "submitted_by" uuid, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "reviewed_by" uuid, "reviewed_at" TIMESTAMP WITH TIME ZONE, "review_note" text, "superseded_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_ddbbcb9586b7f4d6124fe58f257" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "bank_details_organisation_idx" ON "bank_details"("organisation_id", "submitted_at")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "bank_details_current_unique" ON "bank_details"("organisation_id") WHERE "superseded_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "places" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "national_id" text NOT NULL, "organisation_id" uuid, "pivot" text NOT NULL, "nom" text NOT NULL, "commune" text NOT NULL, "code_postal" text NOT NULL, "code_insee" text, "adresse" text NOT NULL, "complement_adresse" text, "latitude" double precision, "longitude" double precision, "typologie" text array NOT NULL DEFAULT '{}', "telephone" text, "courriels" text array NOT NULL DEFAULT '{}', "site_web" text array NOT NULL DEFAULT '{}', "horaires" text, "presentation_resume" text, "presentation_detail" text, "source" text, "itinerance" text array NOT NULL DEFAULT '{}', "structure_parente" text, "date_maj" date NOT NULL, "services" text array NOT NULL DEFAULT '{}', "publics_specifiquement_adresses" text array NOT NULL DEFAULT '{}', "prise_en_charge_specifique" text array NOT NULL DEFAULT '{}', "frais_a_charge" text array NOT NULL DEFAULT '{}', "dispositif_programmes_nationaux" text array NOT NULL DEFAULT '{}', "formations_labels" text array NOT NULL DEFAULT '{}', "autres_formations_labels" text array NOT NULL DEFAULT '{}', "modalites_acces" text array NOT NULL DEFAULT '{}', "modalites_accompagnement" text array NOT NULL DEFAULT '{}', "fiche_acces_libre" text, "prise_rdv" text, "qualified_until" date, "qualification_referential_version" integer, "suspended_at" TIMESTAMP WITH TIME ZONE, "suspension_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "places_coordinates_pair" CHECK (("latitude" IS NULL) = ("longitude" IS NULL)), CONSTRAINT "places_coordinates_range" CHECK ("latitude" BETWEEN -90 AND 90 AND "longitude" BETWEEN -180 AND 180), CONSTRAINT "PK_1afab86e226b4c3bc9a74465c12" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "places_code_insee_idx" ON "places"("code_insee")`);
    await queryRunner.query(`CREATE INDEX "places_pivot_idx" ON "places"("pivot")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "places_national_id_unique" ON "places"("national_id")`);
    await queryRunner.query(`CREATE INDEX "places_organisation_idx" ON "places"("organisation_id")`);
    await queryRunner.query(
      `CREATE TYPE "public"."service_modality" AS ENUM('individual', 'collective_workshop', 'remote', 'self_service')`,
    );
    await queryRunner.query(
      `CREATE TABLE "catalogue_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "entry_id" uuid NOT NULL, "version" integer NOT NULL, "place_id" uuid NOT NULL, "name" text NOT NULL, "description" text, "category" text NOT NULL, "modality" "public"."service_modality" NOT NULL, "duration_minutes" integer NOT NULL, "price_in_cheques" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "retired_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "catalogue_entries_duration_positive" CHECK ("duration_minutes" BETWEEN 5 AND 1440), CONSTRAINT "catalogue_entries_price_positive" CHECK ("price_in_cheques" BETWEEN 1 AND 50), CONSTRAINT "PK_2c11e2cfb24ec84009e9e6a38bd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "catalogue_entries_place_idx" ON "catalogue_entries"("place_id")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "catalogue_entries_current_unique" ON "catalogue_entries"("entry_id") WHERE "retired_at" IS NULL`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "catalogue_entries_version_unique" ON "catalogue_entries"("entry_id", "version")`);
    await queryRunner.query(`CREATE TYPE "public"."place_import_status" AS ENUM('checked', 'applied', 'discarded')`);
    await queryRunner.query(
      `CREATE TABLE "place_imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "file_name" text NOT NULL, "status" "public"."place_import_status" NOT NULL DEFAULT 'checked', "row_count" integer NOT NULL, "valid_rows" jsonb NOT NULL, "valid_row_count" integer NOT NULL, "problems" jsonb NOT NULL, "created_count" integer, "updated_count" integer, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "applied_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6e4c2abe07a4f13e66372c0006d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "place_suspensions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "place_id" uuid NOT NULL, "reason" text NOT NULL, "suspended_at" TIMESTAMP WITH TIME ZONE NOT NULL, "suspended_by" uuid NOT NULL, "lifted_at" TIMESTAMP WITH TIME ZONE, "lifted_by" uuid, "lift_reason" text, CONSTRAINT "PK_e09bed8c804291d782a813ebb5b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "place_suspensions_open_unique" ON "place_suspensions"("place_id") WHERE "lifted_at" IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX "place_suspensions_place_idx" ON "place_suspensions"("place_id")`);
    await queryRunner.query(
      `CREATE TYPE "public"."qualification_application_status" AS ENUM('draft', 'submitted', 'changes_requested', 'qualified', 'rejected')`,
    );
    await queryRunner.query(
      `CREATE TABLE "qualification_applications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "place_id" uuid NOT NULL, "referential_version" integer NOT NULL, "status" "public"."qualification_application_status" NOT NULL DEFAULT 'draft', "answers" jsonb NOT NULL DEFAULT '{}', "submitted_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_405325e2a122c0e87cb320efb9b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "qualification_applications_open_unique" ON "qualification_applications"("place_id") WHERE "status" IN ('draft', 'submitted', 'changes_requested')`,
    );
    await queryRunner.query(`CREATE INDEX "qualification_applications_place_idx" ON "qualification_applications"("place_id")`);
    await queryRunner.query(`CREATE TYPE "public"."qualification_outcome" AS ENUM('qualified', 'changes_requested', 'rejected')`);
    await queryRunner.query(
      `CREATE TABLE "qualification_decisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "place_id" uuid NOT NULL, "referential_version" integer NOT NULL, "outcome" "public"."qualification_outcome" NOT NULL, "motivation" text NOT NULL, "scores" jsonb NOT NULL, "score_percent" integer NOT NULL, "reviewer_user_id" uuid NOT NULL, "valid_from" date, "valid_until" date, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_31b15858f24d5e7f9288d880cee" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "qualification_decisions_application_idx" ON "qualification_decisions"("application_id")`);
    await queryRunner.query(`CREATE INDEX "qualification_decisions_place_idx" ON "qualification_decisions"("place_id", "decided_at")`);
    await queryRunner.query(
      `CREATE TABLE "qualification_evidence" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "criterion_code" text NOT NULL, "file_name" text NOT NULL, "content_type" text NOT NULL, "size_bytes" integer NOT NULL, "sha256" text NOT NULL, "content" bytea NOT NULL, "uploaded_by" uuid, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e1d5c88f0b615e226505ad0ba68" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "qualification_evidence_application_idx" ON "qualification_evidence"("application_id")`);
    await queryRunner.query(
      `ALTER TABLE "bank_details" ADD CONSTRAINT "bank_details_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "places" ADD CONSTRAINT "places_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "catalogue_entries" ADD CONSTRAINT "catalogue_entries_place_fk" FOREIGN KEY ("place_id") REFERENCES "places"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "place_suspensions" ADD CONSTRAINT "place_suspensions_place_fk" FOREIGN KEY ("place_id") REFERENCES "places"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "qualification_applications" ADD CONSTRAINT "qualification_applications_place_fk" FOREIGN KEY ("place_id") REFERENCES "places"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "qualification_decisions" ADD CONSTRAINT "qualification_decisions_application_fk" FOREIGN KEY ("application_id") REFERENCES "qualification_applications"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "qualification_decisions" ADD CONSTRAINT "qualification_decisions_place_fk" FOREIGN KEY ("place_id") REFERENCES "places"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "qualification_evidence" ADD CONSTRAINT "qualification_evidence_application_fk" FOREIGN KEY ("application_id") REFERENCES "qualification_applications"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "qualification_evidence" DROP CONSTRAINT "qualification_evidence_application_fk"`);
    await queryRunner.query(`ALTER TABLE "qualification_decisions" DROP CONSTRAINT "qualification_decisions_place_fk"`);
    await queryRunner.query(`ALTER TABLE "qualification_decisions" DROP CONSTRAINT "qualification_decisions_application_fk"`);
    await queryRunner.query(`ALTER TABLE "qualification_applications" DROP CONSTRAINT "qualification_applications_place_fk"`);
    await queryRunner.query(`ALTER TABLE "place_suspensions" DROP CONSTRAINT "place_suspensions_place_fk"`);
    await queryRunner.query(`ALTER TABLE "catalogue_entries" DROP CONSTRAINT "catalogue_entries_place_fk"`);
    await queryRunner.query(`ALTER TABLE "places" DROP CONSTRAINT "places_organisation_fk"`);
    await queryRunner.query(`ALTER TABLE "bank_details" DROP CONSTRAINT "bank_details_organisation_fk"`);
    await queryRunner.query(`DROP INDEX "public"."qualification_evidence_application_idx"`);
    await queryRunner.query(`DROP TABLE "qualification_evidence"`);
    await queryRunner.query(`DROP INDEX "public"."qualification_decisions_place_idx"`);
    await queryRunner.query(`DROP INDEX "public"."qualification_decisions_application_idx"`);
    await queryRunner.query(`DROP TABLE "qualification_decisions"`);
    await queryRunner.query(`DROP TYPE "public"."qualification_outcome"`);
    await queryRunner.query(`DROP INDEX "public"."qualification_applications_place_idx"`);
    await queryRunner.query(`DROP INDEX "public"."qualification_applications_open_unique"`);
    await queryRunner.query(`DROP TABLE "qualification_applications"`);
    await queryRunner.query(`DROP TYPE "public"."qualification_application_status"`);
    await queryRunner.query(`DROP INDEX "public"."place_suspensions_place_idx"`);
    await queryRunner.query(`DROP INDEX "public"."place_suspensions_open_unique"`);
    await queryRunner.query(`DROP TABLE "place_suspensions"`);
    await queryRunner.query(`DROP TABLE "place_imports"`);
    await queryRunner.query(`DROP TYPE "public"."place_import_status"`);
    await queryRunner.query(`DROP INDEX "public"."catalogue_entries_version_unique"`);
    await queryRunner.query(`DROP INDEX "public"."catalogue_entries_current_unique"`);
    await queryRunner.query(`DROP INDEX "public"."catalogue_entries_place_idx"`);
    await queryRunner.query(`DROP TABLE "catalogue_entries"`);
    await queryRunner.query(`DROP TYPE "public"."service_modality"`);
    await queryRunner.query(`DROP INDEX "public"."places_organisation_idx"`);
    await queryRunner.query(`DROP INDEX "public"."places_national_id_unique"`);
    await queryRunner.query(`DROP INDEX "public"."places_pivot_idx"`);
    await queryRunner.query(`DROP INDEX "public"."places_code_insee_idx"`);
    await queryRunner.query(`DROP TABLE "places"`);
    await queryRunner.query(`DROP INDEX "public"."bank_details_current_unique"`);
    await queryRunner.query(`DROP INDEX "public"."bank_details_organisation_idx"`);
    await queryRunner.query(`DROP TABLE "bank_details"`);
    await queryRunner.query(`DROP TYPE "public"."bank_details_status"`);
  }
}
