/** French wording of bank details: statuses, the API's problems (libs/places: bank-details.service.ts), and an IBAN to read. */
import type { BankDetailsStatus } from './api';
import { problemLabel } from './labels';

export const BANK_STATUS_LABELS: Record<BankDetailsStatus, string> = {
  submitted: 'En attente de vérification',
  verified: 'Vérifiées',
  rejected: 'Refusées',
};

const TYPING_MISTAKE = 'L’IBAN contient une faute de frappe : sa clé de contrôle ne correspond pas. Recopiez-le depuis le RIB.';

const BANK_PROBLEMS: Array<[RegExp, string]> = [
  [/^is required$/, 'Ce champ est obligatoire.'],
  [/has an unknown country code/, 'Les deux premières lettres ne sont pas un code de pays connu.'],
  [/has the wrong length for its country/, 'L’IBAN n’a pas la bonne longueur : un IBAN français compte 27 caractères.'],
  [/has characters in the wrong places/, 'L’IBAN contient des caractères inattendus : recopiez-le depuis le RIB.'],
  [/check digits must be digits/, 'Les 3ᵉ et 4ᵉ caractères de l’IBAN (sa clé) doivent être des chiffres.'],
  // Either key failing means a typing mistake: one sentence for both (the API often names the two).
  [/check digits are wrong|national check key \(clé RIB\) is wrong/, TYPING_MISTAKE],
  [/is not a valid IBAN/, 'Cet IBAN n’est pas valide : recopiez-le depuis le RIB.'],
  [
    /must be a French account/,
    'Le compte doit être français : un IBAN commençant par FR (ou par le code d’un territoire d’outre-mer ou de Monaco).',
  ],
  [/is not a valid BIC/, 'Saisissez un BIC de 8 ou 11 caractères, par exemple AGRIFRPP.'],
  [/must be 2 to 70 characters/, 'Saisissez de 2 à 70 caractères.'],
  [
    /must contain at least \d+ letters or digits once written in the Latin letters/,
    'Le nom du titulaire doit comporter au moins 2 lettres ou chiffres : recopiez-le tel qu’il figure sur le RIB, sans émoji ni symbole seul.',
  ],
  [/is required to reject/, 'Indiquez le motif du refus : il est communiqué au lieu.'],
  [/must be a PDF, PNG or JPEG/, 'Le fichier doit être un PDF, un PNG ou un JPEG.'],
];

export function bankProblem(problem: string): string {
  return BANK_PROBLEMS.find(([pattern]) => pattern.test(problem))?.[1] ?? problemLabel(problem);
}

/** "FR7630006000011234567890189" → "FR76 3000 6000 0112 3456 7890 189", as printed on a RIB. */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}
