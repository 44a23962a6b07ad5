/**
 * A redemption that a live settlement line covers can no longer be undone: settlement's own rule,
 * kept by a trigger on its data so that the redemption lib needs to know nothing of batches
 * (docs/adr/0014-settlement-lines-cover-time-ranges.md). The UPDATE that marks a redemption undone
 * takes ROW EXCLUSIVE on `redemptions`, which a batch build (SHARE) waits for and which waits for a
 * build: the trigger's query then sees every committed line.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SettledRedemptionUndoGuard1796681274071 implements MigrationInterface {
  name = 'SettledRedemptionUndoGuard1796681274071';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION settlement_refuse_undo_of_settled() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM settlement_lines l
                    WHERE l.organisation_id = NEW.organisation_id AND l.status IN ('pending', 'paid')
                      AND l.covered @> NEW.recorded_at) THEN
          RAISE EXCEPTION 'redemption_settled' USING ERRCODE = 'PN001',
            DETAIL = 'redemption ' || NEW.id || ' is in a live settlement line';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER redemptions_undo_not_settled BEFORE UPDATE OF undone_at ON redemptions
        FOR EACH ROW WHEN (OLD.undone_at IS NULL AND NEW.undone_at IS NOT NULL)
        EXECUTE FUNCTION settlement_refuse_undo_of_settled()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER redemptions_undo_not_settled ON redemptions');
    await queryRunner.query('DROP FUNCTION settlement_refuse_undo_of_settled()');
  }
}
