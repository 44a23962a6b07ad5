/**
 * The catalogue of the open datasets as JSON-LD in the DCAT-AP profile of W3C DCAT 3: a
 * dcat:Catalog, its dcat:Dataset and their dcat:Distribution, each with its own IRI, the
 * publisher, the Licence Ouverte 2.0, IANA media types, the schema each conforms to and typed
 * dates. The context is in the document (prefixes only, every key a compact IRI), so any JSON-LD
 * processor reads it without fetching anything (docs/open-data.md). Pure: the caller gives the dates.
 */
import { DELAY_MAX_PLACE_SHARE, DELAY_MIN_PLACES } from '@app/domain';
import { DATA_INCLUSION_SCHEMA_URL, OPEN_DATA_LICENCE } from '@app/places';

export const CATALOG_CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  '@language': 'fr',
} as const;

const IANA_MEDIA_TYPES = 'http://www.iana.org/assignments/media-types/';
/** The European Union's authority tables, which DCAT-AP uses for formats, languages, themes and access rights. */
const EU_AUTHORITY = 'http://publications.europa.eu/resource/authority/';
const NATIONAL_SCHEMA_URL = 'https://schema.data.gouv.fr/LaMednum/standard-mednum/1.0.2/';

type MediaType = 'text/csv' | 'application/json' | 'application/geo+json';
const FILE_TYPE: Record<MediaType, string> = { 'text/csv': 'CSV', 'application/json': 'JSON', 'application/geo+json': 'GEOJSON' };

export interface CatalogDates {
  places: Date;
  register: Date;
  usage: Date;
  fundsCoverage: Date;
  paymentDelays: Date;
}

interface DatasetDescription {
  identifier: string;
  title: string;
  description: string;
  keywords: string[];
  modified: Date;
  conformsTo: string;
  distributions: Array<{ file: string; title: string; mediaType: MediaType; conformsTo?: string }>;
}

/** The catalogue's JSON-LD document; `publicUrl` without a trailing slash. */
export function openDataCatalog(publicUrl: string, dates: CatalogDates, smallCellThreshold: number): Record<string, unknown> {
  const api = `${publicUrl}/api/open-data`;
  const catalogId = `${api}/catalog.json`;
  const publisherId = `${publicUrl}/#editeur`;
  const datasets: DatasetDescription[] = [
    {
      identifier: 'lieux-mediation-numerique',
      title: 'Lieux de médiation numérique qualifiés',
      description:
        'Les lieux qualifiés du Pass numérique, au schéma national « lieux de médiation numérique » (v1.0.2) : adresse, horaires, services, publics ; et au schéma data·inclusion v1.',
      keywords: ['médiation numérique', 'inclusion numérique', 'Pass numérique', 'lieux'],
      modified: dates.places,
      conformsTo: NATIONAL_SCHEMA_URL,
      distributions: [
        { file: 'places.csv', title: 'CSV (UTF-8 avec BOM)', mediaType: 'text/csv' },
        { file: 'places.json', title: 'JSON', mediaType: 'application/json' },
        { file: 'places.geojson', title: 'GeoJSON', mediaType: 'application/geo+json' },
        {
          file: 'data-inclusion.json',
          title: 'data·inclusion v1 (JSON)',
          mediaType: 'application/json',
          conformsTo: DATA_INCLUSION_SCHEMA_URL,
        },
      ],
    },
    {
      identifier: 'registre-qualifications',
      title: 'Registre des décisions de qualification',
      description:
        'Chaque décision de qualification, de refus, de suspension et de levée de suspension des lieux, et chaque qualification expirée sans renouvellement, la plus récente en premier.',
      keywords: ['médiation numérique', 'qualification', 'Pass numérique'],
      modified: dates.register,
      conformsTo: `${publicUrl}/referentiel`,
      distributions: [
        { file: 'qualifications.csv', title: 'CSV (UTF-8 avec BOM)', mediaType: 'text/csv' },
        { file: 'qualifications.json', title: 'JSON', mediaType: 'application/json' },
      ],
    },
    {
      identifier: 'usage-pass-numerique',
      title: 'Usage des Pass numériques par mois, territoire et catégorie de service',
      description: `Chèques utilisés, leur valeur et le nombre de lieux actifs, par mois, commune (ou reste du département) et catégorie de service. Les cases de moins de ${smallCellThreshold} chèques sont masquées (secret statistique).`,
      keywords: ['inclusion numérique', 'Pass numérique', 'statistiques'],
      modified: dates.usage,
      conformsTo: `${api}/usage.schema.json`,
      distributions: [
        { file: 'usage.csv', title: 'CSV (UTF-8 avec BOM)', mediaType: 'text/csv' },
        { file: 'usage.json', title: 'JSON', mediaType: 'application/json' },
      ],
    },
    {
      identifier: 'couverture-des-fonds',
      title: 'Couverture des fonds du Pass numérique, par mois',
      description:
        'Chaque mois, le solde confirmé du compte cantonné de l’opérateur rapporté à ce que la plateforme doit : chèques financés encore utilisables, encaissements pas encore remboursés aux lieux, avoirs des financeurs pas encore reversés. Le mois en cours est provisoire.',
      keywords: ['Pass numérique', 'finances publiques', 'couverture des fonds'],
      modified: dates.fundsCoverage,
      conformsTo: `${api}/funds-coverage.schema.json`,
      distributions: [
        { file: 'funds-coverage.csv', title: 'CSV (UTF-8 avec BOM)', mediaType: 'text/csv' },
        { file: 'funds-coverage.json', title: 'JSON', mediaType: 'application/json' },
      ],
    },
    {
      identifier: 'entonnoir-pass-numerique',
      title: 'Entonnoir d’usage des carnets par mois de remise et département',
      description: `Carnets remis à des personnes chaque mois, par département de la commune indiquée à la remise, et ce qu’ils sont devenus : premier chèque utilisé, carnet entièrement utilisé, expiré ; valeur remise et utilisée, délai médian avant la première utilisation. Les effectifs de moins de ${smallCellThreshold} carnets sont masqués (secret statistique).`,
      keywords: ['inclusion numérique', 'Pass numérique', 'statistiques', 'non-recours'],
      modified: dates.usage,
      conformsTo: `${api}/funnel.schema.json`,
      distributions: [
        { file: 'funnel.csv', title: 'CSV (UTF-8 avec BOM)', mediaType: 'text/csv' },
        { file: 'funnel.json', title: 'JSON', mediaType: 'application/json' },
      ],
    },
    {
      identifier: 'delais-paiement-lieux',
      title: 'Délai de paiement des lieux par mois, en France et par département',
      description: `Le temps entre l’encaissement des chèques par un lieu et la date où la banque lui a passé le virement : délai médian et délai pour 95 % des encaissements, par mois du paiement, pour la France et par département du lieu. Un délai n’est donné qu’à partir de ${smallCellThreshold} encaissements payés à au moins ${DELAY_MIN_PLACES} lieux dont aucun ne pèse plus de ${DELAY_MAX_PLACE_SHARE * 100} % (secret statistique).`,
      keywords: ['Pass numérique', 'délai de paiement', 'médiation numérique', 'statistiques'],
      modified: dates.paymentDelays,
      conformsTo: `${api}/payment-delays.schema.json`,
      distributions: [
        { file: 'payment-delays.csv', title: 'CSV (UTF-8 avec BOM)', mediaType: 'text/csv' },
        { file: 'payment-delays.json', title: 'JSON', mediaType: 'application/json' },
      ],
    },
  ];
  const licence = { '@id': OPEN_DATA_LICENCE.url };
  return {
    '@context': CATALOG_CONTEXT,
    '@id': catalogId,
    '@type': 'dcat:Catalog',
    'dct:title': 'Données ouvertes du Pass numérique',
    'dct:description':
      'Les lieux de médiation numérique qualifiés, le registre des décisions de qualification, l’usage agrégé des chèques, l’entonnoir d’usage des carnets, le délai de paiement des lieux et la couverture des fonds, sous Licence Ouverte 2.0.',
    'dct:publisher': {
      '@id': publisherId,
      '@type': 'foaf:Agent',
      'foaf:name': 'Pass numérique',
      'foaf:homepage': { '@id': `${publicUrl}/` },
    },
    'foaf:homepage': { '@id': `${publicUrl}/donnees` },
    'dct:language': { '@id': `${EU_AUTHORITY}language/FRA` },
    'dct:license': { ...licence, '@type': 'dct:LicenseDocument', 'dct:title': OPEN_DATA_LICENCE.name },
    'dct:modified': dateTime(new Date(Math.max(...datasets.map((dataset) => dataset.modified.getTime())))),
    'dcat:dataset': datasets.map((dataset) => ({
      '@id': `${catalogId}#${dataset.identifier}`,
      '@type': 'dcat:Dataset',
      'dct:identifier': dataset.identifier,
      'dct:title': dataset.title,
      'dct:description': dataset.description,
      'dcat:keyword': dataset.keywords,
      'dcat:theme': { '@id': `${EU_AUTHORITY}data-theme/SOCI` },
      'dcat:landingPage': { '@id': `${publicUrl}/donnees#jeu-${dataset.identifier}` },
      'dct:publisher': { '@id': publisherId },
      'dct:license': licence,
      'dct:accessRights': { '@id': `${EU_AUTHORITY}access-right/PUBLIC` },
      'dct:language': { '@id': `${EU_AUTHORITY}language/FRA` },
      'dct:modified': dateTime(dataset.modified),
      'dct:conformsTo': { '@id': dataset.conformsTo, '@type': 'dct:Standard' },
      'dcat:distribution': dataset.distributions.map((distribution) => ({
        '@id': `${catalogId}#${distribution.file}`,
        '@type': 'dcat:Distribution',
        'dct:title': distribution.title,
        'dcat:accessURL': { '@id': `${api}/${distribution.file}` },
        'dcat:downloadURL': { '@id': `${api}/${distribution.file}` },
        'dcat:mediaType': { '@id': `${IANA_MEDIA_TYPES}${distribution.mediaType}` },
        'dct:format': { '@id': `${EU_AUTHORITY}file-type/${FILE_TYPE[distribution.mediaType]}` },
        'dct:license': licence,
        'dct:modified': dateTime(dataset.modified),
        ...(distribution.conformsTo ? { 'dct:conformsTo': { '@id': distribution.conformsTo, '@type': 'dct:Standard' } } : {}),
      })),
    })),
  };
}

/** An instant as an xsd:dateTime literal, to the second in UTC (what the HTTP dates say). */
function dateTime(instant: Date): { '@value': string; '@type': 'xsd:dateTime' } {
  return { '@value': instant.toISOString().replace(/\.\d{3}Z$/, 'Z'), '@type': 'xsd:dateTime' };
}
