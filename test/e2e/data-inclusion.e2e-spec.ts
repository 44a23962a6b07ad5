/**
 * data·inclusion v1 export, checked as data·inclusion would: every structure and service of
 * `data-inclusion.json` against the official v1 JSON schemas (vendored in test/fixtures), on the
 * demo places plus places whose addresses the ANCT library used to refuse.
 */
import type TestAgent from 'supertest/lib/agent';
import { isValidSiret, localDate, UNKNOWN_SIRET } from '@app/domain';
import { PlacesService } from '@app/places';
import { dataInclusionErrors, dataInclusionVocabulary } from '../helpers/data-inclusion-schemas';
import { createQualifiedPlace, PLACE_INPUT } from '../helpers/places';
import { DEMO, loginAs, startTestApp, type TestApp } from '../helpers/test-app';

interface Structure {
  id: string;
  nom: string;
  siret: string | null;
  date_maj: string;
  adresse: string;
  commune: string;
}

interface Service {
  id: string;
  structure_id: string;
  date_maj: string;
  description: string;
  frais_precisions: string;
  thematiques: string[] | null;
  publics: string[];
}

interface DataInclusionFile {
  schema: { version: string };
  structures: Structure[];
  services: Service[];
  problems: Array<{ id: string; field: string; effect: string }>;
}

describe('open data: data·inclusion v1', () => {
  let testApp: TestApp;
  let placeAgent: TestAgent;
  let reviewer: TestAgent;

  beforeAll(async () => {
    testApp = await startTestApp();
    placeAgent = await loginAs(testApp, DEMO.placeAgent);
    reviewer = await loginAs(testApp, DEMO.operatorReviewer);
  });
  afterAll(() => testApp.close());

  const dataInclusion = async (): Promise<DataInclusionFile> =>
    (await testApp.anonymous().get('/api/open-data/data-inclusion.json').expect(200)).body;
  const qualifiedIds = async (): Promise<string[]> =>
    (await testApp.app.get(PlacesService).qualifiedPlaces()).map((place) => `pass-numerique--${place.nationalId}`).sort();

  it('exports every demo place: each object valid against the official v1 schemas, one structure per qualified place', async () => {
    const file = await dataInclusion();
    expect(file.schema.version).toBe('1.0.8');
    expect(file.structures.length).toBeGreaterThanOrEqual(5);
    expectValidAndComplete(file, await qualifiedIds());
    expect(file.problems).toEqual([]);
    // The demo's Grand Parc address has « », which the ANCT library's converter refused.
    expect(file.structures.map((structure) => structure.adresse)).toContain('Résidence « Le Grand Parc », 12 place de l’Europe');
  });

  it('exports places whose address the ANCT library refused, an association without a SIRET, and says the Pass numérique is accepted', async () => {
    const addresses: Array<Partial<typeof PLACE_INPUT> & Record<string, unknown>> = [
      { nom: 'Point numérique des Arcades', adresse: 'Centre commercial « Les Arcades »', commune: 'Bordeaux' },
      { nom: 'Espace numérique Hoche', adresse: '12 rue Hoche — bâtiment B', complement_adresse: '2ᵉ étage' },
      { nom: 'Atelier du Loup', adresse: '5 rue du Loup', commune: 'Bordeaux (33)', pivot: 'W332012399' },
      {
        nom: 'Maison France Services de Bègles',
        adresse: '3 rue d‘Ornano #2',
        code_postal: '33130',
        code_insee: '33039',
        commune: 'Bègles',
        modalites_acces: ['Se présenter', 'Contacter par mail', 'Prendre un RDV en ligne'],
        prise_rdv: 'https://rdv.exemple.fr/bègles',
        dispositif_programmes_nationaux: ['France Services'],
        frais_a_charge: ['Gratuit sous condition'],
      },
    ];
    for (const input of addresses) await createQualifiedPlace(placeAgent, reviewer, input);

    const file = await dataInclusion();
    expectValidAndComplete(file, await qualifiedIds());
    expect(file.problems).toEqual([]);
    for (const input of addresses) {
      const structure = file.structures.find((candidate) => candidate.nom === input.nom);
      expect(structure).toMatchObject({ adresse: input.adresse, commune: input.commune ?? PLACE_INPUT.commune });
    }
    expect(file.structures.find((structure) => structure.nom === 'Atelier du Loup')?.siret).toBeNull();
  });

  it('lists a stored place it cannot export (a name from before the rule) instead of dropping it; the registry now refuses such a name', async () => {
    const { id } = await createQualifiedPlace(placeAgent, reviewer, { nom: 'Bibliothèque municipale' });
    // As a place stored before the registry checked the length of names would be.
    await testApp.dataSource.query(`UPDATE places SET nom = 'BM' WHERE id = $1`, [id]);
    const [{ national_id: nationalId }] = await testApp.dataSource.query(`SELECT national_id FROM places WHERE id = $1`, [id]);

    const file = await dataInclusion();
    expect(file.problems).toEqual([
      { id: nationalId, nom: 'BM', field: 'nom', problem: 'must be 3 to 150 characters', effect: 'place_not_exported' },
    ]);
    const exported = (await qualifiedIds()).filter((structureId) => structureId !== `pass-numerique--${nationalId}`);
    expectValidAndComplete(file, exported);

    const refused = await placeAgent
      .post('/api/places')
      .send({ ...PLACE_INPUT, nom: 'BM' })
      .expect(400);
    expect(refused.body.details).toEqual([{ field: 'nom', problems: ['must be 3 to 150 characters'] }]);
    await placeAgent
      .patch(`/api/places/${id}`)
      .send({ nom: 'x'.repeat(151) })
      .expect(400);
  });
});

/** Every object valid against the v1 schemas, one structure and one service per exported place, nothing else. */
function expectValidAndComplete(file: DataInclusionFile, expectedStructureIds: string[]): void {
  const errors = [
    ...file.structures.map((structure) => [structure.id, dataInclusionErrors('structure', structure)]),
    ...file.services.map((service) => [service.id, dataInclusionErrors('service', service)]),
  ].filter(([, problems]) => problems.length > 0);
  expect(errors).toEqual([]);
  expect(file.structures.map((structure) => structure.id).sort()).toEqual(expectedStructureIds);
  expect(file.services.map((service) => service.structure_id).sort()).toEqual(expectedStructureIds);

  const today = localDate(new Date());
  const thematiques = dataInclusionVocabulary('service', 'Thematique');
  for (const structure of file.structures) {
    // What the JSON schema cannot say, data·inclusion's validator checks: a real SIRET, a date not in the future.
    if (structure.siret !== null)
      expect([structure.siret, isValidSiret(structure.siret) && structure.siret !== UNKNOWN_SIRET]).toEqual([structure.siret, true]);
    expect(structure.date_maj <= today).toBe(true);
    expect(structure.nom.endsWith('.')).toBe(false);
  }
  for (const service of file.services) {
    expect(service.date_maj <= today).toBe(true);
    expect(service.frais_precisions).toContain('Pass numérique');
    expect(service.publics.length === 1 || !service.publics.includes('tous-publics')).toBe(true);
    for (const thematique of service.thematiques ?? []) expect(thematiques).toContain(thematique);
  }
}
