import fc from 'fast-check';
import {
  accountKey,
  balancedEntry,
  closingStatementAvailability,
  orderStatementAvailability,
  fundingEntry,
  type LedgerEntryDraft,
  ledgerAccount,
  parseAccountKey,
  postingsTotal,
  redemptionEntry,
  refundableCents,
  refundEntry,
  releaseEntries,
  releaseEntry,
  reversingPostings,
  settlementPaidEntry,
  settlementRejectedEntry,
} from './ledger';

const PROGRAMME = '0b9f4a4e-8a52-4d5e-9a49-3f8f6f0a1c01';
const OTHER_PROGRAMME = '0b9f4a4e-8a52-4d5e-9a49-3f8f6f0a1c02';
const FUNDER = '5d1c7e52-1111-4a2b-8c3d-000000000001';
const PLACE_ORG = '5d1c7e52-2222-4a2b-8c3d-000000000002';
const AT = new Date('2026-11-20T10:00:00Z');

function balanceOf(entries: LedgerEntryDraft[], key: string): number {
  return entries.flatMap((entry) => entry.postings).reduce((sum, p) => sum + (accountKey(p.account) === key ? p.amountCents : 0), 0);
}

describe('ledger accounts', () => {
  it('writes and reads account keys', () => {
    expect(accountKey(ledgerAccount('bank'))).toBe('bank');
    expect(accountKey(ledgerAccount('funder', FUNDER))).toBe(`funder:${FUNDER}`);
    expect(parseAccountKey(`programme_outstanding:${PROGRAMME.toUpperCase()}`)).toEqual({ kind: 'programme_outstanding', ref: PROGRAMME });
    expect(parseAccountKey('operator_fees')).toEqual({ kind: 'operator_fees', ref: null });
    for (const bad of ['bank:1', 'funder', 'funder:nope', 'cash', `funder:${FUNDER}:x`, '']) expect(parseAccountKey(bad)).toBeNull();
    expect(() => ledgerAccount('bank', FUNDER)).toThrow('has no reference');
    expect(() => ledgerAccount('place_payable')).toThrow('needs a reference');
  });

  it('round-trips every account key', () => {
    fc.assert(
      fc.property(fc.constantFrom('funder', 'programme_outstanding', 'place_payable') as fc.Arbitrary<'funder'>, fc.uuid(), (kind, ref) => {
        expect(parseAccountKey(accountKey(ledgerAccount(kind, ref)))).toEqual({ kind, ref: ref.toLowerCase() });
      }),
    );
  });
});

describe('ledger entries', () => {
  it('books a funding: bank in, cheques outstanding, fee, over-payment owed to the funder', () => {
    const entry = fundingEntry({
      programmeId: PROGRAMME,
      funderOrganisationId: FUNDER,
      receivedCents: 210_000,
      faceValueTotalCents: 200_000,
      feeCents: 5_000,
      occurredAt: AT,
      reference: 'VIR-1',
    });
    expect(entry).toMatchObject({ kind: 'programme_funded', source: PROGRAMME, programmeId: PROGRAMME, memo: 'VIR-1' });
    expect(Object.fromEntries(entry.postings.map((p) => [accountKey(p.account), p.amountCents]))).toEqual({
      bank: 210_000,
      [`programme_outstanding:${PROGRAMME}`]: -200_000,
      operator_fees: -5_000,
      [`funder:${FUNDER}`]: -5_000,
    });
    const exact = fundingEntry({
      programmeId: PROGRAMME,
      funderOrganisationId: FUNDER,
      receivedCents: 200_000,
      faceValueTotalCents: 200_000,
      feeCents: 0,
      occurredAt: AT,
      reference: 'VIR-2',
    });
    expect(exact.postings).toHaveLength(2); // no zero postings
    expect(() =>
      fundingEntry({
        programmeId: PROGRAMME,
        funderOrganisationId: FUNDER,
        receivedCents: 100,
        faceValueTotalCents: 200,
        feeCents: 0,
        occurredAt: AT,
        reference: 'x',
      }),
    ).toThrow('does not cover');
  });

  it('books a redemption per programme of the spent cheques, and its undoing as the exact reverse', () => {
    const entry = redemptionEntry({
      redemptionId: 'r1',
      payeeOrganisationId: PLACE_ORG,
      occurredAt: AT,
      cheques: [
        { programmeId: PROGRAMME, faceValueCents: 1000 },
        { programmeId: OTHER_PROGRAMME, faceValueCents: 500 },
        { programmeId: PROGRAMME, faceValueCents: 1000 },
      ],
    });
    expect(entry.programmeId).toBeNull();
    expect(balanceOf([entry], `programme_outstanding:${PROGRAMME}`)).toBe(2000);
    expect(balanceOf([entry], `programme_outstanding:${OTHER_PROGRAMME}`)).toBe(500);
    expect(balanceOf([entry], `place_payable:${PLACE_ORG}`)).toBe(-2500);
    expect(postingsTotal(reversingPostings(entry.postings))).toBe(0);
    expect(() => redemptionEntry({ redemptionId: 'r', payeeOrganisationId: PLACE_ORG, occurredAt: AT, cheques: [] })).toThrow('at least');
  });

  it('releases funded cheques only, one entry per programme', () => {
    const entries = releaseEntries(
      'cheques_expired',
      'run-1',
      [
        { programmeId: PROGRAMME, funderOrganisationId: FUNDER, faceValueCents: 1000, funded: true },
        { programmeId: PROGRAMME, funderOrganisationId: FUNDER, faceValueCents: 1000, funded: true },
        { programmeId: OTHER_PROGRAMME, funderOrganisationId: FUNDER, faceValueCents: 500, funded: false },
      ],
      AT,
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'cheques_expired', source: `run-1:${PROGRAMME}`, programmeId: PROGRAMME });
    expect(balanceOf(entries, `funder:${FUNDER}`)).toBe(-2000);
  });

  it('books refunds and settlements, and a bank rejection as the reverse of the payment', () => {
    const refund = refundEntry({
      refundId: 'f1',
      programmeId: PROGRAMME,
      funderOrganisationId: FUNDER,
      amountCents: 300,
      occurredAt: AT,
      bankReference: 'REF',
    });
    expect(balanceOf([refund], 'bank')).toBe(-300);
    const line = { lineId: 'l1', payeeOrganisationId: PLACE_ORG, amountCents: 4200, occurredAt: AT };
    const paid = settlementPaidEntry(line);
    const rejected = settlementRejectedEntry(line);
    expect(rejected.kind).toBe('settlement_rejected');
    expect(balanceOf([paid, rejected], 'bank')).toBe(0);
    expect(balanceOf([paid], `place_payable:${PLACE_ORG}`)).toBe(4200);
    expect(() => settlementPaidEntry({ ...line, amountCents: 0 })).toThrow('must be positive');
    expect(() =>
      refundEntry({
        refundId: 'f',
        programmeId: PROGRAMME,
        funderOrganisationId: FUNDER,
        amountCents: 1.5,
        occurredAt: AT,
        bankReference: 'x',
      }),
    ).toThrow('whole number of cents');
  });

  it('refuses an entry that does not balance or moves nothing', () => {
    const base = { kind: 'refund_paid' as const, source: 's', programmeId: null, occurredAt: AT, memo: null };
    expect(() => balancedEntry(base, [{ account: ledgerAccount('bank'), amountCents: 5 }])).toThrow('sum to 5 cents');
    expect(() =>
      balancedEntry(base, [
        { account: ledgerAccount('bank'), amountCents: 5 },
        { account: ledgerAccount('bank'), amountCents: -5 },
      ]),
    ).toThrow('moves nothing');
    expect(refundableCents([-500, 200])).toBe(300);
    expect(refundableCents([500])).toBe(0);
  });

  it('balances any entry built from arbitrary amounts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ programme: fc.constantFrom(PROGRAMME, OTHER_PROGRAMME), value: fc.integer({ min: 1, max: 100_000 }) }), {
          minLength: 1,
          maxLength: 20,
        }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        (cheques, extra, feeBasis) => {
          const entry = redemptionEntry({
            redemptionId: 'r',
            payeeOrganisationId: PLACE_ORG,
            occurredAt: AT,
            cheques: cheques.map((c) => ({ programmeId: c.programme, faceValueCents: c.value })),
          });
          expect(postingsTotal(entry.postings)).toBe(0);
          const face = cheques.reduce((sum, c) => sum + c.value, 0);
          const fee = Math.floor((face * feeBasis) / 10_000);
          const funding = fundingEntry({
            programmeId: PROGRAMME,
            funderOrganisationId: FUNDER,
            receivedCents: face + fee + extra,
            faceValueTotalCents: face,
            feeCents: fee,
            occurredAt: AT,
            reference: 'r',
          });
          expect(postingsTotal(funding.postings)).toBe(0);
          expect(funding.postings.every((p) => p.amountCents !== 0)).toBe(true);
        },
      ),
    );
  });
});

/**
 * A model of one programme's life: random steps (redeem, undo, expire, cancel, refund, settle, reject),
 * each booked with the entries above, checked after every step against plain counts.
 */
describe('ledger model', () => {
  type Step =
    | { op: 'redeem'; cheque: number }
    | { op: 'undo'; cheque: number }
    | { op: 'expire'; cheque: number }
    | { op: 'cancel'; cheque: number }
    | { op: 'refund'; amount: number }
    | { op: 'settle' }
    | { op: 'reject' };

  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ op: fc.constant('redeem' as const), cheque: fc.nat(9) }),
    fc.record({ op: fc.constant('undo' as const), cheque: fc.nat(9) }),
    fc.record({ op: fc.constant('expire' as const), cheque: fc.nat(9) }),
    fc.record({ op: fc.constant('cancel' as const), cheque: fc.nat(9) }),
    fc.record({ op: fc.constant('refund' as const), amount: fc.integer({ min: 1, max: 5_000 }) }),
    fc.constant({ op: 'settle' as const }),
    fc.constant({ op: 'reject' as const }),
  );

  it('keeps every balance equal to the model after every step', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), fc.integer({ min: 0, max: 3_000 }), (steps, overpayment) => {
        const face = 1000;
        const status: Array<'live' | 'redeemed' | 'expired' | 'cancelled'> = Array.from({ length: 10 }, () => 'live');
        const redemptionOf = new Map<number, LedgerEntryDraft>();
        const entries: LedgerEntryDraft[] = [
          fundingEntry({
            programmeId: PROGRAMME,
            funderOrganisationId: FUNDER,
            receivedCents: 10 * face + 250 + overpayment,
            faceValueTotalCents: 10 * face,
            feeCents: 250,
            occurredAt: AT,
            reference: 'VIR',
          }),
        ];
        let refunded = 0;
        let paid = 0;
        let lines = 0;
        // Redeemed cheques not yet paid, and the paid lines with their cheques (a rejection frees them).
        let unpaid: number[] = [];
        const paidLines: Array<{ id: string; cheques: number[] }> = [];
        for (const [index, s] of steps.entries()) {
          switch (s.op) {
            case 'redeem':
              if (status[s.cheque] !== 'live') break;
              status[s.cheque] = 'redeemed';
              redemptionOf.set(
                s.cheque,
                redemptionEntry({
                  redemptionId: `r${index}`,
                  payeeOrganisationId: PLACE_ORG,
                  occurredAt: AT,
                  cheques: [{ programmeId: PROGRAMME, faceValueCents: face }],
                }),
              );
              entries.push(redemptionOf.get(s.cheque)!);
              unpaid.push(s.cheque);
              break;
            case 'undo': {
              const redemption = redemptionOf.get(s.cheque);
              // Only an unpaid redemption can be undone (in a line the bank rejected, it is unpaid again).
              if (!redemption || status[s.cheque] !== 'redeemed' || !unpaid.includes(s.cheque)) break;
              status[s.cheque] = 'live';
              redemptionOf.delete(s.cheque);
              unpaid = unpaid.filter((cheque) => cheque !== s.cheque);
              entries.push({ ...redemption, kind: 'redemption_undone', postings: reversingPostings(redemption.postings) });
              break;
            }
            case 'expire':
            case 'cancel':
              if (status[s.cheque] !== 'live') break;
              status[s.cheque] = s.op === 'expire' ? 'expired' : 'cancelled';
              entries.push(
                releaseEntry({
                  kind: s.op === 'expire' ? 'cheques_expired' : 'cheques_cancelled',
                  source: `x${index}`,
                  programmeId: PROGRAMME,
                  funderOrganisationId: FUNDER,
                  amountCents: face,
                  occurredAt: AT,
                }),
              );
              break;
            case 'refund': {
              const refundable = refundableCents(
                entries.flatMap((e) => e.postings.filter((p) => p.account.kind === 'funder').map((p) => p.amountCents)),
              );
              if (s.amount > refundable) break;
              refunded += s.amount;
              entries.push(
                refundEntry({
                  refundId: `f${index}`,
                  programmeId: PROGRAMME,
                  funderOrganisationId: FUNDER,
                  amountCents: s.amount,
                  occurredAt: AT,
                  bankReference: 'R',
                }),
              );
              break;
            }
            case 'settle': {
              const amount = unpaid.length * face;
              if (amount === 0) break;
              const id = `l${lines++}`;
              paid += amount;
              paidLines.push({ id, cheques: unpaid });
              unpaid = [];
              entries.push(settlementPaidEntry({ lineId: id, payeeOrganisationId: PLACE_ORG, amountCents: amount, occurredAt: AT }));
              break;
            }
            case 'reject': {
              const line = paidLines.pop();
              if (!line) break;
              const amount = line.cheques.length * face;
              paid -= amount;
              unpaid.push(...line.cheques);
              entries.push(
                settlementRejectedEntry({ lineId: line.id, payeeOrganisationId: PLACE_ORG, amountCents: amount, occurredAt: AT }),
              );
              break;
            }
          }
          const count = (wanted: string): number => status.filter((value) => value === wanted).length;
          expect(entries.every((entry) => postingsTotal(entry.postings) === 0)).toBe(true);
          expect(balanceOf(entries, `programme_outstanding:${PROGRAMME}`)).toBe(0 - count('live') * face);
          expect(balanceOf(entries, `place_payable:${PLACE_ORG}`)).toBe(0 - unpaid.length * face);
          expect(balanceOf(entries, `funder:${FUNDER}`)).toBe(
            0 - (overpayment + (count('expired') + count('cancelled')) * face - refunded),
          );
          expect(balanceOf(entries, 'bank')).toBe(10 * face + 250 + overpayment - refunded - paid);
          expect(balanceOf(entries, 'operator_fees')).toBe(-250);
        }
      }),
    );
  });
});

describe('statement availability', () => {
  const programme = { funded: true, validUntil: '2027-12-31', graceDays: 31, outstandingCents: 0 };

  it('has an order statement once funded', () => {
    expect(orderStatementAvailability(true)).toEqual({ available: true });
    expect(orderStatementAvailability(false)).toMatchObject({ available: false, code: 'order_statement_not_available' });
  });

  it('has a closing statement from the day after the grace period, once nothing is outstanding', () => {
    expect(closingStatementAvailability(programme, '2028-01-31')).toMatchObject({
      available: false,
      availableFrom: '2028-02-01',
      reason: 'places may redeem its cheques until 2028-01-31',
    });
    expect(closingStatementAvailability(programme, '2028-02-01')).toEqual({ available: true });
    expect(closingStatementAvailability({ ...programme, outstandingCents: 1000 }, '2028-03-01')).toMatchObject({
      available: false,
      code: 'closing_statement_not_available',
    });
    expect(closingStatementAvailability({ ...programme, funded: false }, '2030-01-01')).toMatchObject({
      reason: 'the programme was never funded',
    });
  });
});
