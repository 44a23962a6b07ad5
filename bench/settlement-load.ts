/**
 * Generated settlement load, straight in SQL (generate_series): payee organisations with verified
 * bank details, and many redemptions spread over them and over the past weeks. For the benchmark
 * and the crash test; the redemptions reuse the demo médiathèque's place, service and agent for
 * their foreign keys (settlement only reads payee, amount and recording time).
 */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export async function generateSettlementLoad(
  client: Queryable,
  options: { payees: number; redemptions: number; label?: string },
): Promise<{ organisationIds: string[] }> {
  const label = options.label ?? 'Lieu généré';
  const result = (await client.query(
    `WITH organisations AS (
       INSERT INTO organisations (name, kind) SELECT $2 || ' ' || g, 'place' FROM generate_series(1, $1::int) AS g RETURNING id, name
     ), details AS (
       INSERT INTO bank_details (organisation_id, iban, bic, account_holder, status)
       SELECT id, 'FR7630006000011234567890189', 'AGRIFRPP', name, 'verified' FROM organisations
     )
     SELECT array_agg(id ORDER BY name) AS ids FROM organisations`,
    [options.payees, label],
  )) as { rows?: Array<{ ids: string[] }> } | Array<{ ids: string[] }>;
  const organisationIds = (Array.isArray(result) ? result : (result.rows ?? []))[0].ids;
  await client.query(
    `INSERT INTO redemptions (id, organisation_id, place_id, catalogue_entry_id, cheque_count, amount_cents, channel,
                              occurred_at, recorded_at, agent_user_id)
     SELECT gen_random_uuid(), ($1::uuid[])[1 + g % cardinality($1::uuid[])], s.place_id, s.id, 1 + g % 2, 1000 * (1 + g % 2), 'online',
            t, t, u.id
       FROM generate_series(1, $2::int) AS g
       CROSS JOIN LATERAL (SELECT now() - make_interval(secs => ($2::int - g) * 2 + 60) AS t) AS times
       CROSS JOIN (SELECT e.id, e.place_id FROM catalogue_entries e JOIN places p ON p.id = e.place_id
                    WHERE p.nom = 'Médiathèque Flora Tristan' AND e.retired_at IS NULL LIMIT 1) AS s
       CROSS JOIN (SELECT id FROM users WHERE email = 'mediateur@mediatheque.example') AS u`,
    [organisationIds, options.redemptions],
  );
  return { organisationIds };
}
