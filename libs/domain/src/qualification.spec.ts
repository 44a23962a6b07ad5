import fc from 'fast-check';
import { addMonths } from './calendar';
import { maskIban } from './places';
import {
  type CriterionScore,
  isPlaceQualified,
  outcomeRefusal,
  qualificationValidUntil,
  scoreProblems,
  summariseScores,
} from './qualification';
import { MAX_CRITERION_SCORE, REFERENTIAL_V1 } from './qualification-referential';

const marks = (score: number, met = true): CriterionScore[] =>
  REFERENTIAL_V1.criteria.map((criterion) =>
    criterion.kind === 'mandatory'
      ? { criterionCode: criterion.code, met, comment: '' }
      : { criterionCode: criterion.code, score, comment: '' },
  );

describe('qualification scoring', () => {
  it('ships a v1 of 8 to 12 criteria with unique codes, weights only on scored ones', () => {
    expect(REFERENTIAL_V1.criteria.length).toBeGreaterThanOrEqual(8);
    expect(REFERENTIAL_V1.criteria.length).toBeLessThanOrEqual(12);
    expect(new Set(REFERENTIAL_V1.criteria.map((criterion) => criterion.code)).size).toBe(REFERENTIAL_V1.criteria.length);
    for (const criterion of REFERENTIAL_V1.criteria) expect(criterion.weight > 0).toBe(criterion.kind === 'scored');
  });

  it('asks for every criterion exactly once, with the right kind of mark', () => {
    const scores = marks(2).filter((score) => score.criterionCode !== 'SATISFACTION');
    scores.push({ criterionCode: 'MEDIATEUR', met: true, comment: '' }, { criterionCode: 'INVENTE', score: 1, comment: '' });
    scores[0] = { criterionCode: 'ACCUEIL', score: 3, comment: '' };
    expect(scoreProblems(REFERENTIAL_V1, scores)).toEqual([
      { criterionCode: 'INVENTE', problem: 'is not a criterion of referential version 1' },
      { criterionCode: 'ACCUEIL', problem: 'is mandatory: say whether it is met' },
      { criterionCode: 'MEDIATEUR', problem: 'is scored more than once' },
      { criterionCode: 'SATISFACTION', problem: 'must be scored' },
    ]);
    expect(scoreProblems(REFERENTIAL_V1, marks(4))).toHaveLength(6);
  });

  it('weights the scores, and qualifies only with every mandatory criterion met and the threshold reached', () => {
    expect(summariseScores(REFERENTIAL_V1, marks(3))).toEqual({ scorePercent: 100, unmetMandatory: [], passes: true });
    expect(summariseScores(REFERENTIAL_V1, marks(2)).scorePercent).toBe(66);
    expect(summariseScores(REFERENTIAL_V1, marks(1)).passes).toBe(false);
    const unmet = summariseScores(REFERENTIAL_V1, marks(3, false));
    expect(unmet.passes).toBe(false);
    expect(outcomeRefusal('qualified', unmet)).toBe('mandatory criteria not met: ACCUEIL, MEDIATEUR, CATALOGUE, DONNEES, NEUTRALITE');
    expect(outcomeRefusal('qualified', summariseScores(REFERENTIAL_V1, marks(1)))).toBe('score 33 % is below the pass threshold');
    expect(outcomeRefusal('rejected', unmet)).toBeNull();
  });

  it('never passes below the threshold, and always passes at full marks (property)', () => {
    const scored = REFERENTIAL_V1.criteria.filter((criterion) => criterion.kind === 'scored');
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: MAX_CRITERION_SCORE }), { minLength: scored.length, maxLength: scored.length }),
        (values) => {
          const scores = marks(0).map((score) =>
            score.score === undefined ? score : { ...score, score: values[scored.findIndex((c) => c.code === score.criterionCode)] },
          );
          const summary = summariseScores(REFERENTIAL_V1, scores);
          expect(summary.scorePercent).toBeGreaterThanOrEqual(0);
          expect(summary.scorePercent).toBeLessThanOrEqual(100);
          expect(summary.passes).toBe(summary.scorePercent >= REFERENTIAL_V1.passThresholdPercent);
        },
      ),
    );
  });

  it('lasts until the day before the anniversary, or the month end when the anniversary has no such day', () => {
    expect(qualificationValidUntil('2026-11-23', 12)).toBe('2027-11-22');
    expect(qualificationValidUntil('2028-02-29', 12)).toBe('2029-02-28');
    expect(qualificationValidUntil('2027-01-31', 1)).toBe('2027-02-28');
    expect(qualificationValidUntil('2027-01-28', 1)).toBe('2027-02-27');
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
  });

  it('is public only while in date and not suspended', () => {
    expect(isPlaceQualified({ qualifiedUntil: '2027-01-01', suspendedAt: null }, '2027-01-01')).toBe(true);
    expect(isPlaceQualified({ qualifiedUntil: '2027-01-01', suspendedAt: null }, '2027-01-02')).toBe(false);
    expect(isPlaceQualified({ qualifiedUntil: '2027-01-01', suspendedAt: new Date() }, '2026-12-01')).toBe(false);
    expect(isPlaceQualified({ qualifiedUntil: null, suspendedAt: null }, '2026-12-01')).toBe(false);
  });

  it('masks an IBAN but its country, check digits and last four characters', () => {
    expect(maskIban('FR7630006000011234567890189')).toBe('FR76 •••• •••• •••• •••• •••0 189');
    expect(maskIban('fr14 2004 1010 0505 0001 3m02 606')).toBe('FR14 •••• •••• •••• •••• •••2 606');
  });
});
