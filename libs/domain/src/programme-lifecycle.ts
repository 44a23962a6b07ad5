/**
 * A programme is a funder's order of cheques:
 * draft → ordered (cheques issued, printable, not usable) → funded (money received) → active
 * (usable from the first day) → closed (after last day + grace, or by the operator).
 */
export const PROGRAMME_STATUSES = ['draft', 'ordered', 'funded', 'active', 'closed'] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];

export type ProgrammeTransition = 'order' | 'fund' | 'activate' | 'close';

/** The stable code of each refusal (sent as `details.code` with the 409), one per transition. */
export const PROGRAMME_REFUSALS = [
  'programme_not_draft',
  'programme_not_ordered',
  'programme_not_activatable',
  'programme_not_closable',
] as const;
export type ProgrammeRefusal = (typeof PROGRAMME_REFUSALS)[number];

/** The status a transition leads to, or why it is refused from the current status. */
export function programmeTransition(
  from: ProgrammeStatus,
  transition: ProgrammeTransition,
): { to: ProgrammeStatus } | { refused: string; code: ProgrammeRefusal } {
  switch (transition) {
    case 'order':
      return from === 'draft'
        ? { to: 'ordered' }
        : { refused: `only a draft can be ordered (this programme is ${from})`, code: 'programme_not_draft' };
    case 'fund':
      return from === 'ordered'
        ? { to: 'funded' }
        : { refused: `only an ordered programme can be funded (this programme is ${from})`, code: 'programme_not_ordered' };
    case 'activate':
      return from === 'funded'
        ? { to: 'active' }
        : { refused: `only a funded programme can be activated (this programme is ${from})`, code: 'programme_not_activatable' };
    case 'close':
      return from === 'active' || from === 'funded'
        ? { to: 'closed' }
        : { refused: `only a funded or active programme can be closed (this programme is ${from})`, code: 'programme_not_closable' };
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
