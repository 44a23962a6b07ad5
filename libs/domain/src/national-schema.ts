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
