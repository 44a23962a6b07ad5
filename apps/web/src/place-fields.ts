/**
 * The place form: every national-schema field with its French label, hint and kind of input; the
 * form's text turned into the API's values and back; the registry's problems (in English) in French.
 */
import type { ManagedPlace, PlaceFields } from './api';
import type { FormErrors } from './forms';
import { INVALID_FORM } from './forms';
import { problemLabel } from './labels';
import {
  DISPOSITIFS_PROGRAMMES_NATIONAUX,
  FORMATIONS_LABELS,
  FRAIS_A_CHARGE,
  ITINERANCES,
  MODALITES_ACCES,
  MODALITES_ACCOMPAGNEMENT,
  PRISES_EN_CHARGE_SPECIFIQUES,
  PUBLICS_SPECIFIQUEMENT_ADRESSES,
  SERVICES,
} from './national-schema';
import { schemaPhoneNumber } from './shared-domain';

export type PlaceFieldName = keyof PlaceFields;

/**
 * text: one line; textarea: paragraphs; lines: a list typed one value a line; coordinate: a number
 * in degrees (also set by clicking a map); choices: boxes to tick in a national vocabulary; hours:
 * the opening hours day by day, kept as their OpenStreetMap text.
 */
export type PlaceFieldKind = 'text' | 'textarea' | 'lines' | 'coordinate' | 'choices' | 'hours';

export interface PlaceFieldSpec {
  name: PlaceFieldName;
  kind: PlaceFieldKind;
  label: string;
  hint?: string;
  vocabulary?: readonly string[];
  maxLength?: number;
  inputMode?: 'numeric' | 'decimal' | 'tel' | 'url';
}

export const OPENING_HOURS_EXAMPLE = 'Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00';

/** The form's parts, each a fieldset, in the order a place describes itself. */
export const PLACE_FORM_SECTIONS: Array<{ legend: string; fields: PlaceFieldSpec[] }> = [
  {
    legend: 'Identification',
    fields: [
      { name: 'nom', kind: 'text', label: 'Nom du lieu', maxLength: 250 },
      {
        name: 'pivot',
        kind: 'text',
        label: 'SIRET ou numéro RNA',
        hint: "Les 14 chiffres du SIRET de la structure (sa clé de contrôle est vérifiée), ou le numéro RNA d'une association (W suivi de 9 caractères).",
        maxLength: 20,
      },
      {
        name: 'structure_parente',
        kind: 'text',
        label: 'Structure parente (facultatif)',
        hint: 'La collectivité ou le réseau dont dépend le lieu, par exemple Ville de Bordeaux.',
        maxLength: 250,
      },
      {
        name: 'typologie',
        kind: 'lines',
        label: 'Typologie (facultatif)',
        hint: 'Codes de typologie de l’ANCT, un par ligne, par exemple BIB pour une bibliothèque.',
      },
    ],
  },
  {
    legend: 'Adresse',
    fields: [
      { name: 'adresse', kind: 'text', label: 'Adresse', hint: 'Numéro et voie, par exemple 12 rue du Loup.', maxLength: 250 },
      { name: 'complement_adresse', kind: 'text', label: 'Complément d’adresse (facultatif)', maxLength: 250 },
      { name: 'code_postal', kind: 'text', label: 'Code postal', hint: '5 chiffres.', maxLength: 5, inputMode: 'numeric' },
      { name: 'commune', kind: 'text', label: 'Commune', maxLength: 100 },
      {
        name: 'code_insee',
        kind: 'text',
        label: 'Code INSEE de la commune (facultatif)',
        hint: 'Par exemple 33063 pour Bordeaux. Il sert à chercher les lieux par territoire et à lire les horaires dans le bon fuseau.',
        maxLength: 5,
      },
      {
        name: 'latitude',
        kind: 'coordinate',
        label: 'Latitude (facultatif)',
        hint: 'Cliquez sur la carte ci-dessous, ou saisissez-la en degrés décimaux (par exemple 44.8378). Sans latitude ni longitude, le lieu n’est pas sur la carte, mais reste dans la liste.',
        inputMode: 'decimal',
      },
      { name: 'longitude', kind: 'coordinate', label: 'Longitude (facultatif)', hint: 'Par exemple -0.5792.', inputMode: 'decimal' },
    ],
  },
  {
    legend: 'Contact',
    fields: [
      {
        name: 'telephone',
        kind: 'text',
        label: 'Téléphone (facultatif)',
        hint: 'Comme vous l’écrivez d’habitude, par exemple 05 56 12 34 56 : il est enregistré au format international (+33556123456).',
        inputMode: 'tel',
        maxLength: 20,
      },
      { name: 'courriels', kind: 'lines', label: 'Adresses e-mail (facultatif)', hint: 'Une adresse par ligne.' },
      { name: 'site_web', kind: 'lines', label: 'Sites internet (facultatif)', hint: 'Une adresse par ligne, commençant par https://.' },
      {
        name: 'prise_rdv',
        kind: 'text',
        label: 'Prise de rendez-vous en ligne (facultatif)',
        hint: 'L’adresse de la page de rendez-vous, commençant par https://.',
        maxLength: 500,
        inputMode: 'url',
      },
    ],
  },
  {
    legend: 'Horaires',
    fields: [{ name: 'horaires', kind: 'hours', label: 'Horaires d’ouverture (facultatif)', maxLength: 1000 }],
  },
  {
    legend: 'Présentation',
    fields: [
      {
        name: 'presentation_resume',
        kind: 'textarea',
        label: 'Présentation courte (facultatif)',
        hint: '280 caractères au plus : elle s’affiche dans la liste des lieux.',
        maxLength: 280,
      },
      { name: 'presentation_detail', kind: 'textarea', label: 'Présentation détaillée (facultatif)', maxLength: 5000 },
    ],
  },
  {
    legend: 'Services et publics',
    fields: [
      { name: 'services', kind: 'choices', label: 'Services proposés', vocabulary: SERVICES },
      { name: 'modalites_accompagnement', kind: 'choices', label: 'Modalités d’accompagnement', vocabulary: MODALITES_ACCOMPAGNEMENT },
      { name: 'modalites_acces', kind: 'choices', label: 'Modalités d’accès', vocabulary: MODALITES_ACCES },
      {
        name: 'publics_specifiquement_adresses',
        kind: 'choices',
        label: 'Publics accueillis en particulier',
        vocabulary: PUBLICS_SPECIFIQUEMENT_ADRESSES,
      },
      {
        name: 'prise_en_charge_specifique',
        kind: 'choices',
        label: 'Accompagnement adapté (handicaps, langues…)',
        vocabulary: PRISES_EN_CHARGE_SPECIFIQUES,
      },
      { name: 'frais_a_charge', kind: 'choices', label: 'Frais à la charge des personnes', vocabulary: FRAIS_A_CHARGE },
    ],
  },
  {
    legend: 'Itinérance, dispositifs et labels',
    fields: [
      { name: 'itinerance', kind: 'choices', label: 'Itinérance', vocabulary: ITINERANCES },
      {
        name: 'dispositif_programmes_nationaux',
        kind: 'choices',
        label: 'Dispositifs et programmes nationaux',
        vocabulary: DISPOSITIFS_PROGRAMMES_NATIONAUX,
      },
      { name: 'formations_labels', kind: 'choices', label: 'Formations et labels', vocabulary: FORMATIONS_LABELS },
      { name: 'autres_formations_labels', kind: 'lines', label: 'Autres formations et labels (facultatif)', hint: 'Un par ligne.' },
    ],
  },
  {
    legend: 'Accessibilité et source',
    fields: [
      {
        name: 'fiche_acces_libre',
        kind: 'text',
        label: 'Fiche Acceslibre (facultatif)',
        hint: 'L’adresse de la fiche d’accessibilité du lieu sur acceslibre.beta.gouv.fr.',
        maxLength: 500,
        inputMode: 'url',
      },
      {
        name: 'source',
        kind: 'text',
        label: 'Source des données (facultatif)',
        hint: 'Qui fournit ces informations, par exemple le nom de votre structure.',
        maxLength: 250,
      },
    ],
  },
];

const SPECS = PLACE_FORM_SECTIONS.flatMap((section) => section.fields);

export const placeFieldId = (name: string): string => `lieu-${name.replaceAll('_', '-')}`;

/** The French name of each field (and of the import's own columns), for error summaries and the import report. */
export const PLACE_FIELD_LABELS: Record<string, string> = {
  ...Object.fromEntries(SPECS.map((spec) => [spec.name, spec.label.replace(' (facultatif)', '')])),
  id: 'Identifiant (id)',
  date_maj: 'Date de mise à jour (date_maj)',
  organisationId: 'Organisation gestionnaire',
};

/** What the form holds: text as typed, ticked values as lists. */
export type PlaceDraft = Record<PlaceFieldName, string | string[]>;

export function emptyPlaceDraft(): PlaceDraft {
  return Object.fromEntries(SPECS.map((spec) => [spec.name, spec.kind === 'choices' ? [] : ''])) as unknown as PlaceDraft;
}

export function placeDraft(place: ManagedPlace): PlaceDraft {
  return Object.fromEntries(
    SPECS.map((spec) => {
      const value = place[spec.name];
      if (spec.kind === 'choices') return [spec.name, Array.isArray(value) ? value : []];
      if (Array.isArray(value)) return [spec.name, value.join('\n')];
      return [spec.name, value === null || value === undefined ? '' : String(value)];
    }),
  ) as unknown as PlaceDraft;
}

/** The fields a place cannot do without (the others may stay empty). */
export const REQUIRED_PLACE_FIELDS: PlaceFieldName[] = ['pivot', 'nom', 'commune', 'code_postal', 'adresse'];

/** The form's text as the API's fields (empty optional values null or empty lists), or what to correct first. */
export function placeInput(draft: PlaceDraft): { input: PlaceFields } | { errors: FormErrors } {
  const fields: Record<string, string[]> = {};
  const input: Record<string, unknown> = {};
  for (const spec of SPECS) {
    const value = draft[spec.name];
    if (Array.isArray(value)) {
      input[spec.name] = value;
      continue;
    }
    const text = value.trim();
    if (spec.kind === 'lines') {
      input[spec.name] = text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean);
    } else if (spec.kind === 'coordinate') {
      const number = Number(text.replace(',', '.'));
      if (text !== '' && !Number.isFinite(number)) fields[spec.name] = ['Saisissez un nombre en degrés décimaux, par exemple 44.8378.'];
      input[spec.name] = text === '' ? null : number;
    } else if (spec.name === 'telephone' && text !== '') {
      // Sent in the schema's form when it is a French number; otherwise as typed, for the API to say what is wrong.
      input[spec.name] = schemaPhoneNumber(text) ?? text;
    } else {
      input[spec.name] = text === '' && !REQUIRED_PLACE_FIELDS.includes(spec.name) ? null : text;
    }
  }
  if (Object.keys(fields).length > 0) return { errors: { message: INVALID_FORM, fields } };
  return { input: input as unknown as PlaceFields };
}

/** The registry's and the import's problems (libs/places: domain/place-fields.ts, place-import.service.ts) in French. */
const PLACE_PROBLEMS: Array<[RegExp, string | ((match: RegExpExecArray) => string)]> = [
  [/^is required$/, 'Ce champ est obligatoire.'],
  [/must be a SIRET .* or an RNA number/, 'Saisissez un SIRET de 14 chiffres ou un numéro RNA (W suivi de 9 caractères).'],
  [/SIRET key is wrong/, 'Ce SIRET contient une erreur : sa clé de contrôle ne correspond pas. Vérifiez chaque chiffre.'],
  [/^must be 5 digits$/, 'Saisissez les 5 chiffres du code postal.'],
  [/latitude and longitude go together/, 'Saisissez la latitude et la longitude, ou aucune des deux.'],
  [/must be a number between (-?\d+) and (\d+)/, (match) => `Saisissez un nombre entre ${match[1]} et ${match[2]}.`],
  [/must be a French phone number/, 'Saisissez un numéro de téléphone français, par exemple 05 56 12 34 56 ou +33556123456.'],
  [/^"(.*)" is not an e-mail address$/, (match) => `« ${match[1]} » n’est pas une adresse e-mail.`],
  [/^"(.*)" is not an http\(s\) URL$/, (match) => `« ${match[1]} » n’est pas une adresse web commençant par https:// ou http://.`],
  [/^must be an http\(s\) URL$/, 'Saisissez une adresse web commençant par https:// ou http://.'],
  [/^must be (\d+) to (\d+) characters$/, (match) => `Saisissez de ${match[1]} à ${match[2]} caractères.`],
  [/^must be at most (\d+) characters$/, (match) => `Saisissez ${match[1]} caractères au plus.`],
  [/must be longer than or equal to (\d+) characters/, (match) => `Saisissez au moins ${match[1]} caractères.`],
  [
    /is not valid OpenStreetMap opening_hours syntax[^:]*:?\s*(.*)$/,
    (match) =>
      `Ces horaires ne suivent pas la syntaxe OpenStreetMap, par exemple « ${OPENING_HOURS_EXAMPLE} ».${match[1] ? ` Détail : ${match[1]}` : ''}`,
  ],
  [/values cannot contain "\|"/, 'Une valeur ne peut pas contenir le caractère « | ».'],
  [/^"(.*)" is not in the national vocabulary$/, (match) => `« ${match[1]} » ne fait pas partie du vocabulaire national.`],
  [/^"(.*)" is not a number$/, (match) => `« ${match[1]} » n’est pas un nombre.`],
  [/is required, as a date YYYY-MM-DD/, 'Obligatoire, sous la forme AAAA-MM-JJ.'],
  [/^"(.*)" already appears on line (\d+)$/, (match) => `« ${match[1]} » figure déjà à la ligne ${match[2]}.`],
  [/^has (\d+) values for (\d+) columns$/, (match) => `La ligne a ${match[1]} valeurs pour ${match[2]} colonnes.`],
  [/required column is missing/, 'Cette colonne obligatoire manque.'],
  [/is not a column of the national schema/, 'Cette colonne ne fait pas partie du schéma national.'],
  [/column appears twice/, 'Cette colonne figure deux fois.'],
  [
    /the file is not UTF-8 text/,
    'Le fichier n’est pas encodé en UTF-8 (un tableur l’a peut-être enregistré en « CSV Windows » ou en Latin-1) : enregistrez-le en « CSV UTF-8 », puis envoyez-le à nouveau.',
  ],
  [/the file is empty/, 'Le fichier est vide.'],
  [
    /columns must be separated by commas(?: \(this file uses (.*)\))?/,
    (match) =>
      `Les colonnes doivent être séparées par des virgules${match[1] ? ` (ce fichier utilise ${match[1] === 'tabs' ? 'des tabulations' : `des « ${match[1].replaceAll('"', '')} »`})` : ''}.`,
  ],
  [/the CSV cannot be read: (.*)$/, (match) => `Le fichier CSV ne peut pas être lu (un guillemet non fermé ?). Détail : ${match[1]}`],
  [/must be a place organisation/, 'Choisissez une organisation de lieu de médiation.'],
  [/is required when the operator creates a place/, 'Choisissez l’organisation qui gère le lieu.'],
];

export function placeProblem(problem: string): string {
  for (const [pattern, label] of PLACE_PROBLEMS) {
    const match = pattern.exec(problem);
    if (match) return typeof label === 'string' ? label : label(match);
  }
  return problemLabel(problem);
}
