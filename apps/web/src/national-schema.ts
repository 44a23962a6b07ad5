/**
 * The closed vocabularies of the national standard « lieux de médiation numérique » v1.0.2, verbatim:
 * the API's own lists (libs/domain/src/national-schema.ts has no Node.js imports).
 */
export {
  DISPOSITIFS_PROGRAMMES_NATIONAUX,
  FORMATIONS_LABELS,
  FRAIS_A_CHARGE,
  ITINERANCES,
  MODALITES_ACCES,
  MODALITES_ACCOMPAGNEMENT,
  PRISES_EN_CHARGE_SPECIFIQUES,
  PUBLICS_SPECIFIQUEMENT_ADRESSES,
  SERVICES,
} from '../../../libs/domain/src/national-schema';
