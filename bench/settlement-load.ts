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
  options: { payees: number; redemptions: number; label?: string; withCheques?: boolean },
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
  if (options.withCheques) await bookAsTheServicesWould(client, organisationIds);
  return { organisationIds };
}

/**
 * Gives the generated redemptions of these payees what the services would have written with them,
 * so that `ledger:check` holds (the crash test asks for it): a funded programme, one redeemed cheque
 * per 10 € of each redemption with its redemption line, and the ledger entries of the funding and of
 * every redemption. Set-based; the codes are random hashes nobody can type.
 */
async function bookAsTheServicesWould(client: Queryable, organisationIds: string[]): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(
      `CREATE TEMP TABLE generated_cheques ON COMMIT DROP AS
         SELECT r.id AS redemption_id, r.organisation_id, r.amount_cents, r.occurred_at,
                row_number() OVER (ORDER BY r.id, k) AS n
           FROM redemptions r CROSS JOIN LATERAL generate_series(1, r.cheque_count) AS k
          WHERE r.organisation_id = ANY($1::uuid[])`,
      [organisationIds],
    );
    await client.query(
      `CREATE TEMP TABLE generated_programme ON COMMIT DROP AS
       WITH programme AS (
         INSERT INTO programmes (code, funder_organisation_id, name, status, face_value_cents, cheques_per_booklet, booklet_count,
                                 valid_from, valid_until, grace_days, territory_codes, eligible_services, created_by_user_id,
                                 funding_amount_cents, funding_received_on, funding_reference, operator_fee_basis_points,
                                 ordered_at, funded_at, activated_at)
         SELECT 'GEN' || upper(substr(md5(random()::text), 1, 8)),
                (SELECT id FROM organisations WHERE kind = 'funder' ORDER BY name LIMIT 1),
                'Charge générée', 'active', 1000, 50, (SELECT (count(*) + 49) / 50 FROM generated_cheques),
                current_date - 60, current_date + 300, 30, '{}', '{}', (SELECT id FROM users ORDER BY created_at LIMIT 1),
                (SELECT count(*) * 1000 FROM generated_cheques), current_date - 60, 'GENERATED', 0,
                now() - interval '61 days', now() - interval '60 days', now() - interval '60 days'
         RETURNING id, code, booklet_count, funding_amount_cents
       ) SELECT * FROM programme`,
    );
    await client.query(
      `INSERT INTO booklets (programme_id, number, serial)
       SELECT p.id, b, p.code || '-' || lpad(b::text, 6, '0') FROM generated_programme p, generate_series(1, p.booklet_count) AS b`,
    );
    await client.query(
      `WITH cheques AS (
         INSERT INTO cheques (programme_id, booklet_id, position, code_hash, code_ciphertext, signature, signing_key_id, status, distributed_at)
         SELECT p.id, b.id, (g.n - 1) % 50 + 1, decode(md5(g.redemption_id::text || g.n), 'hex'), decode('00', 'hex'), decode(repeat('00', 64), 'hex'),
                'generated', 'redeemed', g.occurred_at
           FROM generated_cheques g CROSS JOIN generated_programme p
           JOIN booklets b ON b.programme_id = p.id AND b.number = (g.n - 1) / 50 + 1
         RETURNING id, code_hash, programme_id
       )
       INSERT INTO redemption_cheques (redemption_id, cheque_id, programme_id, face_value_cents, masked_code)
       SELECT g.redemption_id, c.id, c.programme_id, 1000, '••••-••••-••••-GEN'
         FROM cheques c JOIN generated_cheques g ON decode(md5(g.redemption_id::text || g.n), 'hex') = c.code_hash`,
    );
    await client.query(
      `WITH entry AS (
         INSERT INTO ledger_entries (kind, source, programme_id, occurred_at, memo)
         SELECT 'programme_funded', p.id::text, p.id, now() - interval '60 days', 'generated' FROM generated_programme p
         RETURNING id, programme_id
       )
       INSERT INTO ledger_postings (entry_id, account_kind, account_ref, amount_cents)
       SELECT e.id, 'bank'::ledger_account_kind, NULL::uuid, p.funding_amount_cents FROM entry e JOIN generated_programme p ON p.id = e.programme_id
       UNION ALL SELECT e.id, 'programme_outstanding', p.id, -p.funding_amount_cents FROM entry e JOIN generated_programme p ON p.id = e.programme_id`,
    );
    await client.query(
      `WITH redemptions_generated AS (
         SELECT DISTINCT redemption_id, organisation_id, amount_cents, occurred_at FROM generated_cheques
       ), entries AS (
         INSERT INTO ledger_entries (kind, source, programme_id, occurred_at)
         SELECT 'redemption', r.redemption_id::text, p.id, r.occurred_at FROM redemptions_generated r CROSS JOIN generated_programme p
         RETURNING id, source, programme_id
       )
       INSERT INTO ledger_postings (entry_id, account_kind, account_ref, amount_cents)
       SELECT e.id, 'programme_outstanding'::ledger_account_kind, e.programme_id, r.amount_cents
         FROM entries e JOIN redemptions_generated r ON r.redemption_id::text = e.source
       UNION ALL
       SELECT e.id, 'place_payable', r.organisation_id, -r.amount_cents
         FROM entries e JOIN redemptions_generated r ON r.redemption_id::text = e.source`,
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
