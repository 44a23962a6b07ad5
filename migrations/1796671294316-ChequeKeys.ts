/** Cheque keys across instances (docs/adr/0012-cheque-keys-across-instances.md): the fingerprints every API process must share. */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ChequeKeys1796671294316 implements MigrationInterface {
  name = 'ChequeKeys1796671294316';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "cheque_keys" ("kid" text NOT NULL, "purpose" text NOT NULL, "public_key" text, "fingerprint" text NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "retired_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "cheque_keys_public_key_check" CHECK (("purpose" = 'signing') = ("public_key" IS NOT NULL)), CONSTRAINT "cheque_keys_purpose_check" CHECK ("purpose" IN ('signing', 'code')), CONSTRAINT "PK_175861efa044bb81f1afbe96e7b" PRIMARY KEY ("kid"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "cheque_keys_one_current_signing_key" ON "cheque_keys"("purpose") WHERE "retired_at" IS NULL`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "cheque_keys_fingerprint_key" ON "cheque_keys"("fingerprint")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."cheque_keys_fingerprint_key"`);
    await queryRunner.query(`DROP INDEX "public"."cheque_keys_one_current_signing_key"`);
    await queryRunner.query(`DROP TABLE "cheque_keys"`);
  }
}
