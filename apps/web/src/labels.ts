/** French wording of the API's codes, and date formatting (always in the platform's time zone, Paris). */
import type { ApiScope, AuditEvent, ChequeCounts, NotificationKind, OrganisationKind, ProgrammeStatus, Role } from './api';
import { localDate, METROPOLITAN_TIME_ZONE } from './shared-domain';

export const ROLE_LABELS: Record<Role, string> = {
  operator_admin: 'Opérateur — administration',
  operator_reviewer: 'Opérateur — qualification',
  funder_manager: 'Financeur — gestion',
  funder_viewer: 'Financeur — consultation',
  distributor_agent: 'Structure distributrice',
  place_agent: 'Lieu de médiation',
};

/** What each e-mail notification says, in the words of the preferences page (docs/notifications.md). */
export const NOTIFICATION_LABELS: Record<NotificationKind, { label: string; hint: string }> = {
  invitation: { label: 'Invitation à créer un compte', hint: 'Le lien pour rejoindre une organisation.' },
  password_reset: { label: 'Mot de passe oublié', hint: 'Le lien pour choisir un nouveau mot de passe, quand vous le demandez.' },
  first_admin: { label: 'Premier compte d’administration', hint: 'Le lien pour choisir votre mot de passe.' },
  qualification_decision: {
    label: 'Décisions de qualification',
    hint: 'Lieu qualifié, qualification refusée, ou compléments demandés sur une demande.',
  },
  renewal_reminder: {
    label: 'Rappels de renouvellement',
    hint: 'Avant la fin de la qualification d’un lieu (aux échéances prévues, par exemple 90, 60, 30 et 7 jours avant).',
  },
  bank_details_verified: { label: 'Coordonnées bancaires vérifiées', hint: 'Quand l’opérateur a vérifié vos coordonnées bancaires.' },
  bank_details_rejected: {
    label: 'Coordonnées bancaires refusées',
    hint: 'Vos remboursements attendent tant qu’elles ne sont pas corrigées.',
  },
  payment_sent: { label: 'Remboursements versés', hint: 'Chaque virement, avec le lien vers son avis de paiement.' },
  transfer_rejected: { label: 'Virement rejeté par la banque', hint: 'La somme reste due et sera versée de nouveau.' },
  refund_transfer_rejected: {
    label: 'Remboursement d’un avoir rejeté par la banque',
    hint: 'Le virement qui vous remboursait l’avoir d’un programme clos a été rejeté : la somme vous reste due.',
  },
  expiry_alert: {
    label: 'Fin de validité des programmes',
    hint: '30, 15 et 7 jours avant la fin : carnets pas encore remis, chèques remis pas encore utilisés.',
  },
  statement_available: {
    label: 'Relevés disponibles',
    hint: 'Le relevé de commande une fois le paiement reçu, le relevé de clôture à la fin.',
  },
  booklets_idle: {
    label: 'Carnets en attente',
    hint: 'Les carnets reçus depuis plus de 60 jours dont aucun chèque n’a été remis.',
  },
  funds_coverage_below: {
    label: 'Couverture des fonds sous 100 %',
    hint: 'Le solde confirmé du compte cantonné ne couvre plus ce que la plateforme doit : toujours envoyé.',
  },
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
  'redemptions:read': 'Lire les encaissements',
  'redemptions:write': 'Encaisser des chèques (caisse, logiciel de réservation)',
  'settlement:read': 'Lire les remboursements (lots, fichiers de virements, relevés)',
  'settlement:write': 'Enregistrer les réponses de la banque (virements payés ou rejetés)',
  'ledger:read': 'Lire la comptabilité (soldes, écritures, relevés de programme)',
  'webhooks:manage': 'Gérer les webhooks (être prévenu des encaissements et des paiements)',
};

/** Same rule as the API's scopeAllowedFor(): the audit trail and the bank's answers are the operator's alone, redeeming the places'. */
export function scopesFor(kind: OrganisationKind): ApiScope[] {
  const common: ApiScope[] = ['organisation:read', 'users:read'];
  switch (kind) {
    case 'operator':
      return [...common, 'audit:read', 'redemptions:read', 'settlement:read', 'settlement:write', 'ledger:read'];
    case 'place':
      return [...common, 'redemptions:read', 'redemptions:write', 'settlement:read', 'webhooks:manage'];
    case 'funder':
      return [...common, 'settlement:read', 'ledger:read'];
    case 'distributor':
      return common;
  }
}

export const ACTOR_TYPE_LABELS: Record<AuditEvent['actorType'], string> = {
  user: 'Utilisateur',
  api_token: 'Jeton API',
  system: 'Système',
  anonymous: 'Anonyme',
};

/** Known values, offered as suggestions in the audit filters (later features add more). */
export const AUDIT_OBJECT_TYPES = [
  'organisation',
  'user',
  'session',
  'invitation',
  'api_token',
  'programme',
  'booklet',
  'cheque',
  'hand_out',
  'stock_transfer',
];
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
  'programme.created',
  'programme.updated',
  'programme.ordered',
  'programme.funded',
  'programme.activated',
  'programme.closed',
  'programme.refund_paid',
  'booklets.allocated',
  'booklets.printed',
  'cheques.handed_out',
  'booklet.cancelled',
  'booklet.reissued',
  'cheque.cancelled',
  'stock_transfer.requested',
  'stock_transfer.approved',
  'stock_transfer.refused',
];

export const PROGRAMME_STATUS_LABELS: Record<ProgrammeStatus, string> = {
  draft: 'Brouillon',
  ordered: 'Commandé',
  funded: 'Financé',
  active: 'Actif',
  closed: 'Clos',
};

/** The national vocabulary of mediation services (kept with the schema's other vocabularies). */
export { SERVICES } from './national-schema';

/** The anonymous profile of a hand-out (same values as the API's AGE_BANDS and SITUATIONS). */
export const AGE_BAND_LABELS: Record<string, string> = {
  moins_de_26: 'Moins de 26 ans',
  '26_44': '26 à 44 ans',
  '45_59': '45 à 59 ans',
  '60_74': '60 à 74 ans',
  '75_et_plus': '75 ans et plus',
};

export const SITUATION_LABELS: Record<string, string> = {
  salarie: 'Salarié·e',
  demandeur_emploi: "Demandeur·se d'emploi",
  allocataire_rsa: 'Allocataire du RSA',
  retraite: 'Retraité·e',
  etudiant: 'Étudiant·e',
  parent_au_foyer: 'Parent au foyer',
  en_situation_de_handicap: 'En situation de handicap',
  autre: 'Autre situation',
};

/** What a booklet's cheques have become, in words: "10 à remettre", "3 remis, 7 utilisés". */
const COUNT_WORDS: Array<[keyof ChequeCounts, string, string]> = [
  ['issued', 'à remettre', 'à remettre'],
  ['distributed', 'remis', 'remis'],
  ['redeemed', 'utilisé', 'utilisés'],
  ['settled', 'remboursé au lieu', 'remboursés au lieu'],
  ['cancelled', 'annulé', 'annulés'],
  ['expired', 'expiré', 'expirés'],
];

export function countsInWords(counts: ChequeCounts): string[] {
  return COUNT_WORDS.filter(([key]) => counts[key] > 0).map(([key, one, many]) => `${counts[key]} ${counts[key] > 1 ? many : one}`);
}

/** "1 chèque", "10 chèques". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('fr-FR')} ${count > 1 ? many : one}`;
}

/** The API's validation problems are in English: say the common ones in French. */
const PROBLEM_LABELS: Array<[RegExp, string | ((match: RegExpExecArray) => string)]> = [
  [
    /contains a NUL character|lone UTF-16 surrogate/,
    'Ce texte contient un caractère invisible ou invalide : retapez-le sans copier-coller.',
  ],
  [/is nested more than \d+ levels deep/, 'Ces données sont trop imbriquées pour être traitées.'],
  [
    /must not begin with =, \+, @/,
    'Ce texte ne peut pas commencer par =, +, @, une tabulation ou un tiret collé au mot suivant : un tableur le prendrait pour une formule. Commencez-le par une lettre ou un chiffre.',
  ],
  [/must be an email address/, 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.'],
  [/must not be empty|should not be empty/, 'Ce champ est obligatoire.'],
  [/must be at least (\d+) characters/, 'Saisissez au moins $1 caractères.'],
  [/must be at most (\d+) characters|must be shorter than or equal to (\d+)/, 'Ce texte est trop long.'],
  [/must not contain the email address/, 'Ne reprenez pas votre adresse e-mail dans le mot de passe.'],
  [/must not repeat a single character/, 'Ne répétez pas un seul caractère.'],
  [/^is incorrect$/, 'Ce mot de passe est incorrect.'],
  [/already has an account/, 'Un compte existe déjà pour cette adresse e-mail.'],
  [/already used by another organisation/, 'Une organisation de ce type porte déjà ce nom.'],
  [/must name at least one scope/, 'Cochez au moins un droit.'],
  [/is not a role of a/, "Ce rôle n'existe pas pour ce type d'organisation."],
  [/must be one of|must be a UUID/, 'Choisissez une valeur dans la liste.'],
  [
    /must be at least the total due, (\d+) cents/,
    (match) => `Le montant reçu doit couvrir au moins le total dû, soit ${formatEuros(Number(match[1]))}.`,
  ],
  [/must be a whole number of cents|must be an integer number/, 'Saisissez un nombre entier.'],
  [/must not be less than (\d+)/, 'La valeur doit être au moins $1.'],
  [/must not be greater than (\d+)/, 'La valeur doit être au plus $1.'],
  [/must be between (\d+) and (\d+)/, (match) => `Saisissez un numéro entre ${match[1]} et ${match[2]}.`],
  [/must be a past or present date/, 'La date ne peut pas être dans le futur.'],
  [/must be a date as YYYY-MM-DD|must be a valid date/, 'Saisissez une date valide.'],
  [/must not be before validFrom/, 'Le dernier jour ne peut pas précéder le premier jour.'],
  [/"([^"]*)" is not an INSEE/, "Le code « $1 » n'est pas un code INSEE de département ou de commune."],
  [/must be an INSEE commune code/, "Saisissez le code INSEE d'une commune (5 caractères), par exemple 33063."],
  [/must not be below fromNumber/, 'Le dernier numéro ne peut pas être plus petit que le premier.'],
  [/must be a distributor organisation/, 'Choisissez une structure distributrice.'],
  [/must look like 7K3F-00012/, 'Saisissez le numéro imprimé sur le carnet, par exemple 7K3F-00012.'],
  [/give either a booklet serial or cheque codes/, "Saisissez soit le numéro d'un carnet, soit des codes de chèques."],
  [/is not a valid cheque code/, 'Ce code de chèque contient une erreur : vérifiez chaque caractère.'],
  [/service of the national vocabulary/, 'Choisissez des services dans la liste.'],
  [/must contain at least \d+ elements?/, 'Ce champ est obligatoire.'],
  [/must contain no more than (\d+) elements?/, 'Saisissez au plus $1 éléments.'],
  [/elements must be unique/, "Chaque valeur ne doit figurer qu'une fois."],
  [/is not an allowed field/, "Ce champ n'est pas accepté."],
  // Files checked whole by the API (issue 18): before the looser "must be a PNG or JPEG image" below.
  [
    /must be a complete PNG or JPEG image/,
    'Ce fichier est endommagé ou incomplet : ouvrez-le sur votre ordinateur, enregistrez-le de nouveau en PNG ou en JPEG, puis envoyez-le.',
  ],
  [
    /must be a PNG or JPEG image that can be printed/,
    'Cette image ne peut pas être imprimée : enregistrez-la de nouveau en PNG ou en JPEG standard, puis envoyez-la.',
  ],
  [
    /must be at most (\d+) pixels a side and (\d+) megapixels/,
    (match) => `L’image est trop grande : ${match[1]} pixels de côté et ${match[2]} mégapixels au plus. Réduisez-la puis envoyez-la.`,
  ],
  [/must be an image of at least 1 × 1 pixel/, 'L’image est vide.'],
  [
    /must be a PDF document that opens/,
    'Ce fichier n’est pas un PDF lisible (endommagé, ou d’un autre type renommé en .pdf) : ouvrez-le, enregistrez-le de nouveau en PDF, puis envoyez-le.',
  ],
  [/must be a PDF document with at least one page/, 'Ce PDF ne contient aucune page.'],
  [/must be a PNG or JPEG image/, 'Le fichier doit être une image PNG ou JPEG (son contenu compte, pas son nom).'],
  [/must be 1 MB at most/, 'Le fichier dépasse 1 Mo : réduisez-le ou choisissez-en un autre.'],
];

export function problemLabel(problem: string): string {
  for (const [pattern, label] of PROBLEM_LABELS) {
    const match = pattern.exec(problem);
    if (match) return typeof label === 'string' ? label.replace('$1', match[1] ?? match[2] ?? '') : label(match);
  }
  return 'Vérifiez ce champ.';
}

const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: METROPOLITAN_TIME_ZONE });
const dateTimeSeconds = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium', timeZone: METROPOLITAN_TIME_ZONE });
const dateOnly = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: METROPOLITAN_TIME_ZONE });

export function formatDateTime(iso: string | null, withSeconds = false): string {
  if (!iso) return '—';
  return (withSeconds ? dateTimeSeconds : dateTime).format(new Date(iso));
}

export function formatDate(iso: string): string {
  return dateOnly.format(new Date(iso));
}

const calendarDay = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' });

/** A calendar day (YYYY-MM-DD, no time zone) in words: "31 décembre 2027". */
export function formatDay(day: string | null): string {
  if (!day) return '—';
  return calendarDay.format(new Date(`${day}T00:00:00Z`));
}

const calendarMonth = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "2026-09" → "septembre 2026". */
export function formatMonth(month: string): string {
  const [year, number] = month.split('-').map(Number);
  return calendarMonth.format(new Date(Date.UTC(year, number - 1, 1)));
}

/** Today in Paris, as YYYY-MM-DD (the default day of a hand-out, the latest one allowed). */
export function todayInParis(): string {
  return localDate(new Date());
}

/** 1050 → "10,50 €": integer cents only, never floats (same format as the API's formatEuros). */
export function formatEuros(cents: number): string {
  if (!Number.isSafeInteger(cents)) return '—';
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  const euros = Math.floor(absolute / 100).toLocaleString('fr-FR');
  return `${sign}${euros},${String(absolute % 100).padStart(2, '0')}\u202f€`;
}

/** Basis points as a French percentage: 250 → "2,5 %". */
export function formatBasisPoints(basisPoints: number): string {
  const whole = Math.floor(basisPoints / 100);
  const rest = String(basisPoints % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${whole}${rest ? `,${rest}` : ''}\u202f%`;
}

/** The instant a calendar day (YYYY-MM-DD) starts in Paris, as ISO 8601 UTC. */
export function parisDayStart(day: string, addDays = 0): string {
  const [year, month, date] = day.split('-').map(Number);
  const utcMidnight = Date.UTC(year, month - 1, date + addDays);
  // Paris' UTC offset at that time (DST changes happen at 2–3 am, never around midnight).
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: METROPOLITAN_TIME_ZONE,
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
