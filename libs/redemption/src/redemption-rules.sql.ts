/**
 * The redemption rules of libs/domain/src/redemption.ts that PostgreSQL applies, each written once:
 * the spend statement, the offline bundle and the services a cheque can pay for build on these. The
 * domain function explains refusals; these decide. test/e2e/redemption-rule-agreement.e2e-spec.ts
 * holds the spend statement to the domain function on generated cheque, programme and place states.
 * Each takes the SQL of its operands (aliases or parameters), never values.
 */

/** chequeVerdict's "valid": handed out, programme active, `day` from its first day to its last plus the grace days. */
export function chequeUsableSql(cheque: string, programme: string, day: string): string {
  return `(${cheque}.status = 'distributed' AND ${programme}.status = 'active'
      AND ${day} BETWEEN ${programme}.valid_from AND ${programme}.valid_until + ${programme}.grace_days)`;
}

/** communeInTerritory: the programme's territory is empty, or lists the commune or its département. */
export function territoryCoversSql(programme: string, commune: string, departement: string): string {
  return `(cardinality(${programme}.territory_codes) = 0 OR ${commune} = ANY(${programme}.territory_codes) OR ${departement} = ANY(${programme}.territory_codes))`;
}

/** redeemability's service rule: the programme pays for any service (empty list) or for this category. */
export function programmePaysForSql(programme: string, category: string): string {
  return `(cardinality(${programme}.eligible_services) = 0 OR ${category} = ANY(${programme}.eligible_services))`;
}

/** placeRefusal's null: qualified on `day`, and not suspended at `instant` (suspensionAt). */
export function placeMayRedeemSql(place: string, day: string, instant: string): string {
  return `(${place}.qualified_until >= ${day} AND (${place}.suspended_at IS NULL OR ${place}.suspended_at > ${instant}))`;
}
