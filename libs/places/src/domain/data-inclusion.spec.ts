import fc from 'fast-check';
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
  UNKNOWN_SIRET,
} from '@app/domain';
import { dataInclusionErrors } from '../../../../test/helpers/data-inclusion-schemas';
import { type DataInclusionPlace, PASS_NUMERIQUE_ACCEPTED, toDataInclusion } from './data-inclusion';
import { emptyPlaceFields, placeFieldProblems } from './place-fields';

const TODAY = '2026-11-23';

function place(fields: Partial<DataInclusionPlace> = {}): DataInclusionPlace {
  return {
    ...emptyPlaceFields(),
    id: 'b7e0c1d2-0000-4000-8000-000000000001',
    date_maj: '2026-11-20',
    pageUrl: 'https://pass-numerique.example/lieux/b7e0c1d2-0000-4000-8000-000000000001',
    pivot: '21330063500017',
    nom: 'Médiathèque Flora Tristan',
    adresse: '50 rue Henri Dunant',
    code_postal: '33800',
    code_insee: '33063',
    commune: 'Bordeaux',
    ...fields,
  };
}

/** The v1 schemas' errors of both objects (an empty list each when valid). */
function schemaErrors(entry: ReturnType<typeof toDataInclusion>): { structure: string[]; service: string[] } {
  return { structure: dataInclusionErrors('structure', entry.structure), service: dataInclusionErrors('service', entry.service) };
}

describe('data·inclusion v1 of a place', () => {
  it('writes addresses the ANCT library refuses (« », em dash, curly quote, parentheses): v1 takes any text', () => {
    for (const [adresse, commune] of [
      ['Centre commercial « Les Arcades »', 'Bordeaux'],
      ['12 rue Hoche — bât. B', 'Bordeaux'],
      ['3 rue d‘Ornano #2', 'Bordeaux'],
      ['5 rue du Loup', 'Bordeaux (33)'],
    ]) {
      const entry = toDataInclusion(place({ adresse, commune }), TODAY);
      expect(schemaErrors(entry)).toEqual({ structure: [], service: [] });
      expect(entry.structure).toMatchObject({ adresse, commune });
      expect(entry.problems).toEqual([]);
    }
  });

  it('puts only a real SIRET in `siret`: not an RNA number, not the cartography’s unknown SIRET', () => {
    const siret = (pivot: string) => toDataInclusion(place({ pivot }), TODAY).structure?.siret;
    expect(siret('21330063500017')).toBe('21330063500017');
    expect(siret('35600000000048')).toBe('35600000000048'); // La Poste: digit-sum key
    expect(siret('W332012345')).toBeNull();
    expect(siret(UNKNOWN_SIRET)).toBeNull();
  });

  it('dates the structure and the service with `date_maj` as a date, and always describes the service', () => {
    const { structure, service } = toDataInclusion(place(), TODAY);
    expect(structure?.date_maj).toBe('2026-11-20');
    expect(service?.date_maj).toBe('2026-11-20');
    expect(service?.description).toContain(PASS_NUMERIQUE_ACCEPTED);
  });

  it('maps the national vocabularies to v1’s: thématiques, publics, type, modes, frais with the Pass numérique', () => {
    const entry = toDataInclusion(
      place({
        services: ['Aide aux démarches administratives', 'Acquisition de matériel informatique à prix solidaire'],
        publics_specifiquement_adresses: ['Seniors', 'Familles et/ou enfants'],
        prise_en_charge_specifique: ['Surdité'],
        modalites_accompagnement: ['Dans un atelier collectif', 'À distance'],
        modalites_acces: ['Se présenter', 'Téléphoner', 'Prendre un RDV en ligne', 'Envoyer un mail avec une fiche de prescription'],
        frais_a_charge: ['Gratuit', 'Payant'],
        telephone: '+33556000001',
        courriels: ['contact@mediatheque.example'],
        prise_rdv: 'https://rdv.example/médiathèque',
        dispositif_programmes_nationaux: ['Conseillers numériques', 'Certification PIX'],
        typologie: ['BIB', 'CCAS'],
      }),
      TODAY,
    );
    expect(schemaErrors(entry)).toEqual({ structure: [], service: [] });
    expect(entry.structure?.reseaux_porteurs).toEqual(['conseillers-numeriques', 'ccas-cias']);
    expect(entry.service).toMatchObject({
      thematiques: [
        'numerique--acceder-a-des-services-en-ligne',
        'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives',
        'numerique--acquerir-un-equipement',
      ],
      publics: ['seniors', 'familles'],
      publics_precisions: 'Accompagnement adapté : Surdité.',
      type: 'accompagnement',
      modes_accueil: ['en-presentiel', 'a-distance'],
      modes_mobilisation: ['se-presenter', 'telephoner', 'envoyer-un-courriel', 'utiliser-lien-mobilisation'],
      mobilisable_par: ['usagers', 'professionnels'],
      lien_mobilisation: 'https://rdv.example/m%C3%A9diath%C3%A8que',
      frais: 'payant',
      frais_precisions: `Gratuit ou payant selon l’accompagnement. ${PASS_NUMERIQUE_ACCEPTED}`,
    });
    const everyone = toDataInclusion(place(), TODAY).service;
    expect(everyone).toMatchObject({ publics: ['tous-publics'], frais: null, frais_precisions: PASS_NUMERIQUE_ACCEPTED });
  });

  it('reports a place it cannot write instead of dropping it, and a value it leaves out', () => {
    const tooShort = toDataInclusion(place({ nom: 'BM.' }), TODAY);
    expect(tooShort.structure).toBeNull();
    expect(tooShort.problems).toEqual([
      expect.objectContaining({ field: 'nom', problem: 'must be 3 to 150 characters', effect: 'place_not_exported' }),
    ]);
    const future = toDataInclusion(place({ date_maj: '2026-11-24' }), TODAY);
    expect(future.problems).toEqual([expect.objectContaining({ field: 'date_maj', effect: 'place_not_exported' })]);

    const withoutEmail = toDataInclusion(place({ courriels: ['accueil@médiathèque.fr'], nom: 'Espace numérique.' }), TODAY);
    expect(schemaErrors(withoutEmail)).toEqual({ structure: [], service: [] });
    expect(withoutEmail.structure).toMatchObject({ nom: 'Espace numérique', courriel: null });
    expect(withoutEmail.problems).toEqual([expect.objectContaining({ field: 'courriels', effect: 'value_left_out' })]);
  });

  it('does not read free-text typologies through Object’s prototype', () => {
    const entry = toDataInclusion(place({ typologie: ['constructor', '__proto__', 'toString'] }), TODAY);
    expect(entry.structure?.reseaux_porteurs).toBeNull();
    expect(schemaErrors(entry)).toEqual({ structure: [], service: [] });
  });

  it('every place the registry accepts is exported, valid against the official v1 schemas (property)', () => {
    fc.assert(
      fc.property(placeArbitrary(), (candidate) => {
        fc.pre(placeFieldProblems(candidate).length === 0);
        const entry = toDataInclusion(candidate, TODAY);
        expect(entry.problems.filter((problem) => problem.effect === 'place_not_exported')).toEqual([]);
        expect(schemaErrors(entry)).toEqual({ structure: [], service: [] });
      }),
      { numRuns: 300 },
    );
  });

  it('any stored place, even one the registry would now refuse, is exported valid or reported (property)', () => {
    fc.assert(
      fc.property(placeArbitrary(), (candidate) => {
        const entry = toDataInclusion(candidate, TODAY);
        if (entry.structure === null) expect(entry.problems.some((problem) => problem.effect === 'place_not_exported')).toBe(true);
        else expect(schemaErrors(entry)).toEqual({ structure: [], service: [] });
      }),
      { numRuns: 300 },
    );
  });
});

/** Places with any Unicode text where the national schema allows free text, and the schema's vocabularies. */
function placeArbitrary(): fc.Arbitrary<DataInclusionPlace> {
  const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 160 });
  const optionalText = fc.option(fc.string({ unit: 'grapheme', maxLength: 400 }), { nil: null });
  const digits = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length });
  const vocabulary = (values: readonly string[]) => fc.subarray([...values]);
  return fc
    .record({
      id: fc.oneof(fc.uuid(), text),
      date_maj: fc
        .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10)),
      pageUrl: fc.option(fc.webUrl(), { nil: null }),
      pivot: fc.constantFrom('21330063500017', '78282932000079', '35600000000048', 'W332012345', UNKNOWN_SIRET),
      nom: text,
      commune: text,
      code_postal: digits(5),
      code_insee: fc.option(fc.constantFrom('33063', '2A004', '97411', '75056'), { nil: null }),
      adresse: text,
      complement_adresse: optionalText,
      position: fc.option(fc.tuple(fc.double({ min: -90, max: 90, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true })), {
        nil: null,
      }),
      typologie: fc.array(fc.oneof(fc.constantFrom('BIB', 'CCAS', 'EPN', 'MUNI', 'constructor'), fc.string()), { maxLength: 3 }),
      telephone: fc.option(fc.constantFrom('+33556000001', '+262262000000', '+590590123456'), { nil: null }),
      courriels: fc.array(fc.emailAddress(), { maxLength: 2 }),
      site_web: fc.array(fc.webUrl({ withQueryParameters: true, withFragments: true }), { maxLength: 2 }),
      horaires: fc.option(fc.constantFrom('Mo-Fr 09:00-12:00,14:00-18:00', '24/7', 'Tu-Sa 10:00-17:00; PH off'), { nil: null }),
      presentation_resume: fc.option(fc.string({ unit: 'grapheme', maxLength: 280 }), { nil: null }),
      presentation_detail: optionalText,
      source: optionalText,
      itinerance: vocabulary(ITINERANCES),
      structure_parente: optionalText,
      services: vocabulary(SERVICES),
      publics_specifiquement_adresses: vocabulary(PUBLICS_SPECIFIQUEMENT_ADRESSES),
      prise_en_charge_specifique: vocabulary(PRISES_EN_CHARGE_SPECIFIQUES),
      frais_a_charge: vocabulary(FRAIS_A_CHARGE),
      dispositif_programmes_nationaux: vocabulary(DISPOSITIFS_PROGRAMMES_NATIONAUX),
      formations_labels: vocabulary(FORMATIONS_LABELS),
      autres_formations_labels: fc.array(fc.string(), { maxLength: 2 }),
      modalites_acces: vocabulary(MODALITES_ACCES),
      modalites_accompagnement: vocabulary(MODALITES_ACCOMPAGNEMENT),
      fiche_acces_libre: fc.option(fc.webUrl(), { nil: null }),
      prise_rdv: fc.option(fc.webUrl({ withQueryParameters: true }), { nil: null }),
    })
    .map(({ position, ...fields }) => ({ ...fields, latitude: position?.[0] ?? null, longitude: position?.[1] ?? null }));
}
