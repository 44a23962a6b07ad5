/** Commune search (official list) and the places nearest to a commune or a position (docs/places.md, « Proximité »). */
import type TestAgent from 'supertest/lib/agent';
import { binaryBody, describeWithPoppler, pdfText } from '../helpers/pdf';
import { createQualifiedPlace } from '../helpers/places';
import { DEMO, loginAs, startTestApp, TestClock, type TestApp } from '../helpers/test-app';

interface Suggestion {
  code: string;
  nom: string;
  codesPostaux: string[];
  positionSource: string | null;
}

describe('commune search and nearest places', () => {
  const clock = new TestClock();
  let testApp: TestApp;
  let placeAgent: TestAgent;
  let reviewer: TestAgent;

  beforeAll(async () => {
    testApp = await startTestApp({ clock });
    placeAgent = await loginAs(testApp, DEMO.placeAgent);
    reviewer = await loginAs(testApp, DEMO.operatorReviewer);
  });
  afterAll(() => testApp.close());

  const suggest = async (q: string): Promise<Suggestion[]> =>
    (await testApp.anonymous().get('/api/communes').query({ q }).expect(200)).body;

  it('suggests communes by name, with or without accents, and by postcode, and answers their INSEE code', async () => {
    expect((await suggest('Bordeaux'))[0]).toMatchObject({ code: '33063', nom: 'Bordeaux', positionSource: 'commune' });
    const merignac = await suggest('merignac');
    expect(merignac[0]).toMatchObject({ code: '33281', nom: 'Mérignac', codesPostaux: ['33700'] });
    expect(merignac.map((commune) => commune.code)).toEqual(expect.arrayContaining(['16216', '17229']));
    expect((await suggest('33700')).map((commune) => commune.code)).toEqual(['33281']);
    expect((await suggest('Le Bouscat'))[0]).toMatchObject({ code: '33069', codesPostaux: ['33110'] });
    expect((await suggest('le-bouscat'))[0].code).toBe('33069');
    expect((await suggest('st medard en jalles'))[0].nom).toBe('Saint-Médard-en-Jalles');
    expect((await suggest('Paris 15'))[0]).toMatchObject({ code: '75115', positionSource: 'commune' });
    expect(await suggest('Xyzzy')).toEqual([]);
    expect((await testApp.anonymous().get('/api/communes').query({ q: 'Saint', limit: 3 }).expect(200)).body).toHaveLength(3);
    expect((await testApp.anonymous().get('/api/communes/33069').expect(200)).body.nom).toBe('Le Bouscat');
    await testApp.anonymous().get('/api/communes/99999').expect(404);
  });

  it('refuses a search without words, too long, or a limit out of range, naming the field', async () => {
    const empty = await testApp.anonymous().get('/api/communes').expect(400);
    expect(empty.body.details.map((problem: { field: string }) => problem.field)).toEqual(['q']);
    await testApp
      .anonymous()
      .get('/api/communes')
      .query({ q: 'a'.repeat(61) })
      .expect(400);
    const limit = await testApp.anonymous().get('/api/communes').query({ q: 'Bordeaux', limit: 500 }).expect(400);
    expect(limit.body.details).toEqual([{ field: 'limit', problems: ['must not be greater than 20'] }]);
  });

  it('lists the qualified places nearest to a commune, nearest first, with their distance', async () => {
    // Three places in Corsica, far from every demo place (Bordeaux), at known distances from Ajaccio.
    const ajaccio = await createQualifiedPlace(placeAgent, reviewer, {
      nom: 'Cyber-base du Cours Napoléon',
      commune: 'Ajaccio',
      code_postal: '20000',
      code_insee: '2A004',
      latitude: 41.9205,
      longitude: 8.7369,
    });
    const porticcio = await createQualifiedPlace(placeAgent, reviewer, {
      nom: 'Espace numérique de Porticcio',
      commune: 'Grosseto-Prugna',
      code_postal: '20166',
      code_insee: '2A130',
      latitude: 41.8868,
      longitude: 8.8071,
    });
    const bastia = await createQualifiedPlace(placeAgent, reviewer, {
      nom: 'Médiathèque de Bastia',
      commune: 'Bastia',
      code_postal: '20200',
      code_insee: '2B033',
      latitude: 42.6976,
      longitude: 9.4504,
    });

    const near = await testApp.anonymous().get('/api/nearest-places').query({ commune: '2A004', limit: 3 }).expect(200);
    expect(near.body.commune).toMatchObject({ code: '2A004', nom: 'Ajaccio' });
    expect(near.body.items.map((place: { id: string }) => place.id)).toEqual([ajaccio.id, porticcio.id, bastia.id]);
    const distances = near.body.items.map((place: { distanceKm: number }) => place.distanceKm);
    expect(distances[0]).toBeLessThan(2);
    expect(distances[1]).toBeGreaterThan(5);
    expect(distances[1]).toBeLessThan(10);
    expect(distances[2]).toBeGreaterThan(95);
    expect(distances[2]).toBeLessThan(110);
    expect(near.body.items[0]).toMatchObject({ nom: 'Cyber-base du Cours Napoléon', adresse: '3 rue du Lac' });

    // « Autour de moi »: a position near Bastia puts Bastia first.
    const around = await testApp.anonymous().get('/api/nearest-places').query({ latitude: 42.7, longitude: 9.45, limit: 1 }).expect(200);
    expect(around.body.commune).toBeNull();
    expect(around.body.items.map((place: { id: string }) => place.id)).toEqual([bastia.id]);

    // Around Mérignac (postcode 33700), the demo places of the Bordeaux area, nearest first.
    const merignac = await testApp.anonymous().get('/api/nearest-places').query({ commune: '33281' }).expect(200);
    const merignacDistances = merignac.body.items.map((place: { distanceKm: number }) => place.distanceKm);
    expect(merignacDistances.length).toBeGreaterThanOrEqual(3);
    expect(merignacDistances).toEqual([...merignacDistances].sort((a: number, b: number) => a - b));
    expect(merignacDistances.at(-1)).toBeLessThan(15);
    const bouscat = await testApp.anonymous().get('/api/nearest-places').query({ commune: '33069', limit: 3 }).expect(200);
    expect(bouscat.body.items).toHaveLength(3);
    expect(bouscat.body.items.every((place: { distanceKm: number }) => place.distanceKm < 15)).toBe(true);
  });

  it('with « ouvert maintenant » and nothing open, gives the nearest places with their next opening', async () => {
    // A Sunday night in Paris: every demo place and the test places are closed.
    clock.set(new Date('2026-12-06T22:30:00Z'));
    const closed = await testApp.anonymous().get('/api/nearest-places').query({ commune: '33063', openNow: true, limit: 3 }).expect(200);
    expect(closed.body.noneOpenNow).toBe(true);
    expect(closed.body.items).toHaveLength(3);
    for (const place of closed.body.items) {
      expect(place.openNow).toBe(false);
      expect(place.nextOpening.inWords).toMatch(/^(demain|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche).* à \d\d:\d\d$/);
    }
    // A Monday at 10:00: open places only, nearest first.
    clock.set(new Date('2026-12-07T09:00:00Z'));
    const open = await testApp.anonymous().get('/api/nearest-places').query({ commune: '33063', openNow: true }).expect(200);
    expect(open.body.noneOpenNow).toBe(false);
    expect(open.body.items.length).toBeGreaterThan(0);
    expect(open.body.items.every((place: { openNow: boolean; nextOpening: unknown }) => place.openNow && place.nextOpening === null)).toBe(
      true,
    );
    clock.reset();
  });

  it('refuses a search with neither commune nor position, a half position, or an unknown commune', async () => {
    const nothing = await testApp.anonymous().get('/api/nearest-places').expect(400);
    expect(nothing.body.details.map((problem: { field: string }) => problem.field).sort()).toEqual(['commune', 'latitude', 'longitude']);
    const half = await testApp.anonymous().get('/api/nearest-places').query({ latitude: 44.8 }).expect(400);
    expect(half.body.details.map((problem: { field: string }) => problem.field)).toEqual(['longitude']);
    await testApp.anonymous().get('/api/nearest-places').query({ latitude: 95, longitude: 0 }).expect(400);
    const unknown = await testApp.anonymous().get('/api/nearest-places').query({ commune: '99999' }).expect(400);
    expect(unknown.body.details).toEqual([{ field: 'commune', problems: ['is not an INSEE code of the official list of communes'] }]);
  });

  describeWithPoppler('the « Où utiliser vos chèques » sheet', () => {
    it('lists the nearest places with address, hours, next opening, phone, services and prices, and the map link; no personal data', async () => {
      const distributor = await loginAs(testApp, DEMO.distributorAgent);
      // A Sunday night in Paris: every place is closed, each says when it opens next.
      clock.set(new Date('2026-12-06T22:30:00Z'));
      const response = await distributor
        .get('/api/where-to-use.pdf')
        .query({ commune: '33069', format: 'A5', places: 3 })
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
      clock.reset();
      expect(response.headers['content-type']).toBe('application/pdf');
      const text = pdfText(response.body as Buffer).replace(/\s+/g, ' '); // lines wrap where the page ends
      expect(text).toContain('Où utiliser vos chèques Pass numérique');
      expect(text).toContain('Voici les lieux les plus proches de Le Bouscat (33110).');
      const near = await testApp.anonymous().get('/api/nearest-places').query({ commune: '33069', limit: 3 }).expect(200);
      const names = near.body.items.map((place: { nom: string }) => place.nom);
      const positions = names.map((name: string) => text.indexOf(name));
      expect(positions.every((position: number) => position > 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(text).toMatch(/Prochaine ouverture : (demain|lundi \d+ décembre) à \d\d:\d\d/);
      expect(text).toMatch(/Horaires : lundi : \d\d:\d\d–\d\d:\d\d/);
      expect(text).toMatch(/Avec vos chèques : .+\(\d+ chèques?\)/);
      expect(text).toContain('Téléphone : +33');
      expect(text).toContain(`${testApp.publicUrl}/carte?proche=33069`);
    });

    it('is for the people who hand cheques out, and names a wrong commune or format', async () => {
      await testApp.anonymous().get('/api/where-to-use.pdf').query({ commune: '33069' }).expect(401);
      await placeAgent.get('/api/where-to-use.pdf').query({ commune: '33069' }).expect(403);
      const distributor = await loginAs(testApp, DEMO.distributorAgent);
      const wrong = await distributor.get('/api/where-to-use.pdf').query({ commune: 'Bordeaux', format: 'A3' }).expect(400);
      expect(wrong.body.details.map((problem: { field: string }) => problem.field).sort()).toEqual(['commune', 'format']);
    });
  });
});
