import fc from 'fast-check';
import { addDays, formatFrenchDate, isIsoDate, localDate } from './calendar';
import { CHEQUE_STATUSES, chequeVerdict, type ChequeFacts, redemptionDeadline, validityInWords } from './cheque-status';
import { PROGRAMME_STATUSES } from './programme-lifecycle';

const base: ChequeFacts = {
  status: 'distributed',
  programmeStatus: 'active',
  validFrom: '2026-01-01',
  validUntil: '2026-12-31',
  graceDays: 31,
};

describe('cheque verdicts', () => {
  it('a handed-out cheque of an active programme is valid within its dates, grace included', () => {
    expect(chequeVerdict(base, '2026-06-15')).toMatchObject({ code: 'valid', usable: true });
    expect(chequeVerdict(base, '2026-06-15').message).toBe(
      "Ce chèque est valable jusqu'au 31 décembre 2026 ; délai de grâce : les lieux l'acceptent encore jusqu'au 31 janvier 2027. Présentez-le dans un lieu de médiation numérique qualifié.",
    );
    // In the grace period: the printed day is past, the place still accepts it; the same two dates.
    expect(chequeVerdict(base, '2027-01-10')).toMatchObject({
      code: 'valid',
      message: expect.stringMatching(
        /^La date imprimée sur ce chèque \(31 décembre 2026\) est passée, mais les lieux l'acceptent encore jusqu'au 31 janvier 2027/,
      ),
    });
    expect(chequeVerdict(base, '2027-01-31').code).toBe('valid');
    expect(chequeVerdict(base, '2027-02-01')).toMatchObject({ code: 'expired', usable: false });
    expect(chequeVerdict(base, '2027-02-01').message).toBe('Ce chèque a expiré le 31 janvier 2027.');
    expect(chequeVerdict(base, '2025-12-31')).toMatchObject({
      code: 'not_yet_valid',
      message: 'Ce chèque sera utilisable à partir du 1 janvier 2026.',
    });
  });

  it('says the validity the same way for every cheque: the printed day, and the grace period when there is one', () => {
    expect(validityInWords({ validUntil: '2026-12-31', redeemableUntil: '2026-12-31' })).toBe("valable jusqu'au 31 décembre 2026");
    expect(validityInWords({ validUntil: '2026-12-31', redeemableUntil: redemptionDeadline(base) })).toBe(
      "valable jusqu'au 31 décembre 2026 ; délai de grâce : les lieux l'acceptent encore jusqu'au 31 janvier 2027",
    );
  });

  it('says why a cheque cannot be used', () => {
    expect(chequeVerdict({ ...base, programmeStatus: 'ordered', status: 'issued' }, '2026-06-15').code).toBe('not_funded');
    expect(chequeVerdict({ ...base, status: 'issued' }, '2026-06-15').code).toBe('not_handed_out');
    expect(chequeVerdict({ ...base, status: 'redeemed' }, '2026-06-15').code).toBe('already_used');
    expect(chequeVerdict({ ...base, status: 'settled' }, '2026-06-15').code).toBe('already_used');
    expect(chequeVerdict({ ...base, status: 'cancelled' }, '2026-06-15').code).toBe('cancelled');
    expect(chequeVerdict({ ...base, programmeStatus: 'closed' }, '2026-06-15').code).toBe('programme_closed');
    expect(chequeVerdict({ ...base, programmeStatus: 'funded' }, '2026-06-15').code).toBe('not_yet_valid');
  });

  it('is usable only for a handed-out cheque of an active programme within its dates', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CHEQUE_STATUSES),
        fc.constantFrom(...PROGRAMME_STATUSES),
        fc.integer({ min: -400, max: 800 }),
        (status, programmeStatus, offset) => {
          const today = addDays('2026-01-01', offset);
          const verdict = chequeVerdict({ ...base, status, programmeStatus }, today);
          const expected =
            status === 'distributed' &&
            programmeStatus === 'active' &&
            today >= base.validFrom &&
            today <= addDays(base.validUntil, base.graceDays);
          expect(verdict.usable).toBe(expected);
          expect(verdict.message.length).toBeGreaterThan(10);
        },
      ),
    );
  });
});

describe('calendar', () => {
  it('validates dates strictly', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('26-02-01')).toBe(false);
  });

  it('reads the local date in the right time zone', () => {
    const instant = new Date('2026-12-31T23:30:00Z');
    expect(localDate(instant, 'Europe/Paris')).toBe('2027-01-01');
    expect(localDate(instant, 'America/Cayenne')).toBe('2026-12-31');
    expect(formatFrenchDate('2027-01-01')).toBe('1 janvier 2027');
  });

  it('gives the same local date when asked again within a minute as when formatting afresh', () => {
    const fresh = (instant: Date, timeZone: string): string =>
      new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
    const around = Date.parse('2026-12-31T22:58:00Z');
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: -3 * 60_000, max: 3 * 60_000 }), fc.constantFrom('Europe/Paris', 'America/Cayenne', 'Asia/Kolkata')),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        (asks) => {
          for (const [offset, timeZone] of asks) {
            const instant = new Date(around + offset);
            expect(localDate(instant, timeZone)).toBe(fresh(instant, timeZone));
          }
        },
      ),
    );
  });
});
