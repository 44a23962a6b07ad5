/**
 * A programme is a funder's order of cheques:
 * draft → ordered (cheques issued, printable, not usable) → funded (money received) → active
 * (usable from the first day) → closed (after last day + grace, or by the operator).
 */
export const PROGRAMME_STATUSES = ['draft', 'ordered', 'funded', 'active', 'closed'] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];

export type ProgrammeTransition = 'order' | 'fund' | 'activate' | 'close';

/** The status a transition leads to, or the reason it is refused from the current status. */
export function programmeTransition(from: ProgrammeStatus, transition: ProgrammeTransition): { to: ProgrammeStatus } | { refused: string } {
  switch (transition) {
    case 'order':
      return from === 'draft' ? { to: 'ordered' } : { refused: `only a draft can be ordered (this programme is ${from})` };
    case 'fund':
      return from === 'ordered' ? { to: 'funded' } : { refused: `only an ordered programme can be funded (this programme is ${from})` };
    case 'activate':
      return from === 'funded' ? { to: 'active' } : { refused: `only a funded programme can be activated (this programme is ${from})` };
    case 'close':
      return from === 'active' || from === 'funded'
        ? { to: 'closed' }
        : { refused: `only a funded or active programme can be closed (this programme is ${from})` };
  }
}

/** Cheques of a programme in this status may be used (their own status and dates aside). */
export function programmeAllowsRedemption(status: ProgrammeStatus): boolean {
  switch (status) {
    case 'active':
      return true;
    case 'draft':
    case 'ordered':
    case 'funded':
    case 'closed':
      return false;
  }
}
