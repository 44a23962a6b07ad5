import fc from 'fast-check';
import { addDays } from './calendar';
import { generateChequeCode } from './cheque-code';
import { chequeQrUrl } from './cheque-qr';
import { offlineDataUsable, offlineVerdict, type OfflineFacts, type OfflineRules } from './offline-redemption';
import { readScannedCheque } from './redemption';

const PROGRAMME = {
  id: '5b0f8a52-4a8e-4d71-9f0e-0c1b2f6a7d10',
  name: 'Pass numérique Gironde',
  faceValueCents: 1000,
  validFrom: '2026-01-01',
  validUntil: '2026-12-31',
  graceDays: 30,
  territoryCodes: ['33'],
  eligibleServices: ['Aide aux démarches administratives'],
};

const RULES: OfflineRules = {
  validUntil: '2026-11-24T12:00:00.000Z',
  place: { communeCode: '33063', qualifiedUntil: '2027-06-30', suspended: false },
  catalogue: [
    { id: 'service-demarches', category: 'Aide aux démarches administratives' },
    { id: 'service-atelier', category: 'Maîtrise des outils numériques du quotidien' },
  ],
  programmes: [PROGRAMME],
};

const GOOD: OfflineFacts = { signatureValid: true, cancelled: false, queuedAt: null };
const NOW = new Date('2026-11-23T10:00:00.000Z');
const CODE = generateChequeCode(Buffer.alloc(10, 7));

function scanned(text: string) {
  const result = readScannedCheque(text);
  if (!result.ok) throw new Error(`not a cheque: ${text}`);
  return result;
}

const qr = (programmeId = PROGRAMME.id) =>
  scanned(chequeQrUrl('https://pass-numerique.example', { code: CODE, programmeId, keyId: 'k1', signature: 'c2ln' }));

describe('offline verdicts', () => {
  it('accepts a signed cheque of a programme of the place, for an eligible service, with its value and dates', () => {
    expect(offlineVerdict(qr(), GOOD, RULES, 'service-demarches', NOW)).toEqual({
      redeemable: true,
      code: 'redeemable',
      message: 'Ce chèque peut être encaissé.',
      cheque: {
        maskedCode: `••••-••••-••••-${CODE.slice(12, 16)}-${CODE.slice(16)}`,
        faceValueCents: 1000,
        faceValue: '10,00\u202f€',
        programmeId: PROGRAMME.id,
        programmeName: 'Pass numérique Gironde',
        validUntil: '2026-12-31',
        redeemableUntil: '2027-01-30',
      },
    });
  });

  it('refuses what it cannot prove: a typed code, a bad signature, a programme it does not know, stale data', () => {
    expect(offlineVerdict(scanned(CODE), GOOD, RULES, 'service-demarches', NOW)).toMatchObject({
      redeemable: false,
      code: 'offline_typed_code',
      cheque: null,
    });
    expect(offlineVerdict(qr(), { ...GOOD, signatureValid: false }, RULES, 'service-demarches', NOW)).toMatchObject({
      code: 'invalid_signature',
      message: "La signature de ce QR code n'est pas valide : ce chèque n'a pas été émis par le Pass numérique.",
    });
    expect(offlineVerdict(qr('0d4e1c3a-2b5f-4e6a-8c7d-9e0f1a2b3c4d'), GOOD, RULES, 'service-demarches', NOW).code).toBe(
      'offline_unknown_programme',
    );
    expect(offlineDataUsable(RULES, new Date(RULES.validUntil))).toBe(true);
    const later = new Date('2026-11-24T12:00:01.000Z');
    expect(offlineDataUsable(RULES, later)).toBe(false);
    expect(offlineVerdict(qr(), GOOD, RULES, 'service-demarches', later)).toMatchObject({
      code: 'offline_data_expired',
      message: 'Les données hors connexion de votre lieu ont expiré le 24 novembre 2026 : reconnectez-vous pour les mettre à jour.',
    });
  });

  it('applies the same rules as the API: cancelled, service, place', () => {
    expect(offlineVerdict(qr(), { ...GOOD, cancelled: true }, RULES, 'service-demarches', NOW)).toMatchObject({
      code: 'cancelled',
      message: 'Ce chèque a été annulé (carnet perdu ou volé) : il ne peut plus être utilisé.',
    });
    expect(offlineVerdict(qr(), GOOD, RULES, 'service-atelier', NOW)).toMatchObject({
      code: 'service_not_eligible',
      message: 'Ce chèque ne finance pas ce service (« Maîtrise des outils numériques du quotidien »).',
    });
    expect(offlineVerdict(qr(), GOOD, { ...RULES, place: { ...RULES.place, suspended: true } }, 'service-demarches', NOW).code).toBe(
      'place_suspended',
    );
    expect(
      offlineVerdict(qr(), GOOD, { ...RULES, place: { ...RULES.place, qualifiedUntil: '2026-11-01' } }, 'service-demarches', NOW).code,
    ).toBe('place_not_qualified');
    const bordeauxOnly = {
      ...RULES,
      programmes: [{ ...PROGRAMME, territoryCodes: ['33063'] }],
      place: { ...RULES.place, communeCode: '33039' },
    };
    expect(offlineVerdict(qr(), GOOD, bordeauxOnly, 'service-demarches', NOW).code).toBe('outside_territory');
  });

  it('refuses a cheque this device already queued, saying so', () => {
    const verdict = offlineVerdict(qr(), { ...GOOD, queuedAt: new Date('2026-11-22T15:00:00.000Z') }, RULES, 'service-demarches', NOW);
    expect(verdict).toMatchObject({
      redeemable: false,
      code: 'already_used',
      message: 'Ce chèque a déjà été encaissé hors connexion sur cet appareil le 22 novembre 2026 : il attend la synchronisation.',
    });
    expect(verdict.cheque?.faceValueCents).toBe(1000);
  });

  it('takes the day in Paris: valid from the first day to the last day plus the grace period', () => {
    fc.assert(
      fc.property(fc.integer({ min: -40, max: 400 }), (offset) => {
        const day = addDays(PROGRAMME.validFrom, offset);
        const noonInParis = new Date(`${day}T11:00:00.000Z`);
        const rules = { ...RULES, validUntil: '2099-01-01T00:00:00.000Z', place: { ...RULES.place, qualifiedUntil: '2099-01-01' } };
        const verdict = offlineVerdict(qr(), GOOD, rules, 'service-demarches', noonInParis);
        const inside = day >= PROGRAMME.validFrom && day <= addDays(PROGRAMME.validUntil, PROGRAMME.graceDays);
        expect(verdict.redeemable).toBe(inside);
        if (!inside) expect(['not_yet_valid', 'expired']).toContain(verdict.code);
      }),
    );
  });
});
