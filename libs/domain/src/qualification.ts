/**
 * Qualification rules: how an application's scores add up, which decision they allow, and how
 * long a qualification lasts. The reviewer decides; these rules make the decision explainable.
 */
import { addDays, addMonths } from './calendar';
import { MAX_CRITERION_SCORE, type Referential } from './qualification-referential';

export const APPLICATION_STATUSES = ['draft', 'submitted', 'changes_requested', 'qualified', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const QUALIFICATION_OUTCOMES = ['qualified', 'changes_requested', 'rejected'] as const;
export type QualificationOutcome = (typeof QUALIFICATION_OUTCOMES)[number];

export interface CriterionAnswer {
  text: string;
  links: string[];
}

/** A reviewer's mark: `met` for a mandatory criterion, `score` (0..3) for a scored one. */
export interface CriterionScore {
  criterionCode: string;
  met?: boolean;
  score?: number;
  comment: string;
}

export interface ScoreSummary {
  scorePercent: number;
  unmetMandatory: string[];
  passes: boolean;
}

export interface ScoreProblem {
  criterionCode: string;
  problem: string;
}

/** Every criterion scored exactly once, with the right kind of mark. */
export function scoreProblems(referential: Referential, scores: CriterionScore[]): ScoreProblem[] {
  const problems: ScoreProblem[] = [];
  const byCode = new Map<string, CriterionScore[]>();
  for (const score of scores) byCode.set(score.criterionCode, [...(byCode.get(score.criterionCode) ?? []), score]);
  for (const code of byCode.keys()) {
    if (!referential.criteria.some((criterion) => criterion.code === code)) {
      problems.push({ criterionCode: code, problem: `is not a criterion of referential version ${referential.version}` });
    }
  }
  for (const criterion of referential.criteria) {
    const marks = byCode.get(criterion.code) ?? [];
    if (marks.length !== 1) {
      problems.push({ criterionCode: criterion.code, problem: marks.length === 0 ? 'must be scored' : 'is scored more than once' });
      continue;
    }
    const [mark] = marks;
    switch (criterion.kind) {
      case 'mandatory':
        if (typeof mark.met !== 'boolean') problems.push({ criterionCode: criterion.code, problem: 'is mandatory: say whether it is met' });
        break;
      case 'scored':
        if (!Number.isInteger(mark.score) || (mark.score as number) < 0 || (mark.score as number) > MAX_CRITERION_SCORE) {
          problems.push({ criterionCode: criterion.code, problem: `needs a score from 0 to ${MAX_CRITERION_SCORE}` });
        }
        break;
    }
  }
  return problems;
}

/** Assumes `scoreProblems` found nothing. */
export function summariseScores(referential: Referential, scores: CriterionScore[]): ScoreSummary {
  let weighted = 0;
  let maximum = 0;
  const unmetMandatory: string[] = [];
  for (const criterion of referential.criteria) {
    const mark = scores.find((score) => score.criterionCode === criterion.code);
    switch (criterion.kind) {
      case 'mandatory':
        if (mark?.met !== true) unmetMandatory.push(criterion.code);
        break;
      case 'scored':
        weighted += criterion.weight * (mark?.score ?? 0);
        maximum += criterion.weight * MAX_CRITERION_SCORE;
        break;
    }
  }
  const scorePercent = maximum === 0 ? 100 : Math.floor((weighted * 100) / maximum);
  return { scorePercent, unmetMandatory, passes: unmetMandatory.length === 0 && scorePercent >= referential.passThresholdPercent };
}

/** Why an outcome cannot be chosen with these scores, or null when it can. */
export function outcomeRefusal(outcome: QualificationOutcome, summary: ScoreSummary): string | null {
  switch (outcome) {
    case 'qualified':
      if (summary.unmetMandatory.length > 0) return `mandatory criteria not met: ${summary.unmetMandatory.join(', ')}`;
      if (!summary.passes) return `score ${summary.scorePercent} % is below the pass threshold`;
      return null;
    case 'changes_requested':
    case 'rejected':
      return null;
  }
}

/**
 * Last day (inclusive) of a qualification starting on `validFrom`: the day before the anniversary
 * `validityMonths` later; when that month has no such day (a 29 February, a 31st), the month's last
 * day, so that the next period starts on the 1st and not a day is lost (29 Feb 2028 → 28 Feb 2029).
 */
export function qualificationValidUntil(validFrom: string, validityMonths: number): string {
  const anniversary = addMonths(validFrom, validityMonths);
  const clamped = anniversary.slice(8) !== validFrom.slice(8);
  return clamped ? anniversary : addDays(anniversary, -1);
}

/** A place is public (map, open data) and may redeem while qualified, in date and not suspended. */
export function isPlaceQualified(place: { qualifiedUntil: string | null; suspendedAt: Date | null }, today: string): boolean {
  return place.qualifiedUntil !== null && place.qualifiedUntil >= today && place.suspendedAt === null;
}
