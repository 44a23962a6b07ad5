/**
 * A qualified place in the data·inclusion schema v1 (gip-inclusion/data-inclusion-schema, v1.0.8):
 * one structure and one service ("Médiation numérique", where the Pass numérique is accepted).
 * The ANCT library's converters write data·inclusion v0 (other field names and vocabularies), so the
 * mapping is ours (ADR 0019). Every value leaves here valid against the v1 JSON schemas: a value
 * that is not (an e-mail the schema's format refuses…) is left out and reported, and a place that
 * cannot be written at all (its name) is reported instead of exported. Pure: the caller gives today.
 */
import { isEmail } from 'class-validator';
import {
  type DispositifProgrammeNational,
  type FormationLabel,
  INSEE_CODE_PATTERN,
  isValidSiret,
  type ModaliteAcces,
  type ModaliteAccompagnement,
  POSTCODE_PATTERN,
  type PublicSpecifiquementAdresse,
  type Service,
  UNKNOWN_SIRET,
} from '@app/domain';
import type { PlaceFields } from './place-fields';

export const DATA_INCLUSION_VERSION = '1.0.8';
export const DATA_INCLUSION_SCHEMA_URL = `https://github.com/gip-inclusion/data-inclusion-schema/tree/v${DATA_INCLUSION_VERSION}/schemas/v1`;
/** The producer's identifier (`source`), also the prefix of every `id`. */
export const DATA_INCLUSION_SOURCE = 'pass-numerique';

/** What the schema allows for names (3 to 150 characters) and descriptions (5 to 10,000). */
const NAME_LENGTH = { min: 3, max: 150 } as const;
const DESCRIPTION_LENGTH = { min: 5, max: 10_000 } as const;
const URI_MAX_LENGTH = 2083;
const SUMMARY_MAX_LENGTH = 2000;

type Thematique =
  | 'numerique--acceder-a-des-services-en-ligne'
  | 'numerique--acceder-a-une-connexion-internet'
  | 'numerique--acquerir-un-equipement'
  | 'numerique--maitriser-les-fondamentaux-du-numerique'
  | 'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives'
  | 'preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi'
  | 'famille--soutien-a-la-parentalite-et-a-leducation';
type Public = 'tous-publics' | 'jeunes' | 'etudiants' | 'familles' | 'seniors' | 'femmes';
type TypeService = 'accompagnement' | 'atelier' | 'aide-materielle';
type ModeAccueil = 'en-presentiel' | 'a-distance';
type ModeMobilisation = 'envoyer-un-courriel' | 'se-presenter' | 'telephoner' | 'utiliser-lien-mobilisation';
type PersonneMobilisatrice = 'usagers' | 'professionnels';
type Frais = 'gratuit' | 'payant';

/** The national `services` in the v1 thématiques (v1 has four « numérique » ones, and the neighbouring needs). */
const THEMATIQUES: Record<Service, Thematique[]> = {
  'Aide aux démarches administratives': [
    'numerique--acceder-a-des-services-en-ligne',
    'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives',
  ],
  'Maîtrise des outils numériques du quotidien': ['numerique--maitriser-les-fondamentaux-du-numerique'],
  'Insertion professionnelle via le numérique': [
    'numerique--maitriser-les-fondamentaux-du-numerique',
    'preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi',
  ],
  'Utilisation sécurisée du numérique': ['numerique--maitriser-les-fondamentaux-du-numerique'],
  'Parentalité et éducation avec le numérique': [
    'numerique--maitriser-les-fondamentaux-du-numerique',
    'famille--soutien-a-la-parentalite-et-a-leducation',
  ],
  'Loisirs et créations numériques': ['numerique--maitriser-les-fondamentaux-du-numerique'],
  'Compréhension du monde numérique': ['numerique--maitriser-les-fondamentaux-du-numerique'],
  'Accès internet et matériel informatique': ['numerique--acceder-a-une-connexion-internet'],
  'Acquisition de matériel informatique à prix solidaire': ['numerique--acquerir-un-equipement'],
};

/** Publics a place is restricted to; without any, the service is for everyone. */
const PUBLICS: Record<PublicSpecifiquementAdresse, Public> = {
  Jeunes: 'jeunes',
  Étudiants: 'etudiants',
  'Familles et/ou enfants': 'familles',
  Seniors: 'seniors',
  Femmes: 'femmes',
};

/** One `type` per service in v1: the most personal support the place offers. */
const TYPE_BY_MODALITY: Array<[ModaliteAccompagnement, TypeService]> = [
  ['Accompagnement individuel', 'accompagnement'],
  ['À distance', 'accompagnement'],
  ['Dans un atelier collectif', 'atelier'],
  ['En autonomie', 'aide-materielle'],
];

/** National programmes, labels and ANCT typologies that are v1 `reseaux_porteurs`; the others have no v1 value. */
const RESEAUX_PORTEURS: Record<string, string> = {
  ...({
    'Aidants Connect': 'aidants-connect',
    'Conseillers numériques': 'conseillers-numeriques',
    'Emmaüs Connect': 'emmaus',
    'Relais numérique (Emmaüs Connect)': 'emmaus',
    'France Services': 'france-service',
    'Grande école du numérique': 'grandes-ecoles-du-numerique',
    'La Croix Rouge': 'croix-rouge',
    "Point d'accès numérique CAF": 'caf',
  } satisfies Partial<Record<DispositifProgrammeNational, string>>),
  ...({ 'Fabriques de Territoire': 'fabrique-de-territoire' } satisfies Partial<Record<FormationLabel, string>>),
  ACI: 'aci',
  AFPA: 'afpa',
  AI: 'ai',
  ASE: 'ase',
  CAARUD: 'caarud',
  CADA: 'cada',
  CAF: 'caf',
  CAP_EMPLOI: 'cap-emploi-reseau-cheops',
  CAVA: 'cava',
  CCAS: 'ccas-cias',
  CIAS: 'ccas-cias',
  CD: 'departements',
  DEPT: 'departements',
  CHRS: 'chrs',
  CHU: 'chu',
  CIDFF: 'cidff',
  CMP: 'cmp',
  CMS: 'cms',
  CPAM: 'cpam',
  CPH: 'cph',
  CSAPA: 'csapa',
  EA: 'ea',
  EATT: 'eatt',
  EI: 'ei',
  EITI: 'eiti',
  EPIDE: 'epide',
  EPN: 'espaces-publics-numeriques',
  ESAT: 'esat',
  ETTI: 'etti',
  FABRIQUE: 'fabrique-de-territoire',
  FT: 'france-travail',
  GEIQ: 'geiq',
  HUDA: 'huda',
  LA_POSTE: 'la-poste',
  MDE: 'maisons-de-l-emploi',
  MDPH: 'mdph',
  MDS: 'maisons-des-solidarites',
  MJC: 'mjc',
  ML: 'mission-locale',
  MSA: 'mutualite-sociale-agricole',
  MSAP: 'msap',
  MUNI: 'communes',
  PIJ_BIJ: 'reseau-information-jeunesse',
  PIMMS: 'pimms-mediation',
  PJJ: 'pjj',
  PLIE: 'plie',
  REG: 'regions',
  PREF: 'regions',
  RESSOURCERIE: 'ressourceries',
  RFS: 'france-service',
  RS_FJT: 'residences-fjt',
  SPIP: 'spip',
  UDAF: 'unaf',
};

/** The sentence that carries the Pass numérique: v1 has no payment-method field, `frais_precisions` is where fees are explained. */
export const PASS_NUMERIQUE_ACCEPTED =
  'Lieu qualifié Pass numérique : les chèques Pass numérique y sont acceptés pour payer les accompagnements de son catalogue.';

/** Fields shared by a structure and its service. */
interface DataInclusionPlaceFields {
  source: string;
  id: string;
  nom: string;
  date_maj: string;
  description: string | null;
  lien_source: string | null;
  adresse: string;
  complement_adresse: string | null;
  code_postal: string | null;
  code_insee: string | null;
  commune: string;
  latitude: number | null;
  longitude: number | null;
  telephone: string | null;
  courriel: string | null;
  horaires_accueil: string | null;
}

export interface DataInclusionStructure extends DataInclusionPlaceFields {
  siret: string | null;
  site_web: string | null;
  accessibilite_lieu: string | null;
  reseaux_porteurs: string[] | null;
}

export interface DataInclusionService extends DataInclusionPlaceFields {
  structure_id: string;
  description: string;
  type: TypeService | null;
  thematiques: Thematique[] | null;
  frais: Frais | null;
  frais_precisions: string;
  publics: Public[];
  publics_precisions: string | null;
  modes_accueil: ModeAccueil[];
  modes_mobilisation: ModeMobilisation[] | null;
  mobilisable_par: PersonneMobilisatrice[] | null;
  lien_mobilisation: string | null;
}

/** Why a place, or one of its values, is not in the export. */
export interface DataInclusionProblem {
  /** The place's national `id`. */
  id: string;
  nom: string;
  /** The place's field (national schema name). */
  field: string;
  problem: string;
  effect: 'place_not_exported' | 'value_left_out';
}

/** A qualified place as the export reads it: its national fields, `id` and `date_maj`, and its public page. */
export interface DataInclusionPlace extends PlaceFields {
  id: string;
  date_maj: string;
  pageUrl: string | null;
}

export type DataInclusionEntry =
  | { structure: DataInclusionStructure; service: DataInclusionService; problems: DataInclusionProblem[] }
  | { structure: null; service: null; problems: DataInclusionProblem[] };

/** The v1 structure and service of a place, with what had to be left out; none when the place cannot be written. */
export function toDataInclusion(place: DataInclusionPlace, today: string): DataInclusionEntry {
  const problems: DataInclusionProblem[] = [];
  const report = (field: string, problem: string, effect: DataInclusionProblem['effect'] = 'value_left_out'): null => {
    problems.push({ id: place.id, nom: place.nom, field, problem, effect });
    return null;
  };

  const nom = dataInclusionName(place.nom);
  const nameProblem = dataInclusionNameProblem(place.nom);
  if (nameProblem) report('nom', nameProblem, 'place_not_exported');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(place.date_maj) || place.date_maj < '2000-01-01' || place.date_maj > today)
    report('date_maj', 'must be a date from 2000-01-01 to today', 'place_not_exported');
  if (problems.length > 0) return { structure: null, service: null, problems };

  const telephone = place.telephone?.trim() || null;
  const courriel = place.courriels.find(isSchemaEmail) ?? null;
  if (place.courriels.length > 0 && !courriel) report('courriels', 'no address is a plain ASCII e-mail address (RFC 5322)');
  const siteWeb = place.site_web.map(schemaUri).find((uri) => uri !== null) ?? null;
  if (place.site_web.length > 0 && !siteWeb) report('site_web', `no address is a URI of at most ${URI_MAX_LENGTH} characters`);
  const uri = (field: 'fiche_acces_libre' | 'prise_rdv'): string | null => {
    const value = place[field];
    return value === null ? null : (schemaUri(value) ?? report(field, `is not a URI of at most ${URI_MAX_LENGTH} characters`));
  };
  const placeFields: Omit<DataInclusionPlaceFields, 'source' | 'id' | 'description'> = {
    nom,
    date_maj: place.date_maj,
    lien_source: place.pageUrl,
    adresse: place.adresse,
    complement_adresse: place.complement_adresse,
    code_postal: POSTCODE_PATTERN.test(place.code_postal) ? place.code_postal : report('code_postal', 'is not 5 digits'),
    code_insee:
      place.code_insee === null || INSEE_CODE_PATTERN.test(place.code_insee)
        ? place.code_insee
        : report('code_insee', 'is not an INSEE commune code'),
    commune: place.commune,
    latitude: place.latitude,
    longitude: place.longitude,
    telephone,
    courriel,
    horaires_accueil: place.horaires,
  };
  const structureId = `${DATA_INCLUSION_SOURCE}--${place.id}`;
  const presentations = [place.presentation_detail, place.presentation_resume].filter((text) => text !== null);
  const description = presentations.map(schemaDescription).find((text) => text !== null) ?? null;
  if (presentations.length > 0 && !description) report('presentation_detail', 'must be 5 to 10,000 characters');
  const structure: DataInclusionStructure = {
    source: DATA_INCLUSION_SOURCE,
    id: structureId,
    ...placeFields,
    description,
    // An RNA number is not a SIRET, and v1 has no field of its own for it.
    siret: isValidSiret(place.pivot) && place.pivot !== UNKNOWN_SIRET ? place.pivot : null,
    site_web: siteWeb,
    accessibilite_lieu: uri('fiche_acces_libre'),
    reseaux_porteurs: orNull(
      unique(
        [...place.dispositif_programmes_nationaux, ...place.formations_labels, ...place.typologie].flatMap((value) =>
          valuesOf(RESEAUX_PORTEURS, value),
        ),
      ),
    ),
  };

  const lienMobilisation = uri('prise_rdv');
  const acces = new Set<ModaliteAcces>(place.modalites_acces as ModaliteAcces[]);
  const modesMobilisation = unique<ModeMobilisation>([
    ...(acces.has('Se présenter') ? ['se-presenter' as const] : []),
    ...(acces.has('Téléphoner') && telephone ? ['telephoner' as const] : []),
    ...((acces.has('Contacter par mail') || acces.has('Envoyer un mail avec une fiche de prescription')) && courriel
      ? ['envoyer-un-courriel' as const]
      : []),
    ...(acces.has('Prendre un RDV en ligne') && lienMobilisation ? ['utiliser-lien-mobilisation' as const] : []),
  ]);
  const byUsers = ['Se présenter', 'Téléphoner', 'Contacter par mail', 'Prendre un RDV en ligne'].some((mode) =>
    acces.has(mode as ModaliteAcces),
  );
  const modalities = place.modalites_accompagnement as ModaliteAccompagnement[];
  const publics = unique(place.publics_specifiquement_adresses.flatMap((value) => valuesOf<Public>(PUBLICS, value)));
  const service: DataInclusionService = {
    source: DATA_INCLUSION_SOURCE,
    id: `${structureId}--mediation-numerique`,
    structure_id: structureId,
    ...placeFields,
    nom: 'Médiation numérique',
    description: serviceDescription(place),
    type: TYPE_BY_MODALITY.find(([modality]) => modalities.includes(modality))?.[1] ?? null,
    thematiques: orNull(unique(place.services.flatMap((value) => valuesOf<Thematique[]>(THEMATIQUES, value).flat()))),
    frais: place.frais_a_charge.includes('Payant') ? 'payant' : place.frais_a_charge.length > 0 ? 'gratuit' : null,
    frais_precisions: [fraisPrecision(place.frais_a_charge), PASS_NUMERIQUE_ACCEPTED].filter(Boolean).join(' '),
    publics: publics.length > 0 ? publics : ['tous-publics'],
    publics_precisions:
      place.prise_en_charge_specifique.length > 0 ? `Accompagnement adapté : ${place.prise_en_charge_specifique.join(', ')}.` : null,
    modes_accueil: unique<ModeAccueil>([
      ...(modalities.length === 0 || modalities.some((modality) => modality !== 'À distance') ? ['en-presentiel' as const] : []),
      ...(modalities.includes('À distance') ? ['a-distance' as const] : []),
    ]),
    modes_mobilisation: orNull(modesMobilisation),
    mobilisable_par: orNull<PersonneMobilisatrice>([
      ...(byUsers ? ['usagers' as const] : []),
      ...(acces.has('Envoyer un mail avec une fiche de prescription') ? ['professionnels' as const] : []),
    ]),
    lien_mobilisation: lienMobilisation,
  };
  return { structure, service, problems };
}

/**
 * What the service is, in plain words: what the place helps with, how, and that the Pass numérique
 * pays for it. Its summary (280 characters in the national schema) opens it; a longer one, from
 * before that rule, stays in the structure's description so that this one keeps within v1's bound.
 */
function serviceDescription(place: DataInclusionPlace): string {
  const summary = place.presentation_resume?.trim();
  const sentences = [
    summary && codePoints(summary) <= SUMMARY_MAX_LENGTH ? summary : 'Accompagnement au numérique.',
    place.services.length > 0 ? `Accompagnements proposés : ${place.services.join(', ')}.` : '',
    place.modalites_accompagnement.length > 0 ? `Modalités : ${place.modalites_accompagnement.join(', ')}.` : '',
    PASS_NUMERIQUE_ACCEPTED,
  ];
  return sentences.filter(Boolean).join(' ');
}

function fraisPrecision(frais: string[]): string {
  if (frais.includes('Payant') && frais.some((value) => value !== 'Payant')) return 'Gratuit ou payant selon l’accompagnement.';
  if (frais.includes('Gratuit sous condition') && !frais.includes('Gratuit')) return 'Gratuit sous condition.';
  return '';
}

/** A place's name as v1 wants it: trimmed, without a final full stop (except « etc. »). */
function dataInclusionName(nom: string): string {
  const name = nom.trim();
  return name.endsWith('etc.') ? name : name.replace(/\.+$/, '').trimEnd();
}

/** Why v1 cannot take this name (it wants 3 to 150 characters), or null. The registry checks it at entry too. */
export function dataInclusionNameProblem(nom: string): string | null {
  const length = codePoints(dataInclusionName(nom));
  return length < NAME_LENGTH.min || length > NAME_LENGTH.max ? `must be ${NAME_LENGTH.min} to ${NAME_LENGTH.max} characters` : null;
}

function schemaDescription(text: string): string | null {
  const trimmed = text.trim();
  const length = codePoints(trimmed);
  return length >= DESCRIPTION_LENGTH.min && length <= DESCRIPTION_LENGTH.max ? trimmed : null;
}

/** The schema's `format: email`: an ASCII address (RFC 5322 dot-atom), no quoted or international part. */
function isSchemaEmail(value: string): boolean {
  return /^[\x21-\x7e]+$/.test(value) && !value.includes('"') && isEmail(value, { allow_utf8_local_part: false, allow_ip_domain: false });
}

/** The URL in its serialised form (ASCII, escaped: a URI), or null when it is not one or is too long for the schema. */
function schemaUri(value: string): string | null {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.href.length <= URI_MAX_LENGTH ? url.href : null;
  } catch {
    return null;
  }
}

/** The mapping of a stored value (own keys only: a free-text value must not reach Object's prototype). */
function valuesOf<T>(mapping: Partial<Record<string, T>>, key: string): T[] {
  return Object.hasOwn(mapping, key) ? [mapping[key] as T] : [];
}

/** Lengths as JSON Schema (and data·inclusion's own validator) count them: in code points, not UTF-16 units. */
function codePoints(text: string): number {
  return [...text].length;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** v1 lists have at least one item: an empty one is written null. */
function orNull<T>(values: T[]): T[] | null {
  return values.length > 0 ? values : null;
}
