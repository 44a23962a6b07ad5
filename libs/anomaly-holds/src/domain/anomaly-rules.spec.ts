import {
  anomaliesOf,
  bookletBurst,
  DEFAULT_ANOMALY_RULES,
  medianOf,
  mostChequesWithinWindow,
  otherDepartement,
  outsideOpeningHours,
  parseEnabledRules,
  type RedemptionFacts,
  volumeSpike,
} from './anomaly-rules';

const config = DEFAULT_ANOMALY_RULES;
/** Tuesday 9 March 2027, 10:30 in Paris (UTC+1). */
const TUESDAY_MORNING = new Date('2027-03-09T09:30:00Z');

function facts(overrides: Partial<RedemptionFacts> = {}): RedemptionFacts {
  return {
    occurredAt: TUESDAY_MORNING,
    placeHours: 'Mo-Fr 09:00-12:00,14:00-18:00',
    placeCommune: '33063',
    booklets: [{ serial: 'PN-0001', handOutCommune: '33318', uses: [{ at: TUESDAY_MORNING, cheques: 1 }] }],
    ...overrides,
  };
}

const minutes = (count: number): Date => new Date(TUESDAY_MORNING.getTime() + count * 60_000);

describe('many cheques of one booklet at one place within an hour', () => {
  it('counts the busiest hour that contains the redemption', () => {
    const uses = [
      { at: minutes(-90), cheques: 3 },
      { at: minutes(-20), cheques: 2 },
      { at: minutes(0), cheques: 1 },
      { at: minutes(30), cheques: 2 },
      { at: minutes(70), cheques: 4 },
    ];
    // [-20, +40] holds 2 + 1 + 2; [0, +60] holds 1 + 2; the 3 at -90 and the 4 at +70 are more than an hour away from part of it.
    expect(mostChequesWithinWindow(uses, minutes(0))).toBe(5);
    expect(mostChequesWithinWindow(uses, minutes(70))).toBe(6);
  });

  it('flags more than the configured number, not that number', () => {
    const at = (count: number) =>
      facts({ booklets: [{ serial: 'PN-0001', handOutCommune: null, uses: [{ at: TUESDAY_MORNING, cheques: count }] }] });
    expect(bookletBurst(at(4), config)).toBeNull();
    expect(bookletBurst(at(5), config)).toEqual({
      rule: 'booklet_burst',
      text: '5 chèques du carnet PN-0001 encaissés dans ce lieu en moins d’une heure (au-delà de 4).',
    });
  });

  it('does not add up uses more than an hour apart', () => {
    const uses = [
      { at: minutes(0), cheques: 3 },
      { at: minutes(61), cheques: 3 },
    ];
    expect(bookletBurst(facts({ booklets: [{ serial: 'PN-1', handOutCommune: null, uses }] }), config)).toBeNull();
  });
});

describe('outside the opening hours', () => {
  it('says nothing during the opening hours or close to them', () => {
    expect(outsideOpeningHours(facts(), config)).toBeNull();
    // 12:20 in Paris: 20 minutes after closing, within the 30-minute tolerance.
    expect(outsideOpeningHours(facts({ occurredAt: new Date('2027-03-09T11:20:00Z') }), config)).toBeNull();
    // 13:40: 20 minutes before the afternoon opening.
    expect(outsideOpeningHours(facts({ occurredAt: new Date('2027-03-09T12:40:00Z') }), config)).toBeNull();
  });

  it('flags a redemption at night or on a closed day, with the local time', () => {
    expect(outsideOpeningHours(facts({ occurredAt: new Date('2027-03-09T21:14:00Z') }), config)).toEqual({
      rule: 'outside_opening_hours',
      text: 'Encaissé le 09/03/2027 à 22:14, en dehors des horaires d’ouverture du lieu (Mo-Fr 09:00-12:00,14:00-18:00).',
    });
    // Sunday 14 March, 10:00.
    expect(outsideOpeningHours(facts({ occurredAt: new Date('2027-03-14T09:00:00Z') }), config)?.rule).toBe('outside_opening_hours');
  });

  it('reads the hours in the place’s own time zone', () => {
    // 10:30 in Réunion (UTC+4) is 06:30 UTC: open there, though Paris would be closed.
    expect(outsideOpeningHours(facts({ placeCommune: '97411', occurredAt: new Date('2027-03-09T06:30:00Z') }), config)).toBeNull();
  });

  it('says nothing when the hours are unknown or unreadable', () => {
    expect(outsideOpeningHours(facts({ placeHours: null, occurredAt: new Date('2027-03-09T23:00:00Z') }), config)).toBeNull();
    expect(outsideOpeningHours(facts({ placeHours: 'pas un horaire', occurredAt: new Date('2027-03-09T23:00:00Z') }), config)).toBeNull();
  });

  it('honours a wider tolerance', () => {
    const late = facts({ occurredAt: new Date('2027-03-09T17:50:00Z') }); // 18:50, 50 minutes after closing
    expect(outsideOpeningHours(late, config)?.rule).toBe('outside_opening_hours');
    expect(outsideOpeningHours(late, { ...config, openingHoursToleranceMinutes: 60 })).toBeNull();
  });
});

describe('a place in another département than the booklet’s hand-out', () => {
  it('flags another département and names both', () => {
    expect(otherDepartement(facts({ placeCommune: '75056' }))).toEqual({
      rule: 'other_departement',
      text: 'Carnet PN-0001 remis dans le département 33, encaissé dans un lieu du département 75.',
    });
  });

  it('says nothing in the same département, for Corsica and overseas codes, or without a hand-out commune', () => {
    expect(otherDepartement(facts())).toBeNull();
    expect(otherDepartement(facts({ placeCommune: '2A004', booklets: [{ serial: 'X', handOutCommune: '2A247', uses: [] }] }))).toBeNull();
    expect(otherDepartement(facts({ placeCommune: '97411', booklets: [{ serial: 'X', handOutCommune: '97415', uses: [] }] }))).toBeNull();
    expect(otherDepartement(facts({ placeCommune: '97411', booklets: [{ serial: 'X', handOutCommune: '97101', uses: [] }] }))?.rule).toBe(
      'other_departement',
    );
    expect(otherDepartement(facts({ placeCommune: '75056', booklets: [{ serial: 'X', handOutCommune: null, uses: [] }] }))).toBeNull();
  });
});

describe('a place’s daily volume far above its usual', () => {
  const history = [1000, 2000, 2000, 3000, 3000, 3000, 4000, 4000, 5000, 6000];

  it('takes the nearest-rank median of its active days', () => {
    expect(medianOf(history)).toBe(3000);
    expect(medianOf([5, 1, 3])).toBe(3);
    expect(medianOf([])).toBeNull();
  });

  it('flags a day above 5 × the median, not at it', () => {
    expect(volumeSpike({ dayCents: 15_000, dayCheques: 15, historyCents: history }, config)).toBeNull();
    expect(volumeSpike({ dayCents: 15_001, dayCheques: 15, historyCents: history }, config)).toEqual({
      rule: 'volume_spike',
      text: 'Montant encaissé ce jour-là dans ce lieu : 150,01\u202f€, plus de 5 fois sa médiane des 90 derniers jours (30,00\u202f€).',
    });
  });

  it('says nothing for a place without enough history', () => {
    expect(volumeSpike({ dayCents: 1_000_000, dayCheques: 100, historyCents: history.slice(0, 9) }, config)).toBeNull();
  });

  it('says nothing of a day of fewer than 10 cheques (one workshop), however small the median', () => {
    const small = Array.from({ length: 12 }, () => 1000);
    expect(volumeSpike({ dayCents: 9000, dayCheques: 9, historyCents: small }, config)).toBeNull();
    expect(volumeSpike({ dayCents: 10_000, dayCheques: 10, historyCents: small }, config)?.rule).toBe('volume_spike');
  });
});

describe('every rule together', () => {
  it('lists each enabled rule that flags, and only those', () => {
    const suspicious = facts({
      occurredAt: new Date('2027-03-09T22:00:00Z'),
      placeCommune: '75056',
      booklets: [{ serial: 'PN-9', handOutCommune: '33063', uses: [{ at: new Date('2027-03-09T22:00:00Z'), cheques: 8 }] }],
    });
    const day = { dayCents: 100_000, dayCheques: 100, historyCents: Array.from({ length: 12 }, () => 1000) };
    expect(anomaliesOf(suspicious, day, config).map((reason) => reason.rule)).toEqual([
      'booklet_burst',
      'outside_opening_hours',
      'other_departement',
      'volume_spike',
    ]);
    expect(anomaliesOf(suspicious, day, { ...config, enabled: ['other_departement'] }).map((reason) => reason.rule)).toEqual([
      'other_departement',
    ]);
    expect(anomaliesOf(facts(), { dayCents: 1000, dayCheques: 1, historyCents: [] }, config)).toEqual([]);
  });

  it('reads the enabled rules from the configuration, refusing unknown names', () => {
    expect(parseEnabledRules(undefined)).toEqual(['booklet_burst', 'outside_opening_hours', 'other_departement', 'volume_spike']);
    expect(parseEnabledRules('volume_spike, booklet_burst')).toEqual(['volume_spike', 'booklet_burst']);
    expect(parseEnabledRules('none')).toEqual([]);
    expect(() => parseEnabledRules('volume_spike,nightly')).toThrow('unknown anomaly rule(s): nightly');
  });
});
