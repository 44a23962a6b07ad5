/**
 * What of each table goes into a successor archive (docs/successor.md): everything another operator
 * needs to take over, never a secret that would let someone sign in, spend a cheque or act as the
 * old operator. Every table of the schema must be named here: the export refuses a table it does
 * not know, so a new table is a decision (include it, transform it, or leave it out and say why).
 */
import { escapeLiteral } from 'pg';
import { quoteIdentifier } from '@app/database';
import { NO_PASSWORD } from '@app/identity';

export type TablePolicy =
  | { take: 'all' }
  /** Columns replaced by an SQL expression (never the secret), and rows kept by a condition. */
  | { take: 'transformed'; columns?: Record<string, { sql: string; why: string }>; where?: { sql: string; why: string } }
  | { take: 'none'; why: string };

export const SUCCESSOR_TABLES: Record<string, TablePolicy> = {
  organisations: { take: 'all' },
  users: {
    take: 'transformed',
    columns: {
      password_hash: {
        sql: escapeLiteral(NO_PASSWORD),
        why: 'no password hash leaves: each person chooses a new password through « Mot de passe oublié » on the new instance',
      },
    },
  },
  sessions: { take: 'none', why: 'sign-in sessions are secrets of the old instance' },
  known_devices: { take: 'none', why: 'device cookies are secrets of the old instance' },
  password_tokens: { take: 'none', why: 'password links are secrets' },
  password_reset_requests: { take: 'none', why: 'short-lived counters of forgotten-password requests' },
  invitations: {
    take: 'none',
    why: 'pending invitation links are secrets; the successor invites again (the audit trail keeps who invited whom)',
  },
  api_tokens: {
    take: 'none',
    why: 'API token hashes are secrets; the successor issues new tokens (the audit trail keeps the old ones’ creation and use)',
  },
  login_attempt_counters: { take: 'none', why: 'short-lived sign-in throttling counters' },
  outbox_messages: { take: 'none', why: 'e-mails waiting or sent may carry single-use links' },
  webhook_endpoints: {
    take: 'none',
    why: 'endpoints carry signing secrets; each place registers its endpoints again on the new instance (the audit trail keeps the old ones)',
  },
  webhook_deliveries: { take: 'none', why: 'events already sent or waiting for endpoints of the old instance' },
  webhook_attempts: { take: 'none', why: 'the delivery log of endpoints of the old instance' },
  // Each person's choice of notifications, and which reminders and alerts were already sent (not sent twice).
  notification_opt_outs: { take: 'all' },
  notification_sends: { take: 'all' },
  idempotency_records: { take: 'none', why: 'replay answers of requests of the old instance, meaningless elsewhere' },
  cheque_code_failures: { take: 'none', why: 'short-lived throttling of wrong cheque codes (with addresses)' },
  reporting_facts: { take: 'none', why: 'derived figures: the new instance recomputes them from the raw tables' },
  reporting_funnel_facts: { take: 'none', why: 'derived figures: the new instance recomputes them from the raw tables' },
  reporting_people_facts: { take: 'none', why: 'derived figures: the new instance recomputes them from the raw tables' },
  reporting_refreshes: { take: 'none', why: 'times of the derived figures’ refreshes on the old instance' },

  programmes: { take: 'all' },
  booklets: { take: 'all' },
  hand_outs: { take: 'all' },
  // Which hand-out replaced which lost booklet: ids and counts only, no personal data.
  hand_out_reissues: { take: 'all' },
  // Transfers of booklets between distributors, pending ones included: the successor decides them.
  stock_transfers: { take: 'all' },
  cheques: {
    take: 'transformed',
    columns: {
      code_ciphertext: {
        sql: 'NULL::bytea',
        why: 'codes never leave, not even encrypted: cheques are found by the SHA-256 of their code, paper is the only copy (no reprint)',
      },
    },
  },
  cheque_keys: {
    take: 'transformed',
    where: {
      sql: "purpose = 'signing'",
      why: 'public signing keys only (they verify the cheques already printed); the code key’s fingerprint belongs to the old key',
    },
  },
  cheque_feedback: { take: 'all' },

  places: { take: 'all' },
  place_suspensions: { take: 'all' },
  place_imports: { take: 'all' },
  place_map_chunks: { take: 'all' },
  catalogue_entries: { take: 'all' },
  qualification_applications: { take: 'all' },
  qualification_decisions: { take: 'all' },
  qualification_evidence: { take: 'all' },
  bank_details: { take: 'all' },

  redemptions: { take: 'all' },
  redemption_cheques: { take: 'all' },
  ledger_entries: { take: 'all' },
  ledger_postings: { take: 'all' },
  funder_refunds: { take: 'all' },
  funder_refund_transfers: { take: 'all' },
  settlement_batches: { take: 'all' },
  settlement_lines: { take: 'all' },
  settlement_carry_overs: { take: 'all' },
  // Held redemptions stay held on the successor (never paid unreviewed), with every decision; its scans go on where these stopped.
  redemption_holds: { take: 'all' },
  anomaly_scans: { take: 'all' },
  // The successor must show funders the same coverage history and the statements behind it.
  coverage_balances: { take: 'all' },
  coverage_days: { take: 'all' },
  // The bank's files and their entries: what was reconciled and what a person handled, with the note.
  bank_statement_files: { take: 'all' },
  bank_statement_entries: { take: 'all' },

  audit_events: { take: 'all' },
};

export interface TableSelection {
  schema: string;
  name: string;
  columns: string[];
  /** The SELECT whose rows go into the archive. */
  select: string;
}

export class UnknownTablesError extends Error {
  override name = 'UnknownTablesError';
}

/**
 * The SELECT of every table that goes into the archive. Refuses tables of the schema this file does
 * not name, and a transformed column the table does not have (a renamed secret must not slip through).
 */
export function successorSelections(tables: Array<{ schema: string; name: string; columns: string[] }>): TableSelection[] {
  const unknown = tables.filter((table) => table.schema !== 'public' || !Object.hasOwn(SUCCESSOR_TABLES, table.name));
  if (unknown.length > 0) {
    throw new UnknownTablesError(
      `No successor-archive rule for ${unknown.map((table) => `${table.schema}.${table.name}`).join(', ')}: ` +
        'say in apps/api/src/successor/successor-tables.ts whether it goes into the archive (and without which secrets). Nothing was written.',
    );
  }
  const selections: TableSelection[] = [];
  for (const table of tables) {
    const policy = SUCCESSOR_TABLES[table.name];
    if (policy.take === 'none') continue;
    const replaced = policy.take === 'transformed' ? (policy.columns ?? {}) : {};
    const missing = Object.keys(replaced).filter((column) => !table.columns.includes(column));
    if (missing.length > 0)
      throw new UnknownTablesError(`${table.name} has no column ${missing.join(', ')}: update its successor-archive rule.`);
    const list = table.columns
      .map((column) => (replaced[column] ? `${replaced[column].sql} AS ${quoteIdentifier(column)}` : quoteIdentifier(column)))
      .join(', ');
    const where = policy.take === 'transformed' && policy.where ? ` WHERE ${policy.where.sql}` : '';
    selections.push({
      schema: table.schema,
      name: table.name,
      columns: table.columns,
      select: `SELECT ${list} FROM ${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}${where}`,
    });
  }
  return selections;
}

/** What is left out or changed, and why: written into the manifest and the archive's README. */
export function successorExclusions(): {
  tables: Array<{ table: string; why: string }>;
  columns: Array<{ table: string; column: string; why: string }>;
  rows: Array<{ table: string; kept: string; why: string }>;
} {
  const tables: Array<{ table: string; why: string }> = [];
  const columns: Array<{ table: string; column: string; why: string }> = [];
  const rows: Array<{ table: string; kept: string; why: string }> = [];
  for (const [table, policy] of Object.entries(SUCCESSOR_TABLES)) {
    if (policy.take === 'none') tables.push({ table, why: policy.why });
    if (policy.take !== 'transformed') continue;
    for (const [column, rule] of Object.entries(policy.columns ?? {})) columns.push({ table, column, why: rule.why });
    if (policy.where) rows.push({ table, kept: policy.where.sql, why: policy.where.why });
  }
  return { tables, columns, rows };
}
