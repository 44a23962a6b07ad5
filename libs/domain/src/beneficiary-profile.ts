/**
 * The anonymous profile recorded when a social worker hands out a booklet: coarse categories only,
 * so that no person can be identified (no name, address, phone, birth date or free text, ever).
 */
export const AGE_BANDS = ['moins_de_26', '26_44', '45_59', '60_74', '75_et_plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const SITUATIONS = [
  'salarie',
  'demandeur_emploi',
  'allocataire_rsa',
  'retraite',
  'etudiant',
  'parent_au_foyer',
  'en_situation_de_handicap',
  'autre',
] as const;
export type Situation = (typeof SITUATIONS)[number];

export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  moins_de_26: 'Moins de 26 ans',
  '26_44': '26 à 44 ans',
  '45_59': '45 à 59 ans',
  '60_74': '60 à 74 ans',
  '75_et_plus': '75 ans et plus',
};

export const SITUATION_LABELS: Record<Situation, string> = {
  salarie: 'Salarié·e',
  demandeur_emploi: "Demandeur·se d'emploi",
  allocataire_rsa: 'Allocataire du RSA',
  retraite: 'Retraité·e',
  etudiant: 'Étudiant·e',
  parent_au_foyer: 'Parent au foyer',
  en_situation_de_handicap: 'En situation de handicap',
  autre: 'Autre situation',
};
