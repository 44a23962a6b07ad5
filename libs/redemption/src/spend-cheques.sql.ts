/**
 * The redemption in one statement (see RedemptionService.spend): lock the cheques with these codes,
 * keep them only if every one is distributed and redeemable for this place and service on that day
 * (the rules of redemption-rules.sql.ts), then spend them and write the redemption and its lines.
 * Its parameters come from spendChequesParameters, below.
 *
 * It is sent right behind the key's claim, before its answer: it spends only if this transaction
 * holds the claim, i.e. sees the key's record still unanswered (a committed record always has its
 * answer; another transaction's claim in progress is invisible here).
 */
import { departementOfCommune, hashChequeCode, localDate, maskChequeCode } from '@app/domain';
import { chequeUsableSql, placeMayRedeemSql, programmePaysForSql, territoryCoversSql } from './redemption-rules.sql';

export const SPEND_CHEQUES_SQL = `WITH scanned AS (
   SELECT * FROM unnest($1::bytea[], $9::text[]) AS s(code_hash, masked_code)
 ), found AS MATERIALIZED (
   -- The cheques with these codes, locked in id order so that two redemptions sharing cheques
   -- cannot deadlock. The code is the only condition here, so that every plan, even one reused
   -- for any codes (prepared statement), finds them by code rather than walk thousands of cheques.
   SELECT c.id, c.programme_id, c.code_hash, c.status FROM cheques c
    WHERE c.code_hash = ANY($1::bytea[])
      AND EXISTS (SELECT 1 FROM idempotency_records i
                   WHERE i.organisation_id = $17 AND i.key = $18 AND i.response_status IS NULL)
    ORDER BY c.id
    FOR UPDATE
 ), candidates AS (
   SELECT f.id, f.programme_id, p.name AS programme_name, p.face_value_cents, f.code_hash
     FROM found f JOIN programmes p ON p.id = f.programme_id
    WHERE ${chequeUsableSql('f', 'p', '$2::date')}
      AND ${territoryCoversSql('p', '$3::text', '$4::text')}
      AND ${programmePaysForSql('p', '$5::text')}
      -- The service and place facts the caller used (maybe kept from an earlier request) still hold.
      AND EXISTS (SELECT 1 FROM places pl JOIN catalogue_entries e ON e.place_id = pl.id
                   WHERE pl.id = $6 AND e.id = $12 AND e.retired_at IS NULL AND pl.organisation_id = $11
                     AND pl.code_insee IS NOT DISTINCT FROM $16 AND ${placeMayRedeemSql('pl', '$2::date', '$7')})
 ), complete AS (
   SELECT count(*) = $8 AS ok FROM candidates
 ), spent AS (
   UPDATE cheques c SET status = 'redeemed'
     FROM candidates k, complete
    WHERE complete.ok AND c.id = k.id AND c.status = 'distributed'
   RETURNING c.id AS cheque_id, k.code_hash, k.programme_id, k.programme_name, k.face_value_cents
 ), redemption AS (
   -- recorded_at: the column's default, clock_timestamp() (settlement cuts batches on it).
   INSERT INTO redemptions (id, organisation_id, place_id, catalogue_entry_id, cheque_count, amount_cents, channel,
                            occurred_at, agent_user_id, agent_api_token_id)
   SELECT $10, $11, $6, $12, count(*), sum(face_value_cents), $13, $7, $14, $15 FROM spent HAVING count(*) = $8
   RETURNING id, recorded_at
 ), lines AS (
   -- The partial unique index on active lines rejects this if a cheque somehow were spent twice.
   INSERT INTO redemption_cheques (redemption_id, cheque_id, programme_id, face_value_cents, masked_code)
   SELECT r.id, s.cheque_id, s.programme_id, s.face_value_cents, m.masked_code
     FROM spent s CROSS JOIN redemption r JOIN scanned m ON m.code_hash = s.code_hash
 )
 SELECT s.cheque_id, s.programme_id, s.programme_name, s.face_value_cents, m.masked_code,
        (SELECT recorded_at FROM redemption) AS recorded_at, (SELECT nom FROM places WHERE id = $6) AS place_nom
   FROM spent s JOIN scanned m ON m.code_hash = s.code_hash`;

/** What the spend statement needs to know about one attempt. */
export interface SpendChequesInput {
  /** Normalised codes, one per cheque. */
  codes: readonly string[];
  /** When the cheques were scanned: its day in the platform's time zone is the day the rules apply to. */
  occurredAt: Date;
  place: { id: string; organisationId: string; communeCode: string | null };
  service: { id: string; category: string };
  redemption: { id: string; channel: string; agentUserId: string | null; agentApiTokenId: string | null };
  /** The Idempotency-Key this transaction claimed. */
  claim: { organisationId: string; key: string };
}

/** SPEND_CHEQUES_SQL's parameters, in order: the day, the commune and its département derived as the domain does. */
export function spendChequesParameters(input: SpendChequesInput): unknown[] {
  const commune = input.place.communeCode ?? '';
  return [
    input.codes.map((code) => hashChequeCode(code)),
    localDate(input.occurredAt),
    commune,
    departementOfCommune(commune),
    input.service.category,
    input.place.id,
    input.occurredAt,
    input.codes.length,
    input.codes.map((code) => maskChequeCode(code)),
    input.redemption.id,
    input.place.organisationId,
    input.service.id,
    input.redemption.channel,
    input.redemption.agentUserId,
    input.redemption.agentApiTokenId,
    input.place.communeCode,
    input.claim.organisationId,
    input.claim.key,
  ];
}
