/**
 * The platform's e-mails, in French: plain text and a simple HTML version of the same words (one
 * heading, paragraphs, a plain link; no image, no tracking, no style that hides text).
 */
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
}

const SIGNATURE = 'L’équipe du Pass numérique';
const NO_REPLY = 'Ce message est envoyé automatiquement : merci de ne pas y répondre.';

function compose(body: Body): MailContent {
  const text =
    ['Bonjour,', ...body.before, `${body.link.label} :\n${body.link.url}`, ...body.after, SIGNATURE, NO_REPLY].join('\n\n') + '\n';
  const paragraphs = (lines: string[]) => lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
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
<p><small>${escapeHtml(NO_REPLY)}</small></p>
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
