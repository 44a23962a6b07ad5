/**
 * Spreadsheet formula injection (OWASP "CSV injection"): a cell that begins with `=`, `+`, `-`,
 * `@`, a tab or a carriage return is run as a formula by Excel, LibreOffice or Google Sheets when
 * a CSV is opened (`=HYPERLINK(…)` to a look-alike site, `+33 cmd|' /C calc'!A0` through DDE).
 * Two rules, one file: free text is refused at entry when it begins like a formula, and every CSV
 * cell that would still be read as one (legacy rows, text typed before the entry rule, text from
 * elsewhere) is written with a leading apostrophe, which makes it text.
 */

/** OWASP's list: the characters a spreadsheet reads as the start of a formula. */
const FORMULA_TRIGGERS = '=+-@\t\r';

/**
 * A number, which a spreadsheet reads as a value, never as a formula: `-12.5`, `+33180059880` (a
 * phone number in the national schema's format, whose pattern an apostrophe would break), `0,5`.
 */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)$/;

/** Whether a spreadsheet would run this cell as a formula. */
export function readsAsFormula(text: string): boolean {
  return text.length > 0 && FORMULA_TRIGGERS.includes(text[0]) && !PLAIN_NUMBER.test(text);
}

/** The text of a CSV cell a spreadsheet shows as it is: a would-be formula gets a leading apostrophe. */
export function spreadsheetSafeText(text: string): string {
  return readsAsFormula(text) ? `'${text}` : text;
}

/**
 * Whether free text typed into the platform is refused because it begins like a formula: `=`, `+`,
 * `@`, a tab or a carriage return, or a dash glued to what follows (`-cmd|…`, `-1+1`). A dash
 * then a space stays accepted: "- atelier" is how French lists an item (the export still
 * neutralises it). Numbers are not formulas.
 */
export function beginsLikeFormula(text: string): boolean {
  if (!readsAsFormula(text)) return false;
  return text[0] !== '-' || (text.length > 1 && !/\s/.test(text[1]));
}

/** The field problem of such text (the web app says it in French, apps/web/src/labels.ts). */
export const BEGINS_LIKE_FORMULA =
  'must not begin with =, +, @, a tab, a carriage return or a dash glued to the next character (spreadsheets would run it as a formula)';
