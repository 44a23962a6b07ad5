/**
 * What the scanner's field says while a code is typed (or a hand scanner types a QR code's
 * address): how many characters are there, then whether the check character (the last one)
 * matches, before anything is sent.
 */
import { plural } from '../labels';
import { CODE_LENGTH, normaliseChequeCode, parseChequeCode, readScannedCheque } from '../shared-domain';

export type EntryFeedback = { tone: 'progress'; message: string } | { tone: 'valid'; message: string } | { tone: 'error'; message: string };

const CODE_CHARACTERS = /^[0-9A-Z*~$=]*$/;

export function entryFeedback(text: string): EntryFeedback | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (/^https?:/i.test(trimmed)) {
    return readScannedCheque(trimmed).ok
      ? { tone: 'valid', message: 'QR code de chèque lu : appuyez sur Entrée pour le vérifier.' }
      : { tone: 'progress', message: 'Lecture du QR code…' };
  }
  const code = normaliseChequeCode(trimmed);
  if (!CODE_CHARACTERS.test(code)) {
    return { tone: 'error', message: 'Un code de chèque ne contient que des lettres et des chiffres.' };
  }
  if (code.length < CODE_LENGTH) return { tone: 'progress', message: `${plural(code.length, 'caractère')} sur ${CODE_LENGTH}.` };
  if (code.length > CODE_LENGTH) return { tone: 'error', message: `Trop de caractères : un code de chèque en compte ${CODE_LENGTH}.` };
  const parsed = parseChequeCode(code);
  if (parsed.ok) return { tone: 'valid', message: 'Code complet, caractère de contrôle correct : appuyez sur Entrée pour le vérifier.' };
  return parsed.problem === 'wrong_check'
    ? {
        tone: 'error',
        message:
          'Erreur de saisie probable : le dernier caractère (le contrôle) ne correspond pas au reste du code. Vérifiez chaque caractère.',
      }
    : { tone: 'error', message: "Ce code n'est pas celui d'un chèque Pass numérique : vérifiez chaque caractère." };
}
