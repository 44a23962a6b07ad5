/** French wording of the API's codes, and date formatting (always Europe/Paris). */
import type { ApiScope, AuditEvent, OrganisationKind, Role } from './api';

export const ROLE_LABELS: Record<Role, string> = {
  operator_admin: 'Opérateur — administration',
  operator_reviewer: 'Opérateur — qualification',
  funder_manager: 'Financeur — gestion',
  funder_viewer: 'Financeur — consultation',
  distributor_agent: 'Structure distributrice',
  place_agent: 'Lieu de médiation',
};

export const KIND_LABELS: Record<OrganisationKind, string> = {
  operator: 'Opérateur',
  funder: 'Financeur',
  distributor: 'Structure distributrice',
  place: 'Lieu de médiation',
};

export const ORGANISATION_KINDS = Object.keys(KIND_LABELS) as OrganisationKind[];

/** Same pairing as the API's rolesOfKind(). */
export const ROLES_OF_KIND: Record<OrganisationKind, Role[]> = {
  operator: ['operator_admin', 'operator_reviewer'],
  funder: ['funder_manager', 'funder_viewer'],
  distributor: ['distributor_agent'],
  place: ['place_agent'],
};

export const SCOPE_LABELS: Record<ApiScope, string> = {
  'organisation:read': "Lire l'organisation",
  'users:read': 'Lire les utilisateurs',
  'audit:read': "Lire le journal d'audit",
};

/** Same rule as the API's scopeAllowedFor(): the audit trail is the operator's alone. */
export function scopesFor(kind: OrganisationKind): ApiScope[] {
  return kind === 'operator' ? ['organisation:read', 'users:read', 'audit:read'] : ['organisation:read', 'users:read'];
}

export const ACTOR_TYPE_LABELS: Record<AuditEvent['actorType'], string> = {
  user: 'Utilisateur',
  api_token: 'Jeton API',
  system: 'Système',
  anonymous: 'Anonyme',
};

/** Known values, offered as suggestions in the audit filters (later features add more). */
export const AUDIT_OBJECT_TYPES = ['organisation', 'user', 'session', 'invitation', 'api_token'];
export const AUDIT_ACTIONS = [
  'organisation.created',
  'user.created',
  'user.logged_in',
  'user.login_failed',
  'user.logged_out',
  'session.revoked',
  'invitation.created',
  'invitation.accepted',
  'api_token.created',
  'api_token.revoked',
];

/** The API's validation problems are in English: say the common ones in French. */
const PROBLEM_LABELS: Array<[RegExp, string]> = [
  [/must be an email address/, 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.'],
  [/must not be empty|should not be empty/, 'Ce champ est obligatoire.'],
  [/must be at least (\d+) characters/, 'Saisissez au moins $1 caractères.'],
  [/must be at most (\d+) characters|must be shorter than or equal to (\d+)/, 'Ce texte est trop long.'],
  [/must not contain the email address/, 'Ne reprenez pas votre adresse e-mail dans le mot de passe.'],
  [/must not repeat a single character/, 'Ne répétez pas un seul caractère.'],
  [/already has an account/, 'Un compte existe déjà pour cette adresse e-mail.'],
  [/already used by another organisation/, 'Une organisation de ce type porte déjà ce nom.'],
  [/must name at least one scope/, 'Cochez au moins un droit.'],
  [/is not a role of a/, "Ce rôle n'existe pas pour ce type d'organisation."],
  [/must be one of/, 'Choisissez une valeur dans la liste.'],
];

export function problemLabel(problem: string): string {
  for (const [pattern, label] of PROBLEM_LABELS) {
    const match = pattern.exec(problem);
    if (match) return label.replace('$1', match[1] ?? '');
  }
  return 'Vérifiez ce champ.';
}

const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' });
const dateTimeSeconds = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Europe/Paris' });
const dateOnly = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' });

export function formatDateTime(iso: string | null, withSeconds = false): string {
  if (!iso) return '—';
  return (withSeconds ? dateTimeSeconds : dateTime).format(new Date(iso));
}

export function formatDate(iso: string): string {
  return dateOnly.format(new Date(iso));
}

/** The instant a calendar day (YYYY-MM-DD) starts in Paris, as ISO 8601 UTC. */
export function parisDayStart(day: string, addDays = 0): string {
  const [year, month, date] = day.split('-').map(Number);
  const utcMidnight = Date.UTC(year, month - 1, date + addDays);
  // Paris' UTC offset at that time (DST changes happen at 2–3 am, never around midnight).
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(new Date(utcMidnight))
      .map((part) => [part.type, part.value]),
  );
  const parisAsUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
  return new Date(utcMidnight - (parisAsUtc - utcMidnight)).toISOString();
}

/** "Firefox sur Linux" rather than a 120-character user agent string. */
export function browserLabel(userAgent: string | null): string {
  if (!userAgent) return 'Inconnu';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /(Chrome|Chromium)\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : null;
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  if (!browser) return 'Autre logiciel';
  return system ? `${browser} sur ${system}` : browser;
}
