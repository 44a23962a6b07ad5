/**
 * The closed vocabularies of the national standard « lieux de médiation numérique » v1.0.2, verbatim:
 * the same strings as the API's (libs/domain/src/national-schema.ts; a unit test keeps them equal).
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
];

export const PUBLICS_SPECIFIQUEMENT_ADRESSES = ['Jeunes', 'Étudiants', 'Familles et/ou enfants', 'Seniors', 'Femmes'];

export const PRISES_EN_CHARGE_SPECIFIQUES = [
  'Surdité',
  'Handicaps moteurs',
  'Handicaps mentaux',
  'Illettrisme',
  'Langues étrangères (anglais)',
  'Langues étrangères (autres)',
  'Déficience visuelle',
];

export const FRAIS_A_CHARGE = ['Gratuit', 'Gratuit sous condition', 'Payant'];

export const ITINERANCES = ['Itinérant', 'Fixe'];

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
];

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
];

export const MODALITES_ACCES = [
  'Se présenter',
  'Téléphoner',
  'Contacter par mail',
  'Prendre un RDV en ligne',
  "Ce lieu n'accueille pas de public",
  'Envoyer un mail avec une fiche de prescription',
];

export const MODALITES_ACCOMPAGNEMENT = ['En autonomie', 'Accompagnement individuel', 'Dans un atelier collectif', 'À distance'];
