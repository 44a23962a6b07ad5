/**
 * The qualification referential: the published criteria a place is assessed on. A version is
 * never edited once published; a change is a new version, and every decision names its version.
 * Documented for the public in docs/qualification.md (keep both in step).
 */
export type CriterionKind = 'mandatory' | 'scored';

export interface Criterion {
  code: string;
  title: string;
  /** What the reviewer assesses. */
  assessed: string;
  /** What the place provides to show it. */
  evidence: string;
  kind: CriterionKind;
  /** Weight of a scored criterion (0 for mandatory ones, which are pass/fail). */
  weight: number;
}

export interface Referential {
  version: number;
  title: string;
  publishedOn: string;
  /** Minimum weighted score, in percent, once every mandatory criterion is met. */
  passThresholdPercent: number;
  /** Months a qualification lasts before it must be renewed (the operator may configure another). */
  validityMonths: number;
  criteria: Criterion[];
}

/** Scored criteria are marked 0 (absent) to this maximum (exemplary). */
export const MAX_CRITERION_SCORE = 3;

export const REFERENTIAL_V1: Referential = {
  version: 1,
  title: 'Référentiel de qualification des lieux Pass numérique, version 1',
  publishedOn: '2026-11-23',
  passThresholdPercent: 60,
  validityMonths: 12,
  criteria: [
    {
      code: 'ACCUEIL',
      title: 'Accueil du public à des horaires publiés',
      assessed: 'Le lieu accueille le public au moins 6 heures par semaine, à des horaires publiés et tenus à jour.',
      evidence: 'Horaires au format OpenStreetMap sur la fiche du lieu ; lien vers la page publique qui les affiche.',
      kind: 'mandatory',
      weight: 0,
    },
    {
      code: 'MEDIATEUR',
      title: 'Médiateur ou médiatrice numérique formé',
      assessed:
        "Au moins une personne qui accompagne le public a suivi une formation à la médiation numérique (par exemple CCP1 du titre RNCP Responsable d'espace de médiation numérique, Conseiller numérique, PIX).",
      evidence: 'Attestation de formation ou certification (PDF), nom et fonction de la personne.',
      kind: 'mandatory',
      weight: 0,
    },
    {
      code: 'EQUIPEMENT',
      title: 'Équipement et connexion à disposition du public',
      assessed: 'Des postes ou tablettes et une connexion internet sont disponibles pendant les accompagnements.',
      evidence: 'Liste du matériel, type de connexion, photo du poste d’accueil (facultative).',
      kind: 'scored',
      weight: 2,
    },
    {
      code: 'CATALOGUE',
      title: 'Catalogue des services documenté',
      assessed: 'Chaque service accepté contre des chèques a un contenu, une durée et un prix en chèques clairs.',
      evidence: 'Le catalogue des services du lieu sur la plateforme.',
      kind: 'mandatory',
      weight: 0,
    },
    {
      code: 'ACCESSIBILITE',
      title: 'Informations d’accessibilité',
      assessed: 'Le lieu décrit son accessibilité (bâtiment, handicaps accompagnés) et l’améliore.',
      evidence: 'Registre public d’accessibilité ou fiche Acceslibre ; prises en charge spécifiques déclarées.',
      kind: 'scored',
      weight: 2,
    },
    {
      code: 'DONNEES',
      title: 'Protection des données des personnes',
      assessed:
        'Le lieu ne conserve aucun identifiant ni mot de passe des personnes, informe sur ses traitements (RGPD) et utilise un mandat (Aidants Connect) pour agir à leur place.',
      evidence: 'Engagement signé, mentions d’information affichées, habilitation Aidants Connect le cas échéant.',
      kind: 'mandatory',
      weight: 0,
    },
    {
      code: 'NEUTRALITE',
      title: 'Absence de pression commerciale',
      assessed: 'Aucun produit ni abonnement n’est vendu ou recommandé contre rémunération pendant un accompagnement payé en chèques.',
      evidence: 'Engagement signé ; description du modèle économique du lieu.',
      kind: 'mandatory',
      weight: 0,
    },
    {
      code: 'LIBRE_CHOIX',
      title: 'Neutralité et libre choix de la personne',
      assessed: 'La personne choisit son lieu et son parcours ; le lieu oriente vers un autre lieu quand le besoin dépasse son offre.',
      evidence: 'Procédure d’orientation ; liste des partenaires vers qui orienter.',
      kind: 'scored',
      weight: 1,
    },
    {
      code: 'SATISFACTION',
      title: 'Recueil de la satisfaction',
      assessed: 'Le lieu recueille l’avis des personnes accompagnées et en tient compte.',
      evidence: 'Questionnaire utilisé et synthèse des derniers retours.',
      kind: 'scored',
      weight: 2,
    },
    {
      code: 'PARCOURS',
      title: 'Évaluation des besoins et suivi du parcours',
      assessed: 'Le lieu évalue le niveau et les besoins de la personne au premier rendez-vous et propose un parcours adapté.',
      evidence: 'Grille d’évaluation des besoins ou outil utilisé (par exemple PIX, Les Bons Clics).',
      kind: 'scored',
      weight: 2,
    },
    {
      code: 'RESEAU',
      title: 'Participation au réseau local de l’inclusion numérique',
      assessed: 'Le lieu participe au réseau territorial (hub, coordination départementale, France Services).',
      evidence: 'Nom du réseau, dates des dernières rencontres.',
      kind: 'scored',
      weight: 1,
    },
  ],
};

/** Every published version, oldest first; the last is the one new applications use. */
export const REFERENTIALS: readonly Referential[] = [REFERENTIAL_V1];

export function currentReferential(): Referential {
  return REFERENTIALS[REFERENTIALS.length - 1];
}

export function referentialVersion(version: number): Referential | undefined {
  return REFERENTIALS.find((referential) => referential.version === version);
}
