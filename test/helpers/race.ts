/**
 * The race harness: for each cheque, fire every attempt at once and count who won. A cheque with
 * more than one winner is a double spend. The attempt function is the only thing that differs
 * between the real API and the naive implementation the tests use to prove the harness.
 */
export type AttemptOutcome = 'won' | 'already_used' | string;

export interface RaceReport {
  attempts: number;
  winners: number;
  /** Winners beyond the first, summed over cheques. */
  doubleSpends: number;
  /** Outcomes that are neither a win nor "already used" (errors), with the cheque. */
  unexpected: string[];
}

export async function raceCheques(
  cheques: string[],
  attemptsPerCheque: number,
  attempt: (code: string, attemptIndex: number) => Promise<AttemptOutcome>,
): Promise<RaceReport> {
  const report: RaceReport = { attempts: 0, winners: 0, doubleSpends: 0, unexpected: [] };
  for (const code of cheques) {
    const outcomes = await Promise.all(Array.from({ length: attemptsPerCheque }, (_, index) => attempt(code, index)));
    const wins = outcomes.filter((outcome) => outcome === 'won').length;
    report.attempts += outcomes.length;
    report.winners += wins;
    report.doubleSpends += Math.max(0, wins - 1);
    report.unexpected.push(...outcomes.filter((outcome) => outcome !== 'won' && outcome !== 'already_used').map((o) => `${code}: ${o}`));
  }
  return report;
}
