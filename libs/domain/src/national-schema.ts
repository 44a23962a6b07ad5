/**
 * Vocabularies of the national data standard "lieux de médiation numérique" v1.0.2 (La MedNum /
 * ANCT, Licence Ouverte). Kept verbatim: they travel in our open data and imports.
 */
export const SERVICES = [
  'Aide aux démarches administratives',
  'Maîtrise des outils numériques du quotidien',
  'Insertion professionnelle via le numérique',
  'Utilisation sécurisée du numérique',
  'Parentalité et éducation avec le numérique',
  'Loisirs et créations numériques',
  'Compréhension du monde numérique',
  'Accès internet et matériel informatique',
  'Acquisition de matériel informatique à prix solidaire',
] as const;
export type Service = (typeof SERVICES)[number];

export const PUBLICS_SPECIFIQUEMENT_ADRESSES = ['Jeunes', 'Étudiants', 'Familles et/ou enfants', 'Seniors', 'Femmes'] as const;
export type PublicSpecifiquementAdresse = (typeof PUBLICS_SPECIFIQUEMENT_ADRESSES)[number];

export const PRISES_EN_CHARGE_SPECIFIQUES = [
  'Surdité',
  'Handicaps moteurs',
  'Handicaps mentaux',
  'Illettrisme',
  'Langues étrangères (anglais)',
  'Langues étrangères (autres)',
  'Déficience visuelle',
] as const;
export type PriseEnChargeSpecifique = (typeof PRISES_EN_CHARGE_SPECIFIQUES)[number];

export const FRAIS_A_CHARGE = ['Gratuit', 'Gratuit sous condition', 'Payant'] as const;
export type FraisACharge = (typeof FRAIS_A_CHARGE)[number];

export const ITINERANCES = ['Itinérant', 'Fixe'] as const;
export type Itinerance = (typeof ITINERANCES)[number];

export const DISPOSITIFS_PROGRAMMES_NATIONAUX = [
  'Aidants Connect',
  'Bibliothèques numérique de référence',
  'Certification PIX',
  'Conseillers numériques',
  'Emmaüs Connect',
  'France Services',
  'Grande école du numérique',
  'La Croix Rouge',
  "Point d'accès numérique CAF",
  'Promeneurs du net',
  'Relais numérique (Emmaüs Connect)',
] as const;
export type DispositifProgrammeNational = (typeof DISPOSITIFS_PROGRAMMES_NATIONAUX)[number];

export const FORMATIONS_LABELS = [
  'Formé à « Mon Espace Santé »',
  'Formé à « DUPLEX » (illettrisme)',
  'Arnia/MedNum BFC (Bourgogne-Franche-Comté)',
  'Collectif ressources et acteurs réemploi (Normandie)',
  'Étapes numériques(La Poste)',
  'Fabriques de Territoire',
  'Les Éclaireurs du numérique (Drôme)',
  'Mes Papiers (Métropole de Lyon)',
  'ORDI 3.0',
  'SUD LABS (PACA)',
] as const;
export type FormationLabel = (typeof FORMATIONS_LABELS)[number];

export const MODALITES_ACCES = [
  'Se présenter',
  'Téléphoner',
  'Contacter par mail',
  'Prendre un RDV en ligne',
  "Ce lieu n'accueille pas de public",
  'Envoyer un mail avec une fiche de prescription',
] as const;
export type ModaliteAcces = (typeof MODALITES_ACCES)[number];

export const MODALITES_ACCOMPAGNEMENT = ['En autonomie', 'Accompagnement individuel', 'Dans un atelier collectif', 'À distance'] as const;
export type ModaliteAccompagnement = (typeof MODALITES_ACCOMPAGNEMENT)[number];

/** The columns of the national CSV, in the schema's order (exports keep it; imports require it). */
export const NATIONAL_SCHEMA_COLUMNS = [
  'id',
  'pivot',
  'nom',
  'commune',
  'code_postal',
  'code_insee',
  'adresse',
  'complement_adresse',
  'latitude',
  'longitude',
  'typologie',
  'telephone',
  'courriels',
  'site_web',
  'horaires',
  'presentation_resume',
  'presentation_detail',
  'source',
  'itinerance',
  'structure_parente',
  'date_maj',
  'services',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'autres_formations_labels',
  'modalites_acces',
  'modalites_accompagnement',
  'fiche_acces_libre',
  'prise_rdv',
] as const;
export type NationalSchemaColumn = (typeof NATIONAL_SCHEMA_COLUMNS)[number];

/** A row of the national CSV: every value a string, multi-valued ones joined with `|`. */
export type NationalSchemaRow = Record<NationalSchemaColumn, string>;

/** The schema's patterns for single-valued text fields. */
export const POSTCODE_PATTERN = /^\d{5}$/;
export const INSEE_CODE_PATTERN = /^([013-9]\d|2[AB1-9])\d{3}$/;
export const PHONE_PATTERN = /^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$/;
export const PRESENTATION_RESUME_MAX_LENGTH = 280;
