import { SUCCESSOR_TABLES, successorExclusions, successorSelections, UnknownTablesError } from './successor-tables';
import { type SuccessorTotals, totalsDifferences } from './successor-totals';

const table = (name: string, columns: string[]) => ({ schema: 'public', name, columns });

describe('successor archive rules', () => {
  it('refuses a table without a rule, naming it, so that no new table leaks or goes missing silently', () => {
    expect(() => successorSelections([table('organisations', ['id']), table('payment_cards', ['id', 'pan'])])).toThrow(UnknownTablesError);
    expect(() => successorSelections([table('payment_cards', ['id'])])).toThrow(/public\.payment_cards/);
    expect(() => successorSelections([{ schema: 'other', name: 'organisations', columns: ['id'] }])).toThrow(/other\.organisations/);
  });

  it('replaces the password hash and the code ciphertext, keeps signing keys only, leaves secret tables out', () => {
    const selections = successorSelections([
      table('users', ['id', 'email', 'password_hash']),
      table('cheques', ['id', 'code_hash', 'code_ciphertext', 'signature']),
      table('cheque_keys', ['kid', 'purpose', 'public_key']),
      table('sessions', ['id', 'token_hash']),
      table('api_tokens', ['id', 'token_hash']),
      table('ledger_postings', ['id', 'amount_cents']),
    ]);
    const select = Object.fromEntries(selections.map((selection) => [selection.name, selection.select]));
    expect(Object.keys(select)).toEqual(['users', 'cheques', 'cheque_keys', 'ledger_postings']);
    expect(select.users).toBe(`SELECT "id", "email", '!' AS "password_hash" FROM "public"."users"`);
    expect(select.cheques).toBe(`SELECT "id", "code_hash", NULL::bytea AS "code_ciphertext", "signature" FROM "public"."cheques"`);
    expect(select.cheque_keys).toBe(`SELECT "kid", "purpose", "public_key" FROM "public"."cheque_keys" WHERE purpose = 'signing'`);
    expect(select.ledger_postings).toBe(`SELECT "id", "amount_cents" FROM "public"."ledger_postings"`);
  });

  it('refuses a rule for a column the table does not have (a renamed secret must not slip through)', () => {
    expect(() => successorSelections([table('users', ['id', 'email', 'password_digest'])])).toThrow(/users has no column password_hash/);
  });

  it('says why for everything left out or changed', () => {
    const exclusions = successorExclusions();
    expect(exclusions.tables.map((entry) => entry.table)).toEqual(
      expect.arrayContaining(['sessions', 'known_devices', 'api_tokens', 'password_tokens', 'invitations', 'outbox_messages']),
    );
    expect(exclusions.columns.map((entry) => `${entry.table}.${entry.column}`)).toEqual(['users.password_hash', 'cheques.code_ciphertext']);
    for (const entry of [...exclusions.tables, ...exclusions.columns, ...exclusions.rows]) expect(entry.why.length).toBeGreaterThan(20);
    expect(Object.values(SUCCESSOR_TABLES).filter((policy) => policy.take === 'none')).toHaveLength(exclusions.tables.length);
  });
});

describe('successor totals', () => {
  const totals: SuccessorTotals = {
    ledgerBalanceCents: { bank: '544000', funder: '-50000', programme_outstanding: '-417000', place_payable: '-77000', operator_fees: '0' },
    pendingPayable: { redemptions: 77, cents: '77000' },
    outstandingCheques: { cheques: 417, cents: '417000' },
    paidSettlementLines: { lines: 1, cents: '6000' },
  };

  it('finds no difference between equal figures, and names each one that differs', () => {
    expect(totalsDifferences(totals, structuredClone(totals))).toEqual([]);
    const found = structuredClone(totals);
    found.ledgerBalanceCents.place_payable = '-76000';
    found.pendingPayable = { redemptions: 76, cents: '76000' };
    expect(totalsDifferences(totals, found)).toEqual([
      'ledger balance place_payable (cents): -77000 → -76000',
      'pending payable redemptions: 77 → 76',
      'pending payable (cents): 77000 → 76000',
    ]);
  });
});
