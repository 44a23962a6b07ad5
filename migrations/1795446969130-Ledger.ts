/**
 * The double-entry ledger (journal entries, postings, funder refunds): append-only and balanced per
 * entry, both enforced by triggers; then a backfill of the entries of data that already exists.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Ledger1795446969130 implements MigrationInterface {
  name = 'Ledger1795446969130';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "funder_refunds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "programme_id" uuid NOT NULL, "funder_organisation_id" uuid NOT NULL, "amount_cents" bigint NOT NULL, "paid_on" date NOT NULL, "bank_reference" text NOT NULL, "recorded_by_user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "funder_refunds_amount_positive" CHECK ("amount_cents" > 0), CONSTRAINT "PK_3a1e6e9427540c184ade1be955f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "funder_refunds_programme_idx" ON "funder_refunds"("programme_id")`);
    await queryRunner.query(
      `CREATE TYPE "public"."ledger_entry_kind" AS ENUM('programme_funded', 'redemption', 'redemption_undone', 'cheques_expired', 'cheques_cancelled', 'refund_paid', 'settlement_paid', 'settlement_rejected')`,
    );
    await queryRunner.query(
      `CREATE TABLE "ledger_entries" ("id" BIGSERIAL NOT NULL, "kind" "public"."ledger_entry_kind" NOT NULL, "source" text NOT NULL, "programme_id" uuid, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "memo" text, "reverses_entry_id" bigint, CONSTRAINT "PK_6efcb84411d3f08b08450ae75d5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ledger_entries_occurred_idx" ON "ledger_entries"("occurred_at")`);
    await queryRunner.query(`CREATE INDEX "ledger_entries_programme_idx" ON "ledger_entries"("programme_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "ledger_entries_kind_source_unique" ON "ledger_entries"("kind", "source")`);
    await queryRunner.query(
      `CREATE TYPE "public"."ledger_account_kind" AS ENUM('bank', 'funder', 'programme_outstanding', 'place_payable', 'operator_fees')`,
    );
    await queryRunner.query(
      `CREATE TABLE "ledger_postings" ("id" BIGSERIAL NOT NULL, "entry_id" bigint NOT NULL, "account_kind" "public"."ledger_account_kind" NOT NULL, "account_ref" uuid, "amount_cents" bigint NOT NULL, CONSTRAINT "ledger_postings_account_ref" CHECK (("account_kind" IN ('bank', 'operator_fees')) = ("account_ref" IS NULL)), CONSTRAINT "ledger_postings_amount_not_zero" CHECK ("amount_cents" <> 0), CONSTRAINT "PK_4cdc4ebcb3797412b9d9177df70" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ledger_postings_account_idx" ON "ledger_postings"("account_kind", "account_ref")`);
    await queryRunner.query(`CREATE INDEX "ledger_postings_entry_idx" ON "ledger_postings"("entry_id")`);
    await queryRunner.query(
      `ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_reverses_fk" FOREIGN KEY ("reverses_entry_id") REFERENCES "ledger_entries"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ledger_postings" ADD CONSTRAINT "ledger_postings_entry_fk" FOREIGN KEY ("entry_id") REFERENCES "ledger_entries"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    // Append-only: a correction is a reversing entry, never a change.
    await queryRunner.query(`
      CREATE FUNCTION ledger_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused (post a reversing entry instead)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END;
      $$`);
    for (const table of ['ledger_entries', 'ledger_postings']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION ledger_reject_change()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change()`,
      );
    }
    // Every entry touched by a statement sums to zero once the statement is done (an entry's postings go in one statement).
    await queryRunner.query(`
      CREATE FUNCTION ledger_postings_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        unbalanced record;
      BEGIN
        SELECT t.entry_id, t.total INTO unbalanced
          FROM (SELECT i.entry_id, (SELECT sum(p.amount_cents) FROM ledger_postings p WHERE p.entry_id = i.entry_id) AS total
                  FROM (SELECT DISTINCT entry_id FROM inserted) i) t
         WHERE t.total <> 0 LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'ledger entry % does not balance: its postings sum to % cents', unbalanced.entry_id, unbalanced.total
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END;
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER ledger_postings_balanced AFTER INSERT ON "ledger_postings"
      REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION ledger_postings_balanced()`);

    await backfill(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "ledger_postings_balanced" ON "ledger_postings"`);
    await queryRunner.query(`DROP FUNCTION ledger_postings_balanced()`);
    for (const table of ['ledger_entries', 'ledger_postings']) {
      await queryRunner.query(`DROP TRIGGER "${table}_no_truncate" ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER "${table}_append_only" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION ledger_reject_change()`);
    await queryRunner.query(`ALTER TABLE "ledger_postings" DROP CONSTRAINT "ledger_postings_entry_fk"`);
    await queryRunner.query(`ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_reverses_fk"`);
    await queryRunner.query(`DROP INDEX "public"."ledger_postings_entry_idx"`);
    await queryRunner.query(`DROP INDEX "public"."ledger_postings_account_idx"`);
    await queryRunner.query(`DROP TABLE "ledger_postings"`);
    await queryRunner.query(`DROP TYPE "public"."ledger_account_kind"`);
    await queryRunner.query(`DROP INDEX "public"."ledger_entries_kind_source_unique"`);
    await queryRunner.query(`DROP INDEX "public"."ledger_entries_programme_idx"`);
    await queryRunner.query(`DROP INDEX "public"."ledger_entries_occurred_idx"`);
    await queryRunner.query(`DROP TABLE "ledger_entries"`);
    await queryRunner.query(`DROP TYPE "public"."ledger_entry_kind"`);
    await queryRunner.query(`DROP INDEX "public"."funder_refunds_programme_idx"`);
    await queryRunner.query(`DROP TABLE "funder_refunds"`);
  }
}

/**
 * The entries of what happened before the ledger existed, set-based, booked as the services would:
 * each funded programme's funding (bank, outstanding for all its cheques, fee, over-payment to the
 * funder), its cancelled and expired cheques released to the funder (one entry of each per
 * programme), and every live redemption (outstanding per programme → payable to the place's
 * organisation), and every settlement line paid (payable → bank). Undone redemptions net to
 * nothing and are left out.
 */
async function backfill(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    INSERT INTO ledger_entries (kind, source, programme_id, occurred_at, memo)
    SELECT 'programme_funded', p.id::text, p.id, p.funded_at, p.funding_reference
      FROM programmes p WHERE p.funded_at IS NOT NULL ORDER BY p.funded_at`);
  await queryRunner.query(`
    WITH funded AS (
      SELECT e.id AS entry_id, p.id, p.funder_organisation_id, p.funding_amount_cents AS received,
             (SELECT count(*) FROM cheques c WHERE c.programme_id = p.id) * p.face_value_cents AS face,
             ((SELECT count(*) FROM cheques c WHERE c.programme_id = p.id) * p.face_value_cents * coalesce(p.operator_fee_basis_points, 0) + 5000) / 10000 AS fee
        FROM programmes p JOIN ledger_entries e ON e.kind = 'programme_funded' AND e.source = p.id::text
    ), postings AS (
      SELECT entry_id, 'bank'::ledger_account_kind AS kind, NULL::uuid AS ref, received AS amount FROM funded
      UNION ALL SELECT entry_id, 'programme_outstanding', id, -face FROM funded
      UNION ALL SELECT entry_id, 'operator_fees', NULL, -fee FROM funded
      UNION ALL SELECT entry_id, 'funder', funder_organisation_id, -(received - face - fee) FROM funded
    )
    INSERT INTO ledger_postings (entry_id, account_kind, account_ref, amount_cents)
    SELECT entry_id, kind, ref, amount FROM postings WHERE amount <> 0`);

  for (const [status, kind, at] of [
    ['cancelled', 'cheques_cancelled', 'cancelled_at'],
    ['expired', 'cheques_expired', 'expired_at'],
  ] as const) {
    await queryRunner.query(`
      INSERT INTO ledger_entries (kind, source, programme_id, occurred_at, memo)
      SELECT '${kind}', 'backfill:' || p.id, p.id, greatest(p.funded_at, max(c.${at})), 'backfill'
        FROM programmes p JOIN cheques c ON c.programme_id = p.id AND c.status = '${status}'
       WHERE p.funded_at IS NOT NULL
       GROUP BY p.id`);
    await queryRunner.query(`
      WITH released AS (
        SELECT e.id AS entry_id, p.id, p.funder_organisation_id, count(c.id) * p.face_value_cents AS amount
          FROM ledger_entries e JOIN programmes p ON e.kind = '${kind}' AND e.source = 'backfill:' || p.id
          JOIN cheques c ON c.programme_id = p.id AND c.status = '${status}'
         GROUP BY e.id, p.id
      )
      INSERT INTO ledger_postings (entry_id, account_kind, account_ref, amount_cents)
      SELECT entry_id, 'programme_outstanding'::ledger_account_kind, id, amount FROM released
      UNION ALL SELECT entry_id, 'funder', funder_organisation_id, -amount FROM released`);
  }

  await queryRunner.query(`
    INSERT INTO ledger_entries (kind, source, programme_id, occurred_at)
    SELECT 'redemption', r.id::text,
           (SELECT CASE WHEN count(DISTINCT rc.programme_id) = 1 THEN min(rc.programme_id::text)::uuid END
              FROM redemption_cheques rc WHERE rc.redemption_id = r.id),
           r.occurred_at
      FROM redemptions r WHERE r.undone_at IS NULL ORDER BY r.occurred_at`);
  await queryRunner.query(`
    WITH booked AS (
      SELECT e.id AS entry_id, r.id, r.organisation_id, r.amount_cents
        FROM redemptions r JOIN ledger_entries e ON e.kind = 'redemption' AND e.source = r.id::text
    )
    INSERT INTO ledger_postings (entry_id, account_kind, account_ref, amount_cents)
    SELECT b.entry_id, 'programme_outstanding'::ledger_account_kind, rc.programme_id, sum(rc.face_value_cents)
      FROM booked b JOIN redemption_cheques rc ON rc.redemption_id = b.id
     GROUP BY b.entry_id, rc.programme_id
    UNION ALL SELECT entry_id, 'place_payable', organisation_id, -amount_cents FROM booked`);

  // Settlement lines the bank paid (the settlement migration runs before this one): payable → bank.
  await queryRunner.query(`
    INSERT INTO ledger_entries (kind, source, programme_id, occurred_at, memo)
    SELECT 'settlement_paid', l.id::text, NULL, (l.paid_on::timestamp AT TIME ZONE 'Europe/Paris'), 'backfill'
      FROM settlement_lines l WHERE l.status = 'paid' ORDER BY l.paid_on`);
  await queryRunner.query(`
    WITH paid AS (
      SELECT e.id AS entry_id, l.organisation_id, l.amount_cents
        FROM settlement_lines l JOIN ledger_entries e ON e.kind = 'settlement_paid' AND e.source = l.id::text
    )
    INSERT INTO ledger_postings (entry_id, account_kind, account_ref, amount_cents)
    SELECT entry_id, 'place_payable'::ledger_account_kind, organisation_id, amount_cents FROM paid
    UNION ALL SELECT entry_id, 'bank', NULL, -amount_cents FROM paid`);
}
