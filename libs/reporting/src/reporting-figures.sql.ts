/**
 * Every count and amount the dashboards and the open usage data show, computed from the raw tables
 * (programmes, cheques, hand_outs, redemptions, redemption_cheques, catalogue_entries) in one place.
 * Amounts are integer cents, and every amount but the order's (issued) and the hand-outs' is the
 * money the ledger (libs/ledger) moved, on the same day: funded = the programme's outstanding value
 * booked with the funder's payment (the day it was recorded); redeemed = outstanding → payable to
 * the place (the redemption's own time; undone ones count nowhere); settled = those of them paid to
 * the place; expired and cancelled = the value released back to the funder: nothing while the
 * programme is unpaid, and for cheques void before the payment, on the payment's day (as
 * LedgerService.recordFunding books it). test/e2e/reporting.e2e-spec.ts holds them equal.
 *
 * Reporting is a read model: it reads other features' tables with plain SELECTs and never writes them.
 */

import { METROPOLITAN_TIME_ZONE } from '@app/domain';

/** The day of an instant, in France's time zone (the dashboards' periods are calendar days). */
const PARIS_DAY = (column: string): string => `(${column} AT TIME ZONE '${METROPOLITAN_TIME_ZONE}')::date`;

const VOIDED_AT = 'coalesce(c.cancelled_at, c.expired_at)';

/** One row per (measure, programme, day) in the breakdown 'total', plus the two finer breakdowns. */
export const REFRESH_FACTS_SQL = `
INSERT INTO reporting_facts
  (breakdown, measure, programme_id, day, place_id, category, modality, distributor_id, cheques, amount_cents, settled_cheques, settled_amount_cents)
WITH events AS (
  -- Issued: every cheque of an order, on the day it was ordered; funded: on the day the payment was booked.
  SELECT 'issued'::text AS measure, p.id AS programme_id, ${PARIS_DAY('p.ordered_at')} AS day,
         NULL::uuid AS place_id, NULL::text AS category, NULL::text AS modality, NULL::uuid AS distributor_id,
         (p.booklet_count * p.cheques_per_booklet)::int AS cheques,
         (p.booklet_count * p.cheques_per_booklet)::bigint * p.face_value_cents AS amount_cents, false AS settled
    FROM programmes p WHERE p.ordered_at IS NOT NULL
  UNION ALL
  SELECT 'funded', p.id, ${PARIS_DAY('p.funded_at')}, NULL, NULL, NULL, NULL,
         (p.booklet_count * p.cheques_per_booklet)::int, (p.booklet_count * p.cheques_per_booklet)::bigint * p.face_value_cents, false
    FROM programmes p WHERE p.funded_at IS NOT NULL
  UNION ALL
  -- Handed out: on the day the social worker gave them, whatever became of them since.
  SELECT 'handed_out', c.programme_id, h.handed_out_on, NULL, NULL, NULL, h.distributor_organisation_id, 1, p.face_value_cents, false
    FROM cheques c JOIN hand_outs h ON h.id = c.hand_out_id JOIN programmes p ON p.id = c.programme_id
  UNION ALL
  -- Redeemed: on the day of the redemption (undone ones do not count); settled: those of them the place was paid for.
  SELECT 'redeemed', rc.programme_id, ${PARIS_DAY('r.occurred_at')}, r.place_id, e.category, e.modality::text,
         h.distributor_organisation_id, 1, rc.face_value_cents, c.status = 'settled'
    FROM redemption_cheques rc
    JOIN redemptions r ON r.id = rc.redemption_id
    JOIN catalogue_entries e ON e.id = r.catalogue_entry_id
    JOIN cheques c ON c.id = rc.cheque_id
    LEFT JOIN hand_outs h ON h.id = c.hand_out_id
   WHERE rc.released_at IS NULL
  UNION ALL
  -- Cancelled (lost, stolen) and expired: counted on the day it happened, their value with it if the programme was paid by then...
  SELECT c.status::text, c.programme_id, ${PARIS_DAY(VOIDED_AT)}, NULL, NULL, NULL, NULL, 1,
         CASE WHEN p.funded_at <= ${VOIDED_AT} THEN p.face_value_cents ELSE 0 END, false
    FROM cheques c JOIN programmes p ON p.id = c.programme_id
   WHERE c.status IN ('cancelled', 'expired')
  UNION ALL
  -- ... and on the payment's day if it came after (an unpaid programme never owed anything back).
  SELECT c.status::text, c.programme_id, ${PARIS_DAY('p.funded_at')}, NULL, NULL, NULL, NULL, 0, p.face_value_cents, false
    FROM cheques c JOIN programmes p ON p.id = c.programme_id
   WHERE c.status IN ('cancelled', 'expired') AND p.funded_at > ${VOIDED_AT}
)
SELECT CASE grouping(place_id, category, modality, distributor_id) WHEN 15 THEN 'total' WHEN 1 THEN 'place_service' ELSE 'distributor' END,
       measure, programme_id, day, place_id, category, modality, distributor_id,
       sum(cheques)::int, sum(amount_cents)::bigint,
       (count(*) FILTER (WHERE settled))::int, coalesce(sum(amount_cents) FILTER (WHERE settled), 0)::bigint
  FROM events
 GROUP BY GROUPING SETS (
   (measure, programme_id, day),
   (measure, programme_id, day, place_id, category, modality),
   (measure, programme_id, day, distributor_id))
HAVING grouping(place_id, category, modality, distributor_id) = 15
    OR (grouping(place_id, category, modality, distributor_id) = 1 AND measure = 'redeemed')
    OR (grouping(place_id, category, modality, distributor_id) = 14 AND measure IN ('handed_out', 'redeemed'))`;

/**
 * People (one hand-out, one person, per programme) by hand-out day, in three breakdowns: anonymous
 * profile (with their cheques and how many are used now), commune of residence, and days before the
 * first use of one of their cheques (-1 while none is used).
 */
export const REFRESH_PEOPLE_FACTS_SQL = `
INSERT INTO reporting_people_facts
  (breakdown, programme_id, handed_out_on, age_band, situation, commune_code, delay_days, people, cheques, used_cheques)
WITH people AS (
  SELECT h.id, c.programme_id, h.handed_out_on, coalesce(h.age_band, '') AS age_band, coalesce(h.situation, '') AS situation,
         coalesce(h.commune_code, '') AS commune_code, count(*)::int AS cheques,
         (count(*) FILTER (WHERE c.status IN ('redeemed', 'settled')))::int AS used_cheques,
         coalesce(min(${PARIS_DAY('r.occurred_at')}) - h.handed_out_on, -1) AS delay_days
    FROM hand_outs h
    JOIN cheques c ON c.hand_out_id = h.id
    LEFT JOIN redemption_cheques rc ON rc.cheque_id = c.id AND rc.released_at IS NULL
    LEFT JOIN redemptions r ON r.id = rc.redemption_id
   GROUP BY h.id, c.programme_id
)
SELECT CASE grouping(age_band, situation, commune_code, delay_days) WHEN 3 THEN 'profile' WHEN 13 THEN 'commune' ELSE 'delay' END,
       programme_id, handed_out_on, age_band, situation, commune_code, delay_days,
       count(*)::int, sum(cheques)::int, sum(used_cheques)::int
  FROM people
 GROUP BY GROUPING SETS (
   (programme_id, handed_out_on, age_band, situation),
   (programme_id, handed_out_on, commune_code),
   (programme_id, handed_out_on, delay_days))`;

/**
 * The usage funnel (reporting_funnel_facts): booklets bought (the order, on its day), allocated to a
 * distributor (on the allocation's day), then each booklet handed out (its cheques given in one
 * hand-out, to one person) on the hand-out's day, with what became of it since: a cheque used (at
 * least one, redemption not undone), every cheque used, a cheque expired unused; its face value and
 * the value used; and the days from the hand-out to the first use (-1: none yet).
 */
export const REFRESH_FUNNEL_FACTS_SQL = `
INSERT INTO reporting_funnel_facts
  (programme_id, day, distributor_id, handed_out, commune_code, age_band, delay_days, bought, allocated,
   booklets, first_used, fully_used, expired, handed_out_cents, used_cents)
WITH handed AS (
  SELECT c.programme_id, h.distributor_organisation_id, h.handed_out_on, coalesce(h.commune_code, '') AS commune_code,
         coalesce(h.age_band, '') AS age_band, count(*)::int AS cheques,
         (count(*) FILTER (WHERE c.status IN ('redeemed', 'settled')))::int AS used,
         bool_or(c.status = 'expired') AS expired,
         count(*)::bigint * p.face_value_cents AS handed_out_cents,
         (count(*) FILTER (WHERE c.status IN ('redeemed', 'settled')))::bigint * p.face_value_cents AS used_cents,
         coalesce(min(${PARIS_DAY('r.occurred_at')}) - h.handed_out_on, -1) AS delay_days
    FROM hand_outs h
    JOIN cheques c ON c.hand_out_id = h.id
    JOIN programmes p ON p.id = c.programme_id
    LEFT JOIN redemption_cheques rc ON rc.cheque_id = c.id AND rc.released_at IS NULL
    LEFT JOIN redemptions r ON r.id = rc.redemption_id
   GROUP BY h.id, c.booklet_id, c.programme_id, p.face_value_cents
)
SELECT p.id, ${PARIS_DAY('p.ordered_at')}, NULL::uuid, false, '', '', -1, p.booklet_count, 0, 0, 0, 0, 0, 0, 0
  FROM programmes p WHERE p.ordered_at IS NOT NULL
UNION ALL
SELECT b.programme_id, ${PARIS_DAY('b.allocated_at')}, b.distributor_organisation_id, false, '', '', -1, 0, count(*)::int, 0, 0, 0, 0, 0, 0
  FROM booklets b WHERE b.distributor_organisation_id IS NOT NULL AND b.allocated_at IS NOT NULL
 GROUP BY 1, 2, 3
UNION ALL
SELECT programme_id, handed_out_on, distributor_organisation_id, true, commune_code, age_band, delay_days, 0, 0,
       count(*)::int, (count(*) FILTER (WHERE used > 0))::int, (count(*) FILTER (WHERE used = cheques))::int,
       (count(*) FILTER (WHERE expired))::int, sum(handed_out_cents)::bigint, sum(used_cents)::bigint
  FROM handed
 GROUP BY programme_id, handed_out_on, distributor_organisation_id, commune_code, age_band, delay_days`;
