/**
 * The platform's e-mails, in French: plain text and a simple HTML version of the same words (one
 * heading, paragraphs, a plain link; no image, no tracking, no style that hides text). The
 * notifications a person may switch off end with the link to their preferences.
 */
import { formatEuros, formatFrenchDate, type IsoDate, type QualificationOutcome } from '@app/domain';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

interface Body {
  subject: string;
  /** Paragraphs before the link. */
  before: string[];
  link: { url: string; label: string };
  /** Paragraphs after the link. */
  after: string[];
  /** The preferences page, for the notifications a person may switch off. */
  preferencesUrl?: string;
}

/** Where a notification's link goes, and the preferences page when the person may switch it off (docs/notifications.md). */
export interface NotificationLinks {
  url: string;
  preferencesUrl?: string;
}

const SIGNATURE = 'L’équipe du Pass numérique';
const NO_REPLY = 'Ce message est envoyé automatiquement : merci de ne pas y répondre.';

const PREFERENCES = 'Vous pouvez choisir les notifications que vous recevez sur la page « Mes notifications »';

function compose(body: Body): MailContent {
  const footer = body.preferencesUrl ? [`${PREFERENCES} :\n${body.preferencesUrl}`] : [];
  const text =
    ['Bonjour,', ...body.before, `${body.link.label} :\n${body.link.url}`, ...body.after, SIGNATURE, NO_REPLY, ...footer].join('\n\n') +
    '\n';
  const paragraphs = (lines: string[]) => lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
  const preferences = body.preferencesUrl
    ? `\n<p><small>${escapeHtml(PREFERENCES)} : <a href="${escapeHtml(body.preferencesUrl)}" style="color: #000091;">${escapeHtml(body.preferencesUrl)}</a></small></p>`
    : '';
  const html = `<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(body.subject)}</title></head>
<body style="font-family: sans-serif; font-size: 16px; line-height: 1.5; color: #161616; background: #ffffff;">
<h1 style="font-size: 1.25em;">${escapeHtml(body.subject)}</h1>
<p>Bonjour,</p>
${paragraphs(body.before)}
<p><a href="${escapeHtml(body.link.url)}" style="color: #000091;">${escapeHtml(body.link.label)}</a></p>
<p>Si le lien ne s’ouvre pas, copiez cette adresse dans votre navigateur :<br>${escapeHtml(body.link.url)}</p>
${paragraphs(body.after)}
<p>${escapeHtml(SIGNATURE)}</p>
<p><small>${escapeHtml(NO_REPLY)}</small></p>${preferences}
</body>
</html>
`;
  return { subject: body.subject, text, html };
}

export function invitationMail(input: { organisationName: string; url: string; validityDays: number }): MailContent {
  return compose({
    subject: `Invitation à rejoindre ${input.organisationName} sur le Pass numérique`,
    before: [`Vous êtes invité·e à rejoindre « ${input.organisationName} » sur la plateforme du Pass numérique.`],
    link: { url: input.url, label: 'Créer mon compte' },
    after: [
      `Ce lien est valable ${input.validityDays} jours et ne sert qu’une fois.`,
      'Si vous ne vous attendiez pas à cette invitation, ignorez ce message : aucun compte ne sera créé.',
    ],
  });
}

export function passwordResetMail(input: { url: string; validityMinutes: number }): MailContent {
  return compose({
    subject: 'Choisir un nouveau mot de passe pour le Pass numérique',
    before: ['Une demande de nouveau mot de passe a été faite pour votre compte sur la plateforme du Pass numérique.'],
    link: { url: input.url, label: 'Choisir un nouveau mot de passe' },
    after: [
      `Ce lien est valable ${input.validityMinutes} minutes et ne sert qu’une fois. Une fois le mot de passe choisi, toutes vos sessions ouvertes sont fermées.`,
      'Si vous n’avez rien demandé, ignorez ce message : votre mot de passe actuel reste valable.',
    ],
  });
}

export function firstPasswordMail(input: { organisationName: string; url: string; validityHours: number }): MailContent {
  return compose({
    subject: 'Votre compte d’administration du Pass numérique',
    before: [`Un compte d’administration de « ${input.organisationName} » a été créé pour vous sur la plateforme du Pass numérique.`],
    link: { url: input.url, label: 'Choisir mon mot de passe' },
    after: [`Ce lien est valable ${input.validityHours} heures et ne sert qu’une fois.`],
  });
}

// Notifications (docs/notifications.md). Names of places, programmes and organisations are quoted « … ».

export function qualificationDecisionMail(
  input: { placeName: string; outcome: QualificationOutcome; motivation: string; validUntil: IsoDate | null } & NotificationLinks,
): MailContent {
  const place = `« ${input.placeName} »`;
  const reason = input.motivation.trim();
  switch (input.outcome) {
    case 'qualified':
      return compose({
        subject: `Qualification accordée à ${place}`,
        before: [
          `Le lieu ${place} est qualifié pour le Pass numérique${input.validUntil ? ` jusqu’au ${formatFrenchDate(input.validUntil)} inclus` : ''} : il peut encaisser les chèques.`,
          ...(reason ? [`Commentaire de l’équipe de qualification : ${reason}`] : []),
        ],
        link: { url: input.url, label: 'Voir la décision' },
        after: [],
        preferencesUrl: input.preferencesUrl,
      });
    case 'changes_requested':
      return compose({
        subject: `Qualification de ${place} : des compléments sont demandés`,
        before: [
          `L’équipe de qualification a relu la demande de ${place} et demande des compléments avant de décider.`,
          `Ce qui est demandé : ${reason}`,
        ],
        link: { url: input.url, label: 'Compléter la demande' },
        after: ['Une fois la demande complétée, envoyez-la de nouveau depuis la même page.'],
        preferencesUrl: input.preferencesUrl,
      });
    case 'rejected':
      return compose({
        subject: `Qualification refusée à ${place}`,
        before: [`La demande de qualification de ${place} pour le Pass numérique est refusée.`, `Motif : ${reason}`],
        link: { url: input.url, label: 'Voir la décision' },
        after: ['Vous pourrez faire une nouvelle demande depuis la page du lieu.'],
        preferencesUrl: input.preferencesUrl,
      });
  }
}

export function renewalReminderMail(
  input: { placeName: string; qualifiedUntil: IsoDate; daysLeft: number } & NotificationLinks,
): MailContent {
  const place = `« ${input.placeName} »`;
  return compose({
    subject: `Qualification de ${place} : fin dans ${input.daysLeft} jour${input.daysLeft > 1 ? 's' : ''}`,
    before: [
      `La qualification de ${place} au Pass numérique prend fin le ${formatFrenchDate(input.qualifiedUntil)}. Après cette date, le lieu ne peut plus encaisser de chèques.`,
      'Pour continuer sans interruption, demandez son renouvellement dès maintenant : la nouvelle période suivra la précédente sans perdre un jour.',
    ],
    link: { url: input.url, label: 'Demander le renouvellement' },
    after: ['Si un renouvellement est déjà en cours, ce message vous rappelle seulement la date.'],
    preferencesUrl: input.preferencesUrl,
  });
}

export function bankDetailsReviewedMail(
  input: { organisationName: string; maskedIban: string; verdict: 'verified' | 'rejected'; note: string | null } & NotificationLinks,
): MailContent {
  const organisation = `« ${input.organisationName} »`;
  if (input.verdict === 'verified') {
    return compose({
      subject: 'Coordonnées bancaires vérifiées',
      before: [
        `Les coordonnées bancaires de ${organisation} (IBAN ${input.maskedIban}) ont été vérifiées. Les prochains remboursements seront versés sur ce compte.`,
      ],
      link: { url: input.url, label: 'Voir les coordonnées bancaires' },
      after: [],
      preferencesUrl: input.preferencesUrl,
    });
  }
  return compose({
    subject: 'Coordonnées bancaires refusées : à corriger',
    before: [
      `Les coordonnées bancaires de ${organisation} (IBAN ${input.maskedIban}) n’ont pas pu être vérifiées. Tant qu’elles ne le sont pas, les remboursements attendent.`,
      ...(input.note ? [`Motif : ${input.note}`] : []),
    ],
    link: { url: input.url, label: 'Corriger les coordonnées bancaires' },
    after: ['Saisissez de nouveau les coordonnées et joignez le relevé d’identité bancaire (RIB) du compte.'],
    preferencesUrl: input.preferencesUrl,
  });
}

export function paymentSentMail(input: { amountCents: number; paidOn: IsoDate; bankReference: string } & NotificationLinks): MailContent {
  return compose({
    subject: `Remboursement de ${formatEuros(input.amountCents)} versé`,
    before: [
      `Le virement de ${formatEuros(input.amountCents)} qui rembourse vos chèques encaissés est parti le ${formatFrenchDate(input.paidOn)} (référence ${input.bankReference}).`,
      'L’avis de paiement détaille chaque chèque remboursé ; il se télécharge en PDF depuis la page de vos remboursements.',
    ],
    link: { url: input.url, label: 'Voir mes remboursements et l’avis de paiement' },
    after: [],
    preferencesUrl: input.preferencesUrl,
  });
}

export function transferRejectedMail(input: { amountCents: number; reason: string } & NotificationLinks): MailContent {
  return compose({
    subject: `Virement de ${formatEuros(input.amountCents)} rejeté par la banque`,
    before: [
      `Le virement de ${formatEuros(input.amountCents)} qui remboursait vos chèques encaissés a été rejeté par la banque. La somme vous reste due : elle sera de nouveau versée dans un prochain lot.`,
      `Motif donné par la banque : ${input.reason}`,
      'Vérifiez vos coordonnées bancaires : si elles ont changé, saisissez les nouvelles.',
    ],
    link: { url: input.url, label: 'Voir mes remboursements' },
    after: [],
    preferencesUrl: input.preferencesUrl,
  });
}

/** To the funder: the transfer paying back a closed programme's credit note came back from its bank. */
export function refundTransferRejectedMail(
  input: { programmeName: string; amountCents: number; reason: string } & NotificationLinks,
): MailContent {
  return compose({
    subject: `Remboursement de ${formatEuros(input.amountCents)} rejeté par la banque`,
    before: [
      `Le virement de ${formatEuros(input.amountCents)} qui vous remboursait l’avoir du programme « ${input.programmeName} » a été rejeté par la banque. La somme vous reste due : elle vous sera de nouveau versée.`,
      `Motif donné par la banque : ${input.reason}`,
      'Si le motif concerne votre compte, vérifiez vos coordonnées bancaires et saisissez-les de nouveau si elles ont changé.',
    ],
    link: { url: input.url, label: 'Voir le programme' },
    after: [],
    preferencesUrl: input.preferencesUrl,
  });
}

export function expiryAlertMail(
  input: {
    programmeName: string;
    validUntil: IsoDate;
    daysLeft: number;
    bookletsNotHandedOut: number;
    chequesHandedOutUnused: number;
  } & NotificationLinks,
): MailContent {
  const programme = `« ${input.programmeName} »`;
  return compose({
    subject: `Programme ${programme} : fin de validité dans ${input.daysLeft} jour${input.daysLeft > 1 ? 's' : ''}`,
    before: [
      `Les chèques du programme ${programme} sont valables jusqu’au ${formatFrenchDate(input.validUntil)} inclus.`,
      `À ce jour : ${input.bookletsNotHandedOut} carnet${input.bookletsNotHandedOut > 1 ? 's' : ''} pas encore remis et ${input.chequesHandedOutUnused} chèque${input.chequesHandedOutUnused > 1 ? 's' : ''} remis mais pas encore utilisé${input.chequesHandedOutUnused > 1 ? 's' : ''}.`,
      'Les chèques non utilisés à la fin expirent ; leur valeur vous revient sous forme d’avoir.',
    ],
    link: { url: input.url, label: 'Voir le programme' },
    after: [],
    preferencesUrl: input.preferencesUrl,
  });
}

export function statementAvailableMail(input: { programmeName: string; statement: 'order' | 'closing' } & NotificationLinks): MailContent {
  const programme = `« ${input.programmeName} »`;
  const order = input.statement === 'order';
  return compose({
    subject: order ? `Relevé de commande disponible : ${programme}` : `Relevé de clôture disponible : ${programme}`,
    before: [
      order
        ? `Le paiement du programme ${programme} a été reçu. Son relevé de commande (valeur des chèques, frais, montant reçu) est disponible en PDF.`
        : `Le programme ${programme} est terminé. Son relevé de clôture (chèques utilisés, expirés, annulés) et l’avoir correspondant sont disponibles en PDF.`,
    ],
    link: { url: input.url, label: 'Voir le relevé' },
    after: [],
    preferencesUrl: input.preferencesUrl,
  });
}

export interface IdleBooklet {
  serial: string;
  programmeName: string;
  allocatedOn: IsoDate;
}

export function bookletsIdleMail(input: { idleDays: number; booklets: IdleBooklet[] } & NotificationLinks): MailContent {
  const count = input.booklets.length;
  const plural = count > 1;
  return compose({
    subject: plural
      ? `${count} carnets en stock depuis plus de ${input.idleDays} jours`
      : `Un carnet en stock depuis plus de ${input.idleDays} jours`,
    before: [
      `${plural ? 'Ces carnets sont' : 'Ce carnet est'} dans votre stock depuis plus de ${input.idleDays} jours sans qu’aucun chèque n’ait été remis :`,
      ...input.booklets.map(
        (booklet) => `– ${booklet.serial} (${booklet.programmeName}), reçu le ${formatFrenchDate(booklet.allocatedOn)}`,
      ),
      'Si vous ne pouvez pas les remettre, signalez-le à l’opérateur : ils pourront servir ailleurs avant leur date de fin.',
    ],
    link: { url: input.url, label: 'Voir mes carnets' },
    after: [],
    preferencesUrl: input.preferencesUrl,
  });
}

export function fundsCoverageBelowMail(
  input: { ratio: string; balanceCents: number; balanceOn: IsoDate; liabilitiesCents: number } & NotificationLinks,
): MailContent {
  return compose({
    subject: `Couverture des fonds sous 100 % : ${input.ratio}`,
    before: [
      `Le solde confirmé du compte cantonné (${formatEuros(input.balanceCents)} au ${formatFrenchDate(input.balanceOn)}) ne couvre plus ce que la plateforme doit : ${formatEuros(input.liabilitiesCents)} (chèques financés encore utilisables, encaissements pas encore remboursés aux lieux, avoirs des financeurs pas encore reversés).`,
      'Tant que la couverture reste sous 100 %, aucun nouveau programme ne peut être activé. Saisissez un nouveau solde avec son relevé bancaire dès que le compte est réapprovisionné ; un second administrateur le confirme.',
    ],
    link: { url: input.url, label: 'Voir la couverture des fonds' },
    after: [],
    preferencesUrl: input.preferencesUrl,
  });
}
