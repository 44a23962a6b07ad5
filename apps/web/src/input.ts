/**
 * What people type (or scan) into forms, turned into API values. Money is parsed from the text,
 * digit by digit, into integer cents: never through a floating-point number.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const SPACES = /[\s\u00a0\u202f]/g;

/**
 * Euros as typed in France → integer cents: "10" → 1000, "10,50" → 1050, "10.5" → 1050,
 * "1 000" → 100000, "12 €" → 1200. More than two decimals is refused, not rounded.
 */
export function parseEuros(text: string): Parsed<number> {
  const compact = text.replace(SPACES, '').replace(/€$/, '');
  if (compact === '') return { ok: false, problem: 'Ce champ est obligatoire.' };
  const match = /^(\d{1,12})(?:[,.](\d*))?$/.exec(compact);
  if (!match) return { ok: false, problem: 'Saisissez un montant en euros, par exemple 10 ou 10,50.' };
  const decimals = match[2] ?? '';
  if (decimals.length > 2) return { ok: false, problem: 'Saisissez au plus deux chiffres après la virgule (les centimes).' };
  const cents = Number(match[1]) * 100 + Number(decimals.padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? { ok: true, value: cents } : { ok: false, problem: 'Ce montant est trop grand.' };
}

/** Integer cents as a person would type them back: 1000 → "10", 1050 → "10,50". */
export function eurosForInput(cents: number): string {
  const rest = cents % 100;
  return rest === 0 ? String(Math.floor(cents / 100)) : `${Math.floor(cents / 100)},${String(rest).padStart(2, '0')}`;
}

/** A count or a number: digits only ("10"), no sign, no decimals. */
export function parseWholeNumber(text: string): Parsed<number> {
  const compact = text.replace(SPACES, '');
  if (compact === '') return { ok: false, problem: 'Ce champ est obligatoire.' };
  if (!/^\d{1,9}$/.test(compact)) return { ok: false, problem: 'Saisissez un nombre entier, sans virgule, par exemple 10.' };
  return { ok: true, value: Number(compact) };
}

/** "33, 33063 ; 2a" → ["33", "33063", "2A"] (the API checks each code). */
export function parseCodeList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,;\s]+/)
        .map((code) => code.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
}

/**
 * A cheque code from what was typed or scanned: a QR code holds the address of the check page
 * (https://…/c/CODE?p=…), a person types "ABCD-EFGH-JKMN-PQRS-T" (the API normalises the rest).
 */
export function chequeCodeFromInput(text: string): string {
  const trimmed = text.trim();
  const fromUrl = /\/c\/([^/?#\s]+)/.exec(trimmed);
  return (fromUrl ? safeDecode(fromUrl[1]) : trimmed).replace(SPACES, '').toUpperCase();
}

/** One cheque code per line (blank lines ignored, duplicates kept once). */
export function chequeCodesFromLines(text: string): string[] {
  return [...new Set(text.split(/\r?\n/).map(chequeCodeFromInput).filter(Boolean))];
}

/** A booklet serial as typed or scanned from its cover: "7k3f-00012", " 7K3F 00012 " and "7K3F00012" → "7K3F-00012". */
export function bookletSerialFromInput(text: string): string {
  const compact = text.replace(SPACES, '').toUpperCase();
  const match = /^([0-9A-Z]{4})[-_]?(\d{5})$/.exec(compact);
  return match ? `${match[1]}-${match[2]}` : compact;
}

/** "ABCDEFGHJKMNPQRST" → "ABCD-EFGH-JKMN-PQRS-T", as printed on cheques (for display only). */
export function formatChequeCode(code: string): string {
  const compact = code.toUpperCase().replace(/[\s\-_.]/g, '');
  if (compact.length !== 17) return code;
  return [...(compact.slice(0, 16).match(/.{4}/g) ?? []), compact.slice(16)].join('-');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
