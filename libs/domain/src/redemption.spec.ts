import fc from 'fast-check';
import { generateChequeCode } from './cheque-code';
import { chequeQrUrl } from './cheque-qr';
import {
  isConflictRefusal,
  placeRefusal,
  type RedemptionFacts,
  readScannedCheque,
  redeemability,
  REDEMPTION_REFUSALS,
  suspensionAt,
} from './redemption';

const randomCode = fc.uint8Array({ minLength: 10, maxLength: 10 }).map((bytes) => generateChequeCode(Buffer.from(bytes)));
const TODAY = '2026-11-23';

function facts(overrides: {
  cheque?: Partial<RedemptionFacts['cheque']>;
  programme?: Partial<RedemptionFacts['programme']>;
  place?: Partial<RedemptionFacts['place']>;
  service?: RedemptionFacts['service'];
}): RedemptionFacts {
  return {
    cheque: {
      status: 'distributed',
      programmeStatus: 'active',
      validFrom: '2026-01-01',
      validUntil: '2026-12-31',
      graceDays: 31,
      usedOn: null,
      ...overrides.cheque,
    },
    programme: { territoryCodes: ['33'], eligibleServices: [], ...overrides.programme },
    place: { communeCode: '33063', qualifiedUntil: '2027-06-30', suspendedAt: null, ...overrides.place },
    service: overrides.service ?? { category: 'Aide aux démarches administratives' },
  };
}

describe('readScannedCheque', () => {
  it('reads our QR URL and a typed code to the same normalised code', () => {
    fc.assert(
      fc.property(randomCode, (code) => {
        const url = chequeQrUrl('https://pass.example', { code, programmeId: 'p-1', keyId: 'k-1', signature: 'sig' });
        const scanned = readScannedCheque(url);
        const typed = readScannedCheque(`${code.slice(0, 4).toLowerCase()} ${code.slice(4, 8)}-${code.slice(8)}`);
        expect(scanned).toEqual({ ok: true, code, qr: { code, programmeId: 'p-1', keyId: 'k-1', signature: 'sig' } });
        expect(typed).toEqual({ ok: true, code, qr: null });
      }),
    );
  });

  it('catches a mistyped check character inside a QR URL as well', () => {
    const code = generateChequeCode(Buffer.alloc(10, 1));
    const wrong = code.slice(0, 16) + (code[16] === '0' ? '1' : '0');
    expect(readScannedCheque(`https://pass.example/c/${wrong}?p=a&k=b&s=c`)).toEqual({ ok: false, problem: 'wrong_check' });
    expect(readScannedCheque('https://example.org/autre-qr')).toEqual({ ok: false, problem: 'wrong_length' });
    expect(readScannedCheque('')).toEqual({ ok: false, problem: 'empty' });
  });
});

describe('redeemability', () => {
  it('accepts a distributed cheque of an active programme at a qualified place in its territory', () => {
    expect(redeemability(facts({}), TODAY)).toEqual({ redeemable: true, code: 'redeemable', message: 'Ce chèque peut être encaissé.' });
  });

  it('gives the date of first use, never the place', () => {
    const verdict = redeemability(facts({ cheque: { status: 'redeemed', usedOn: '2026-03-03' } }), TODAY);
    expect(verdict).toEqual({ redeemable: false, code: 'already_used', message: 'Ce chèque a déjà été utilisé le 3 mars 2026.' });
  });

  it.each([
    [{ cheque: { status: 'cancelled' as const } }, 'cancelled'],
    [{ cheque: { status: 'issued' as const } }, 'not_handed_out'],
    [{ cheque: { programmeStatus: 'ordered' as const } }, 'not_funded'],
    [{ cheque: { validUntil: '2025-12-31', graceDays: 0 } }, 'expired'],
    [{ place: { suspendedAt: new Date('2026-11-01') } }, 'place_suspended'],
    [{ place: { qualifiedUntil: '2026-11-22' } }, 'place_not_qualified'],
    [{ place: { qualifiedUntil: null } }, 'place_not_qualified'],
    [{ place: { communeCode: '75056' } }, 'outside_territory'],
    [{ programme: { eligibleServices: ['Insertion professionnelle via le numérique'] } }, 'service_not_eligible'],
  ])('refuses %j with %s', (overrides, code) => {
    const verdict = redeemability(facts(overrides), TODAY);
    expect(verdict).toMatchObject({ redeemable: false, code });
    expect(verdict.message).toMatch(/^[A-ZÀ-Ý].+\.$/u);
  });

  it('the last day of grace is still redeemable, the next one is not', () => {
    const lastDay = facts({ cheque: { validUntil: '2026-11-13', graceDays: 10 } });
    expect(redeemability(lastDay, '2026-11-23').redeemable).toBe(true);
    expect(redeemability(lastDay, '2026-11-24').code).toBe('expired');
  });

  it('always answers a known code with a French sentence (property)', () => {
    const statuses = fc.constantFrom('issued', 'distributed', 'redeemed', 'settled', 'cancelled', 'expired' as const);
    const programmeStatuses = fc.constantFrom('draft', 'ordered', 'funded', 'active', 'closed' as const);
    fc.assert(
      fc.property(
        statuses,
        programmeStatuses,
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (status, programmeStatus, suspended, inside, eligible) => {
          const verdict = redeemability(
            facts({
              cheque: { status, programmeStatus },
              place: { suspendedAt: suspended ? new Date('2026-01-01') : null, communeCode: inside ? '33063' : '75056' },
              programme: { eligibleServices: eligible ? [] : ['Insertion professionnelle via le numérique'] },
            }),
            TODAY,
          );
          expect(['redeemable', ...REDEMPTION_REFUSALS]).toContain(verdict.code);
          expect(verdict.redeemable).toBe(verdict.code === 'redeemable');
          expect(verdict.redeemable).toBe(status === 'distributed' && programmeStatus === 'active' && !suspended && inside && eligible);
        },
      ),
    );
  });
});

describe('placeRefusal and suspensionAt', () => {
  it('says why a place cannot redeem, as redeemability does for its cheques', () => {
    expect(placeRefusal({ qualifiedUntil: TODAY, suspendedAt: null }, TODAY)).toBeNull();
    expect(placeRefusal({ qualifiedUntil: '2026-11-22', suspendedAt: null }, TODAY)?.code).toBe('place_not_qualified');
    expect(placeRefusal({ qualifiedUntil: null, suspendedAt: null }, TODAY)?.code).toBe('place_not_qualified');
    const suspended = placeRefusal({ qualifiedUntil: '2027-06-30', suspendedAt: new Date('2026-11-01') }, TODAY);
    expect(suspended).toEqual(redeemability(facts({ place: { suspendedAt: new Date('2026-11-01') } }), TODAY));
  });

  it('counts a suspension from its instant on: an attempt scanned before it is not refused for it', () => {
    const at = new Date('2026-11-23T10:00:00.000Z');
    expect(suspensionAt(null, at)).toBeNull();
    expect(suspensionAt(new Date('2026-11-23T10:00:00.001Z'), at)).toBeNull();
    expect(suspensionAt(new Date('2026-11-23T10:00:00.000Z'), at)).toEqual(at);
    expect(suspensionAt(new Date('2026-11-22T10:00:00.000Z'), at)).toEqual(new Date('2026-11-22T10:00:00.000Z'));
  });
});

describe('isConflictRefusal', () => {
  it('is a conflict when the server changed since the offline bundle: used elsewhere or cancelled since; never otherwise', () => {
    const conflicts = REDEMPTION_REFUSALS.filter((code) => isConflictRefusal(code));
    expect(conflicts.sort()).toEqual(['already_used', 'cancelled']);
  });
});
