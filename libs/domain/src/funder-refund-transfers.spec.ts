import fc from 'fast-check';
import {
  FUNDER_REFUND_TRANSFER_STATUSES,
  funderRefundDueOn,
  funderRefundReference,
  funderRefundTransition,
  isFunderRefundReference,
} from './funder-refund-transfers';
import { lineReference } from './settlement';

describe('funder refund transfers', () => {
  it('is due 30 days after the close, across months and years', () => {
    expect(funderRefundDueOn('2026-11-01')).toBe('2026-12-01');
    expect(funderRefundDueOn('2026-12-15')).toBe('2027-01-14');
    expect(funderRefundDueOn('2028-02-01')).toBe('2028-03-02'); // 2028 is a leap year
  });

  it('has a reference of its own, never taken for a settlement line’s', () => {
    expect(funderRefundReference(2026, 7)).toBe('RF-2026-00007');
    expect(isFunderRefundReference('RF-2026-00007')).toBe(true);
    expect(isFunderRefundReference(lineReference('RB-2026-00012', 1))).toBe(false);
    expect(isFunderRefundReference('RF-2026-7')).toBe(false);
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 9999 }), fc.integer({ min: 1, max: 9_999_999 }), (year, number) => {
        const reference = funderRefundReference(year, number);
        expect(isFunderRefundReference(reference)).toBe(true);
        expect(reference.length).toBeLessThanOrEqual(35); // an EndToEndId
      }),
    );
  });

  it('moves prepared → approved → exported → paid or rejected; cancelled before the export; replays change nothing', () => {
    expect(funderRefundTransition('prepared', 'approve')).toEqual({ status: 'approved', changed: true });
    expect(funderRefundTransition('approved', 'export')).toEqual({ status: 'exported', changed: true });
    expect(funderRefundTransition('exported', 'paid')).toEqual({ status: 'paid', changed: true });
    expect(funderRefundTransition('exported', 'rejected')).toEqual({ status: 'rejected', changed: true });
    expect(funderRefundTransition('approved', 'cancel')).toEqual({ status: 'cancelled', changed: true });
    expect(funderRefundTransition('paid', 'paid')).toEqual({ status: 'paid', changed: false });
    for (const [status, step] of [
      ['prepared', 'export'],
      ['exported', 'cancel'],
      ['paid', 'rejected'],
      ['rejected', 'paid'],
      ['cancelled', 'approve'],
    ] as const) {
      expect(() => funderRefundTransition(status, step)).toThrow(
        expect.objectContaining({ code: 'invalid_transition', details: { code: 'refund_transfer_status', status } }),
      );
    }
  });

  it('never leaves paid, rejected or cancelled, whatever the step (property)', () => {
    const steps = ['approve', 'export', 'cancel', 'paid', 'rejected'] as const;
    fc.assert(
      fc.property(fc.constantFrom(...FUNDER_REFUND_TRANSFER_STATUSES), fc.constantFrom(...steps), (status, step) => {
        let next;
        try {
          next = funderRefundTransition(status, step);
        } catch {
          return;
        }
        if (status === 'paid' || status === 'rejected' || status === 'cancelled') expect(next).toEqual({ status, changed: false });
      }),
    );
  });
});
