import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BankStatements1796684087772 implements MigrationInterface {
  name = 'BankStatements1796684087772';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "bank_statement_files" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sha256" text NOT NULL, "kind" text NOT NULL, "message_id" text NOT NULL, "file_name" text NOT NULL, "entry_count" integer NOT NULL, "ignored_count" integer NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, "imported_by" uuid, "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f6c6f925f8f704c439770318b71" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "bank_statement_files_hash_unique" ON "bank_statement_files"("sha256")`);
    await queryRunner.query(
      `CREATE TABLE "bank_statement_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "file_id" uuid NOT NULL, "entry_key" text NOT NULL, "outcome" text NOT NULL, "status" text NOT NULL, "end_to_end_id" text, "amount_cents" bigint, "booking_date" date NOT NULL, "bank_reference" text NOT NULL, "reason_code" text, "information" text, "line_id" uuid, "problem" text, "handled_by" uuid, "handled_at" TIMESTAMP WITH TIME ZONE, "handled_note" text, CONSTRAINT "PK_6706ef29f8c23cabf64498274a9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "bank_statement_entries_unmatched_idx" ON "bank_statement_entries"("booking_date") WHERE status = 'unmatched'`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "bank_statement_entries_key_unique" ON "bank_statement_entries"("entry_key")`);
    await queryRunner.query(
      `ALTER TABLE "bank_statement_entries" ADD CONSTRAINT "bank_statement_entries_file_fk" FOREIGN KEY ("file_id") REFERENCES "bank_statement_files"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "bank_statement_entries" DROP CONSTRAINT "bank_statement_entries_file_fk"`);
    await queryRunner.query(`DROP INDEX "public"."bank_statement_entries_key_unique"`);
    await queryRunner.query(`DROP INDEX "public"."bank_statement_entries_unmatched_idx"`);
    await queryRunner.query(`DROP TABLE "bank_statement_entries"`);
    await queryRunner.query(`DROP INDEX "public"."bank_statement_files_hash_unique"`);
    await queryRunner.query(`DROP TABLE "bank_statement_files"`);
  }
}
