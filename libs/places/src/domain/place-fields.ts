/**
 * A place's national-schema fields, their checks, and their CSV form. Multi-valued fields are
 * arrays here and `|`-joined only in the CSV. Pure: no framework, the clock comes from callers.
 */
import OpeningHours from 'opening_hours';
import {
  BEGINS_LIKE_FORMULA,
  beginsLikeFormula,
  DISPOSITIFS_PROGRAMMES_NATIONAUX,
  type FieldProblem,
  FORMATIONS_LABELS,
  FRAIS_A_CHARGE,
  INSEE_CODE_PATTERN,
  isIsoDate,
  ITINERANCES,
  MODALITES_ACCES,
  MODALITES_ACCOMPAGNEMENT,
  NATIONAL_SCHEMA_COLUMNS,
  type NationalSchemaRow,
  normalisePhoneNumber,
  PHONE_PATTERN,
  PHONE_PROBLEM,
  pivotProblem,
  POSTCODE_PATTERN,
  PRESENTATION_RESUME_MAX_LENGTH,
  PRISES_EN_CHARGE_SPECIFIQUES,
  PUBLICS_SPECIFIQUEMENT_ADRESSES,
  SERVICES,
} from '@app/domain';
import { dataInclusionNameProblem } from './data-inclusion';

/** What describes a place in the national schema, except `id` and `date_maj` (set by the registry). */
export interface PlaceFields {
  pivot: string;
  nom: string;
  commune: string;
  code_postal: string;
  code_insee: string | null;
  adresse: string;
  complement_adresse: string | null;
  latitude: number | null;
  longitude: number | null;
  typologie: string[];
  telephone: string | null;
  courriels: string[];
  site_web: string[];
  horaires: string | null;
  presentation_resume: string | null;
  presentation_detail: string | null;
  source: string | null;
  itinerance: string[];
  structure_parente: string | null;
  services: string[];
  publics_specifiquement_adresses: string[];
  prise_en_charge_specifique: string[];
  frais_a_charge: string[];
  dispositif_programmes_nationaux: string[];
  formations_labels: string[];
  autres_formations_labels: string[];
  modalites_acces: string[];
  modalites_accompagnement: string[];
  fiche_acces_libre: string | null;
  prise_rdv: string | null;
}

export const MULTI_VALUED_FIELDS = [
  'typologie',
  'courriels',
  'site_web',
  'itinerance',
  'services',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'autres_formations_labels',
  'modalites_acces',
  'modalites_accompagnement',
] as const satisfies ReadonlyArray<keyof PlaceFields>;

/** Every field of PlaceFields, in the schema's column order (the schema minus `id` and `date_maj`). */
export const PLACE_FIELD_NAMES = NATIONAL_SCHEMA_COLUMNS.filter((column) => column !== 'id' && column !== 'date_maj') as ReadonlyArray<
  keyof PlaceFields
>;

/** A place's fields picked out of any object that has them (an entity, a request). */
export function pickPlaceFields(source: PlaceFields): PlaceFields {
  return Object.fromEntries(PLACE_FIELD_NAMES.map((field) => [field, source[field]])) as unknown as PlaceFields;
}

/** Absent optional values: empty lists for multi-valued fields, null for the others. */
export function emptyPlaceFields(): PlaceFields {
  const multiValued: ReadonlyArray<string> = MULTI_VALUED_FIELDS;
  return Object.fromEntries(PLACE_FIELD_NAMES.map((field) => [field, multiValued.includes(field) ? [] : null])) as unknown as PlaceFields;
}

/**
 * Fields a place writes freely (not a code, number, phone, URL or vocabulary value): refused when
 * they begin like a spreadsheet formula, as their DTO fields are (@IsSpreadsheetSafe).
 */
export const FREE_TEXT_FIELDS = [
  'nom',
  'commune',
  'adresse',
  'complement_adresse',
  'typologie',
  'courriels',
  'horaires',
  'presentation_resume',
  'presentation_detail',
  'source',
  'structure_parente',
  'autres_formations_labels',
] as const satisfies ReadonlyArray<keyof PlaceFields>;

/** The schema's closed vocabularies, by field. */
export const VOCABULARIES: Partial<Record<keyof PlaceFields, readonly string[]>> = {
  itinerance: ITINERANCES,
  services: SERVICES,
  publics_specifiquement_adresses: PUBLICS_SPECIFIQUEMENT_ADRESSES,
  prise_en_charge_specifique: PRISES_EN_CHARGE_SPECIFIQUES,
  frais_a_charge: FRAIS_A_CHARGE,
  dispositif_programmes_nationaux: DISPOSITIFS_PROGRAMMES_NATIONAUX,
  formations_labels: FORMATIONS_LABELS,
  modalites_acces: MODALITES_ACCES,
  modalites_accompagnement: MODALITES_ACCOMPAGNEMENT,
};

const EMAIL = /^[^\s@|]+@[^\s@|]+\.[^\s@|]+$/;

/** Parses OpenStreetMap opening hours; throws with the library's (French) explanation when invalid. */
export function parseOpeningHours(value: string): OpeningHours {
  return new OpeningHours(value, { lat: 46.6, lon: 2.4, address: { country_code: 'fr', state: '' } }, { locale: 'fr' } as never);
}

interface OpeningHoursReading {
  canonical: string;
  problem: string | null;
}

// Parsing costs about a millisecond and a national file repeats a few hundred distinct schedules
// over thousands of rows: each distinct text is read once.
const readings = new Map<string, OpeningHoursReading>();

function readOpeningHours(text: string): OpeningHoursReading {
  let reading = readings.get(text);
  if (!reading) {
    try {
      reading = { canonical: parseOpeningHours(text).prettifyValue(), problem: null };
    } catch (error) {
      const explanation = String(error instanceof Error ? error.message : error)
        .replace(/\s+/g, ' ')
        .trim();
      reading = {
        canonical: text,
        problem: `is not valid OpenStreetMap opening_hours syntax (e.g. "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00"): ${explanation}`,
      };
    }
    if (readings.size >= 10_000) readings.clear();
    readings.set(text, reading);
  }
  return reading;
}

/**
 * The library reads common near-misses ("lundi 9h-12h"); we store its canonical OSM form
 * ("Mo 09:00-12:00") so that every consumer of the open data can read it.
 */
export function normaliseOpeningHours(value: string | null): string | null {
  if (!value?.trim()) return null;
  return readOpeningHours(value.trim()).canonical;
}

export function openingHoursProblem(value: string): string | null {
  return readOpeningHours(value.trim()).problem;
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Every problem of every field, in the API's `{ field, problems }` shape. */
export function placeFieldProblems(fields: PlaceFields): FieldProblem[] {
  const problems = new Map<string, string[]>();
  const add = (field: string, problem: string): void => {
    problems.set(field, [...(problems.get(field) ?? []), problem]);
  };
  const required = ['pivot', 'nom', 'commune', 'code_postal', 'adresse'] as const;
  for (const field of required) if (!fields[field]?.trim()) add(field, 'is required');

  // A name data·inclusion v1 cannot take would keep the place out of that export.
  const nameProblem = fields.nom?.trim() ? dataInclusionNameProblem(fields.nom) : null;
  if (nameProblem) add('nom', nameProblem);
  if (fields.pivot?.trim()) {
    const problem = pivotProblem(fields.pivot);
    if (problem) add('pivot', problem);
  }
  if (fields.code_postal && !POSTCODE_PATTERN.test(fields.code_postal)) add('code_postal', 'must be 5 digits');
  if (fields.code_insee && !INSEE_CODE_PATTERN.test(fields.code_insee))
    add('code_insee', 'must be an INSEE commune code (5 characters, e.g. 33063 or 2A004)');
  if ((fields.latitude === null) !== (fields.longitude === null))
    add(fields.latitude === null ? 'latitude' : 'longitude', 'latitude and longitude go together');
  if (fields.latitude !== null && !(Number.isFinite(fields.latitude) && Math.abs(fields.latitude) <= 90))
    add('latitude', 'must be a number between -90 and 90');
  if (fields.longitude !== null && !(Number.isFinite(fields.longitude) && Math.abs(fields.longitude) <= 180))
    add('longitude', 'must be a number between -180 and 180');
  if (fields.telephone && !PHONE_PATTERN.test(fields.telephone)) add('telephone', PHONE_PROBLEM);
  for (const email of fields.courriels) if (!EMAIL.test(email)) add('courriels', `"${email}" is not an e-mail address`);
  for (const field of ['site_web'] as const)
    for (const url of fields[field]) if (!isHttpUrl(url)) add(field, `"${url}" is not an http(s) URL`);
  for (const field of ['fiche_acces_libre', 'prise_rdv'] as const) {
    const url = fields[field];
    if (url && !isHttpUrl(url)) add(field, 'must be an http(s) URL');
  }
  if (fields.presentation_resume && fields.presentation_resume.length > PRESENTATION_RESUME_MAX_LENGTH) {
    add('presentation_resume', `must be at most ${PRESENTATION_RESUME_MAX_LENGTH} characters`);
  }
  if (fields.horaires) {
    const problem = openingHoursProblem(fields.horaires);
    if (problem) add('horaires', problem);
  }
  for (const field of FREE_TEXT_FIELDS) {
    const value = fields[field];
    if ((Array.isArray(value) ? value : [value]).some((text) => text && beginsLikeFormula(text))) add(field, BEGINS_LIKE_FORMULA);
  }
  for (const field of MULTI_VALUED_FIELDS) {
    const values = fields[field];
    if (values.some((value) => value.includes('|'))) add(field, 'values cannot contain "|" (it separates values in the CSV)');
    const vocabulary = VOCABULARIES[field];
    if (!vocabulary) continue;
    for (const value of values) if (!vocabulary.includes(value)) add(field, `"${value}" is not in the national vocabulary`);
  }
  return [...problems].map(([field, fieldProblems]) => ({ field, problems: fieldProblems }));
}

const blankToNull = (value: string | undefined): string | null => (value?.trim() ? value.trim() : null);
const splitValues = (value: string | undefined): string[] =>
  (value ?? '')
    .split('|')
    .map((part) => part.trim())
    .filter((part) => part !== '');

/** Reads a CSV row of the national schema (numbers that do not parse become a problem, not NaN). */
export function placeFieldsFromRow(row: Partial<NationalSchemaRow>): { fields: PlaceFields; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const number = (field: 'latitude' | 'longitude'): number | null => {
    const text = blankToNull(row[field]);
    if (text === null) return null;
    const value = Number(text);
    if (!Number.isFinite(value)) problems.push({ field, problems: [`"${text}" is not a number`] });
    return Number.isFinite(value) ? value : null;
  };
  const fields: PlaceFields = {
    pivot: (row.pivot ?? '').replace(/\s+/g, ''),
    nom: (row.nom ?? '').trim(),
    commune: (row.commune ?? '').trim(),
    code_postal: (row.code_postal ?? '').trim(),
    code_insee: blankToNull(row.code_insee),
    adresse: (row.adresse ?? '').trim(),
    complement_adresse: blankToNull(row.complement_adresse),
    latitude: number('latitude'),
    longitude: number('longitude'),
    telephone: normalisePhoneNumber(blankToNull(row.telephone)),
    horaires: normaliseOpeningHours(blankToNull(row.horaires)),
    presentation_resume: blankToNull(row.presentation_resume),
    presentation_detail: blankToNull(row.presentation_detail),
    source: blankToNull(row.source),
    structure_parente: blankToNull(row.structure_parente),
    fiche_acces_libre: blankToNull(row.fiche_acces_libre),
    prise_rdv: blankToNull(row.prise_rdv),
    typologie: splitValues(row.typologie),
    courriels: splitValues(row.courriels),
    site_web: splitValues(row.site_web),
    itinerance: splitValues(row.itinerance),
    services: splitValues(row.services),
    publics_specifiquement_adresses: splitValues(row.publics_specifiquement_adresses),
    prise_en_charge_specifique: splitValues(row.prise_en_charge_specifique),
    frais_a_charge: splitValues(row.frais_a_charge),
    dispositif_programmes_nationaux: splitValues(row.dispositif_programmes_nationaux),
    formations_labels: splitValues(row.formations_labels),
    autres_formations_labels: splitValues(row.autres_formations_labels),
    modalites_acces: splitValues(row.modalites_acces),
    modalites_accompagnement: splitValues(row.modalites_accompagnement),
  };
  const dateMaj = row.date_maj?.trim() ?? '';
  if (!isIsoDate(dateMaj)) problems.push({ field: 'date_maj', problems: ['is required, as a date YYYY-MM-DD'] });
  if (!row.id?.trim()) problems.push({ field: 'id', problems: ['is required'] });
  // An unreadable coordinate is reported once, not again as "latitude and longitude go together".
  const unreadable = problems.some((problem) => problem.field === 'latitude' || problem.field === 'longitude');
  const fieldProblems = placeFieldProblems(fields).filter(
    (problem) => !(unreadable && problem.problems.includes('latitude and longitude go together')),
  );
  return { fields, problems: [...problems, ...fieldProblems] };
}

/** The CSV row of the national schema for a place (the open-data export). */
export function placeToRow(place: PlaceFields & { id: string; date_maj: string }): NationalSchemaRow {
  const row = {} as NationalSchemaRow;
  for (const column of NATIONAL_SCHEMA_COLUMNS) row[column] = schemaText((place as unknown as Record<string, unknown>)[column]);
  return row;
}

/** A value as the national CSV writes it: a list joined with `|`, nothing for an absent value, numbers as JavaScript writes them. */
export function schemaText(value: unknown): string {
  return Array.isArray(value) ? value.join('|') : value === null || value === undefined ? '' : String(value);
}
