import fc from 'fast-check';
import { localDate } from './calendar';
import { DomainError } from './domain-error';
import {
  assertPaidOnPossible,
  assertReturnedOnPossible,
  assertPayableDue,
  assertFourEyes,
  batchReference,
  batchSettled,
  batchCancellation,
  batchTransition,
  lineReference,
  lineTransition,
  monthlyPeriod,
  previousMonth,
  remittanceInformation,
  SETTLEMENT_BATCH_STATUSES,
  type SettlementTransition,
  settlementPeriod,
  startOfDayIn,
} from './settlement';
import { sepaIdentifier } from './sepa-text';

describe('settlement periods', () => {
  it('starts a day at midnight in Paris, winter and summer time alike', () => {
    expect(startOfDayIn('2026-01-01').toISOString()).toBe('2025-12-31T23:00:00.000Z');
    expect(startOfDayIn('2026-07-01').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    // The days of the clock changes (29 March and 25 October 2026).
    expect(startOfDayIn('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDayIn('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(startOfDayIn('2026-01-01', 'Indian/Reunion').toISOString()).toBe('2025-12-31T20:00:00.000Z');
  });

  it('cuts a month off at the first of the next month, midnight in Paris', () => {
    expect(monthlyPeriod('2026-05')).toEqual({ month: '2026-05', cutOff: new Date('2026-05-31T22:00:00.000Z') });
    expect(monthlyPeriod('2026-12').cutOff.toISOString()).toBe('2026-12-31T23:00:00.000Z');
  });

  it('defaults to the previous calendar month in Paris time', () => {
    expect(previousMonth(new Date('2026-06-15T10:00:00Z'))).toBe('2026-05');
    expect(previousMonth(new Date('2026-01-03T10:00:00Z'))).toBe('2025-12');
    // 31 May 22:30 UTC is already 1 June in Paris.
    expect(previousMonth(new Date('2026-05-31T22:30:00Z'))).toBe('2026-05');
    expect(settlementPeriod({}, new Date('2026-06-15T10:00:00Z'))).toEqual(monthlyPeriod('2026-05'));
  });

  it('every instant of a month falls before its cut-off and at or after the previous one (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2099-01-01'), noInvalidDate: true }), (instant) => {
        const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' })
          .format(instant)
          .slice(0, 7);
        const previous = previousMonth(instant);
        expect(monthlyPeriod(previous).cutOff.getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(monthlyPeriod(month).cutOff.getTime()).toBeGreaterThan(instant.getTime());
      }),
    );
  });

  it('refuses bad or future periods with the field named', () => {
    const now = new Date('2026-06-15T10:00:00Z');
    const problem = (input: { month?: string; cutOff?: string }): unknown => {
      try {
        settlementPeriod(input, now);
      } catch (error) {
        return (error as DomainError).details;
      }
      return null;
    };
    expect(problem({ month: '2026-13' })).toEqual([{ field: 'month', problems: ['must be a month as YYYY-MM'] }]);
    expect(problem({ month: '2026-06' })).toEqual([
      { field: 'month', problems: ['must not end in the future: only what has been recorded can be paid'] },
    ]);
    expect(problem({ cutOff: 'soon' })).toEqual([{ field: 'cutOff', problems: ['must be a date and time'] }]);
    expect(problem({ month: '2026-05', cutOff: '2026-06-01T00:00:00Z' })).toEqual([
      { field: 'cutOff', problems: ['give either a month or a cut-off, not both'] },
    ]);
    expect(settlementPeriod({ cutOff: '2026-06-10T08:00:00Z' }, now)).toEqual({ month: null, cutOff: new Date('2026-06-10T08:00:00Z') });
  });
});

describe('batch life cycle', () => {
  it('goes draft → approved → exported → paid, and a replayed transition changes nothing', () => {
    expect(batchTransition('draft', 'approve')).toEqual({ status: 'approved', changed: true });
    expect(batchTransition('approved', 'export')).toEqual({ status: 'exported', changed: true });
    expect(batchTransition('exported', 'pay')).toEqual({ status: 'paid', changed: true });
    expect(batchTransition('exported', 'approve')).toEqual({ status: 'exported', changed: false });
    expect(() => batchTransition('draft', 'export')).toThrow(DomainError);
  });

  it('never skips a step nor goes back (property)', () => {
    const transitions: SettlementTransition[] = ['approve', 'export', 'pay'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...transitions), { maxLength: 12 }), (sequence) => {
        let status: (typeof SETTLEMENT_BATCH_STATUSES)[number] = 'draft';
        for (const transition of sequence) {
          const before = SETTLEMENT_BATCH_STATUSES.indexOf(status);
          try {
            status = batchTransition(status, transition).status;
          } catch (error) {
            expect((error as DomainError).code).toBe('invalid_transition');
          }
          const after = SETTLEMENT_BATCH_STATUSES.indexOf(status);
          expect(after === before || after === before + 1).toBe(true);
        }
      }),
    );
  });

  it('cancels a batch until it is exported, replays a cancellation, and moves a cancelled batch no further', () => {
    expect(batchCancellation('draft')).toEqual({ status: 'cancelled', changed: true });
    expect(batchCancellation('approved')).toEqual({ status: 'cancelled', changed: true });
    expect(batchCancellation('cancelled')).toEqual({ status: 'cancelled', changed: false });
    for (const status of ['exported', 'paid'] as const) {
      expect(() => batchCancellation(status)).toThrow(expect.objectContaining({ details: { code: 'batch_already_exported', status } }));
    }
    for (const transition of ['approve', 'export', 'pay'] as const) {
      expect(() => batchTransition('cancelled', transition)).toThrow(
        expect.objectContaining({ code: 'invalid_transition', details: { code: 'batch_cancelled', status: 'cancelled' } }),
      );
    }
    for (const outcome of ['paid', 'rejected'] as const) {
      expect(() => lineTransition('cancelled', outcome)).toThrow(
        expect.objectContaining({ details: expect.objectContaining({ code: 'batch_cancelled' }) }),
      );
    }
  });

  it('needs a second operator to approve', () => {
    const fourEyes = expect.objectContaining({ details: { code: 'four_eyes_required' } });
    expect(() => assertFourEyes('approve', { createdBy: 'a', approvedBy: null }, 'a')).toThrow(fourEyes);
    expect(() => assertFourEyes('approve', { createdBy: 'a', approvedBy: null }, 'b')).not.toThrow();
    // Its approver may export a batch an operator built: the creator was the first pair of eyes.
    expect(() => assertFourEyes('export', { createdBy: 'a', approvedBy: 'b' }, 'b')).not.toThrow();
  });

  it('a batch built by the schedule: anyone approves it, another operator exports it', () => {
    const fourEyes = expect.objectContaining({ details: { code: 'four_eyes_required' } });
    expect(() => assertFourEyes('approve', { createdBy: null, approvedBy: null }, 'a')).not.toThrow();
    expect(() => assertFourEyes('export', { createdBy: null, approvedBy: 'a' }, 'a')).toThrow(fourEyes);
    expect(() => assertFourEyes('export', { createdBy: null, approvedBy: 'a' }, 'b')).not.toThrow();
  });

  it('lets the bank pay or reject a line, reject after paying, never pay after rejecting', () => {
    expect(lineTransition('pending', 'paid')).toEqual({ status: 'paid', changed: true });
    expect(lineTransition('paid', 'paid')).toEqual({ status: 'paid', changed: false });
    expect(lineTransition('paid', 'rejected')).toEqual({ status: 'rejected', changed: true });
    expect(lineTransition('rejected', 'rejected')).toEqual({ status: 'rejected', changed: false });
    expect(() => lineTransition('rejected', 'paid')).toThrow(expect.objectContaining({ details: { code: 'line_rejected' } }));
    expect(batchSettled(['paid', 'rejected'])).toBe(true);
    expect(batchSettled(['paid', 'pending'])).toBe(false);
  });

  it("takes the bank's payment day from the export day to today, in Paris days", () => {
    // Exported on 2 June 2026 at 00:30 in Paris (still 1 June in UTC); today is 5 June, 01:00 in Paris.
    const exportedAt = new Date('2026-06-01T22:30:00Z');
    const now = new Date('2026-06-04T23:00:00Z');
    expect(() => assertPaidOnPossible('2026-06-02', exportedAt, now)).not.toThrow();
    expect(() => assertPaidOnPossible('2026-06-05', exportedAt, now)).not.toThrow();
    expect(() => assertPaidOnPossible('2026-06-01', exportedAt, now)).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        details: [{ field: 'paidOn', problems: ['must not be before the day the batch was exported (2026-06-02)'] }],
      }),
    );
    expect(() => assertPaidOnPossible('2026-06-06', exportedAt, now)).toThrow(
      expect.objectContaining({ details: [{ field: 'paidOn', problems: ['must not be after today (2026-06-05, Paris time)'] }] }),
    );
  });

  it('takes the day of a return from the payment it returns (else the export day) to today', () => {
    const exportedAt = new Date('2026-06-01T22:30:00Z');
    const now = new Date('2026-06-09T10:00:00Z');
    expect(() => assertReturnedOnPossible('2026-06-04', '2026-06-04', exportedAt, now)).not.toThrow();
    expect(() => assertReturnedOnPossible('2026-06-03', '2026-06-04', exportedAt, now)).toThrow(
      expect.objectContaining({
        details: [{ field: 'rejectedOn', problems: ['must not be before the payment it returns, or the export (2026-06-04)'] }],
      }),
    );
    expect(() => assertReturnedOnPossible('2026-06-02', null, exportedAt, now)).not.toThrow();
    expect(() => assertReturnedOnPossible('2026-06-01', null, exportedAt, now)).toThrow(
      expect.objectContaining({ details: [{ field: 'rejectedOn', problems: [expect.stringMatching(/\(2026-06-02\)$/)] }] }),
    );
    expect(() => assertReturnedOnPossible('2026-06-10', '2026-06-04', exportedAt, now)).toThrow(
      expect.objectContaining({ details: [{ field: 'rejectedOn', problems: ['must not be after today (2026-06-09, Paris time)'] }] }),
    );
  });

  it('accepts a payment day exactly when it lies between the export day and today (property)', () => {
    const instant = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(instant, instant, instant, (exportedAt, now, paid) => {
        const paidOn = localDate(paid);
        const possible = localDate(exportedAt) <= paidOn && paidOn <= localDate(now);
        let refused: unknown = null;
        try {
          assertPaidOnPossible(paidOn, exportedAt, now);
        } catch (error) {
          refused = error;
        }
        expect(refused === null).toBe(possible);
        if (refused) expect(refused).toMatchObject({ code: 'validation_failed', details: [{ field: 'paidOn' }] });
      }),
    );
  });

  it('builds a line only for a positive amount, redemptions and cheques, and names the payee whose lines no longer match', () => {
    const due = { organisationId: 'payee-1', amountCents: 2000, redemptionCount: 1, chequeCount: 2 };
    expect(() => assertPayableDue(due)).not.toThrow();
    for (const wrong of [{ amountCents: -1000 }, { amountCents: 0 }, { redemptionCount: -1 }, { chequeCount: 0 }]) {
      expect(() => assertPayableDue({ ...due, ...wrong })).toThrow(
        expect.objectContaining({
          code: 'internal_error',
          details: expect.objectContaining({ code: 'settlement_lines_mismatch', organisationId: 'payee-1', ...wrong }),
        }),
      );
    }
  });
});

describe('references', () => {
  it('numbers batches and lines within the 35 characters of an EndToEndId', () => {
    expect(batchReference(2026, 12)).toBe('RB-2026-00012');
    expect(lineReference('RB-2026-00012', 42)).toBe('RB-2026-00012-0042');
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 9999 }),
        fc.integer({ min: 1, max: 99_999 }),
        fc.integer({ min: 1, max: 9_999 }),
        (y, b, l) => {
          const reference = lineReference(batchReference(y, b), l);
          expect(sepaIdentifier(reference)).toBe(reference);
        },
      ),
    );
  });

  it('writes the remittance information within 140 characters', () => {
    const text = remittanceInformation({ lineReference: 'RB-2026-00012-0042', payeeName: 'É'.repeat(300), periodLabel: '2026-05' });
    expect(text.startsWith('Pass numerique RB-2026-00012-0042 2026-05 EEE')).toBe(true);
    expect(text).toHaveLength(140);
  });
});
