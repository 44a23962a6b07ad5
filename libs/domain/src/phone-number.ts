/**
 * A place's phone number as people write it (« 05 56 12 34 56 », « 05.56.12.34.56 », « +33 5 56… »)
 * in the national schema's form: international, no spaces (+33556123456). One rule for the API's
 * validation, the place import and the web form. Parsing and validity come from libphonenumber-js, with
 * its full metadata: the short one takes 0590… (Guadeloupe) for a metropolitan number.
 */
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { PHONE_PATTERN } from './national-schema';

/**
 * Metropolitan France first, then the overseas territories whose prefixes the national schema allows
 * (their numbers written nationally, e.g. 0590… in Guadeloupe, are not French metropolitan numbers).
 */
const REGIONS: readonly CountryCode[] = ['FR', 'GP', 'MQ', 'GF', 'RE', 'YT', 'PM', 'NC', 'PF', 'WF'];

/** The number in the national schema's form, or null when it is not a valid French number. */
export function schemaPhoneNumber(text: string): string | null {
  for (const region of REGIONS) {
    const parsed = parsePhoneNumberFromString(text, region);
    if (parsed?.isValid() && PHONE_PATTERN.test(parsed.number)) return parsed.number;
  }
  return null;
}

/** The number in the schema's form when it is one, else the text as it came (its check then reports it). */
export function normalisePhoneNumber<T extends string | null | undefined>(text: T): T | string {
  if (typeof text !== 'string' || text.trim() === '') return text;
  return schemaPhoneNumber(text) ?? text;
}

/** The API's problem for a number that is not one (the web app says it in French). */
export const PHONE_PROBLEM = 'must be a French phone number, e.g. 05 56 12 34 56 or +33556123456';
