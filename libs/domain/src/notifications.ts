/**
 * The catalogue of the platform's e-mails (docs/notifications.md): who receives each kind, and
 * whether a person may switch it off. Essential kinds give access to an account or say that money
 * or bank details were refused: they are always sent.
 */
import type { Role } from './roles';

export const NOTIFICATION_KINDS = [
  'invitation',
  'password_reset',
  'first_admin',
  'qualification_decision',
  'renewal_reminder',
  'bank_details_verified',
  'bank_details_rejected',
  'payment_sent',
  'transfer_rejected',
  'refund_transfer_rejected',
  'expiry_alert',
  'statement_available',
  'booklets_idle',
  'funds_coverage_below',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationKindRule {
  /** Always sent: cannot be switched off. */
  essential: boolean;
  /** The roles that receive it (people of the organisation concerned); empty: the person the mail names (invitation, password). */
  roles: readonly Role[];
}

const PLACE: readonly Role[] = ['place_agent'];
const FUNDER: readonly Role[] = ['funder_manager', 'funder_viewer'];
const DISTRIBUTOR: readonly Role[] = ['distributor_agent'];

export function notificationRule(kind: NotificationKind): NotificationKindRule {
  switch (kind) {
    case 'invitation':
    case 'password_reset':
    case 'first_admin':
      return { essential: true, roles: [] };
    // A funder's manager enters its bank details too (its refunds), and hears about their review.
    case 'bank_details_rejected':
      return { essential: true, roles: [...PLACE, 'funder_manager'] };
    case 'bank_details_verified':
      return { essential: false, roles: [...PLACE, 'funder_manager'] };
    case 'transfer_rejected':
      return { essential: true, roles: PLACE };
    case 'refund_transfer_rejected':
      return { essential: true, roles: FUNDER };
    case 'qualification_decision':
    case 'renewal_reminder':
    case 'payment_sent':
      return { essential: false, roles: PLACE };
    case 'expiry_alert':
    case 'statement_available':
      return { essential: false, roles: FUNDER };
    case 'booklets_idle':
      return { essential: false, roles: DISTRIBUTOR };
    case 'funds_coverage_below':
      // Money owed is no longer covered: the operator's admins must act, nobody may switch it off.
      return { essential: true, roles: ['operator_admin'] };
  }
}

/** The kinds a person of this role may receive about their organisation, in catalogue order (the preferences page lists them). */
export function notificationKindsFor(role: Role): NotificationKind[] {
  return NOTIFICATION_KINDS.filter((kind) => notificationRule(kind).roles.includes(role));
}

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/**
 * Problems of a person's choice of kinds to switch off, as the field `switchedOff` of their request:
 * unknown kinds, kinds not sent to their role, essential kinds. Empty when the choice can be saved.
 */
export function switchedOffProblems(role: Role, switchedOff: readonly string[]): string[] {
  const problems: string[] = [];
  const own = notificationKindsFor(role);
  for (const kind of switchedOff) {
    if (!isNotificationKind(kind)) problems.push(`"${kind}" is not a notification kind`);
    else if (notificationRule(kind).essential) problems.push(`"${kind}" is essential and cannot be switched off`);
    else if (!own.includes(kind)) problems.push(`"${kind}" is not sent to your role`);
  }
  return problems;
}

/** A booklet in a distributor's stock with no cheque handed out this many days after it arrived is idle: its distributor is told once. */
export const BOOKLET_IDLE_DAYS = 60;

/** Sent and given-up outbox rows are deleted after this many days (MAIL_OUTBOX_RETENTION_DAYS). */
export const DEFAULT_OUTBOX_RETENTION_DAYS = 90;
