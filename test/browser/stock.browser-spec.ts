/**
 * Stock in Chromium against the real API and database: a social worker replaces a lost booklet
 * (its number, what is left and the profile shown, the new booklet's number typed then Enter as a
 * hand scanner does); the demo's idle booklets seen by the CCAS and the funder; a transfer asked
 * by the CCAS through the form and the demo's pending one approved by the funder after a confirmation
 * step. axe-core finds nothing, wide and at 360 px. The flows are checked, not timed.
 */
import { describeInBrowser, expectAccessible, statusText, useBrowserApp } from '../helpers/browser';
import { chequeCodes, chequeVerdictOf, createProgramme } from '../helpers/programmes';
import { DEMO, loginAs } from '../helpers/test-app';

describeInBrowser('stock (browser)', () => {
  const app = useBrowserApp();

  it('a social worker replaces a lost booklet: found by number, profile carried over, new booklet scanned', async () => {
    const funder = await loginAs(app.testApp, DEMO.funderManager);
    const operator = await loginAs(app.testApp, DEMO.operatorAdmin);
    const distributor = await loginAs(app.testApp, DEMO.distributorAgent);
    const distributorId = (await distributor.get('/api/auth/me')).body.organisation.id;
    const programme = await createProgramme({ funder, operator, until: 'active' });
    await operator
      .post('/api/booklets/allocations')
      .send({ programmeId: programme.id, fromNumber: 1, toNumber: 2, distributorOrganisationId: distributorId })
      .expect(201);
    const lost = `${programme.code}-00001`;
    await distributor
      .post('/api/hand-outs')
      .send({
        bookletSerial: lost,
        ageBand: '60_74',
        situation: 'retraite',
        communeCode: '33281',
        needs: ['Aide aux démarches administratives'],
      })
      .expect(201);
    const codes = await chequeCodes(app.testApp, programme.id);

    const page = await app.signIn(DEMO.distributorAgent);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Remplacer un carnet perdu' }).click();
    await page.getByRole('heading', { level: 1, name: 'Remplacer un carnet perdu' }).waitFor();
    await expectAccessible(page, 'remplacement, vide');

    await page.getByRole('button', { name: 'Rechercher le carnet' }).click();
    await page.getByText('Saisissez le numéro du carnet perdu, par exemple 7K3F-00012.').first().waitFor();
    await page.getByLabel('Numéro du carnet perdu').fill(`${programme.code}-00099`);
    await page.getByRole('button', { name: 'Rechercher le carnet' }).click();
    await page.getByText('Aucun carnet de votre stock ne porte ce numéro.', { exact: false }).first().waitFor();
    await expectAccessible(page, 'remplacement, carnet inconnu');

    await page.getByLabel('Numéro du carnet perdu').fill(lost.toLowerCase());
    await page.getByRole('button', { name: 'Rechercher le carnet' }).click();
    await page.getByRole('heading', { level: 2, name: '2. Ce qui est reporté sur le nouveau carnet' }).waitFor();
    await page.getByText('10 chèques non utilisés sur 10, soit 100,00 €').waitFor();
    await page.getByText('60 à 74 ans').waitFor();
    await page.getByText('Mérignac (33281)').waitFor();
    await expectAccessible(page, 'remplacement, aperçu');

    // The focus is in the new booklet's field: a hand scanner types the number, then Enter.
    await page.keyboard.type(`${programme.code}-00002`);
    await page.keyboard.press('Enter');
    const done = await statusText(page, /remplacé par le carnet/);
    expect(done.replace(/\s/g, ' ')).toContain(
      `Carnet ${lost} remplacé par le carnet ${programme.code}-00002 : 10 chèques utilisables (100,00 €).`,
    );
    await expectAccessible(page, 'remplacement, fait');

    expect(await chequeVerdictOf(app.testApp, codes[0].code)).toBe('cancelled');
    expect(await chequeVerdictOf(app.testApp, codes[10].code)).toBe('valid');

    // From « Carnets », a booklet handed out opens the page with its number looked up already.
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Carnets', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Stock de carnets' }).waitFor();
    await page.getByRole('link', { name: `Remplacer s'il est perdu : carnet ${programme.code}-00002` }).click();
    await page.getByRole('heading', { level: 2, name: '2. Ce qui est reporté sur le nouveau carnet' }).waitFor();
    await page.getByText('10 chèques non utilisés sur 10, soit 100,00 €').waitFor();
  });

  it('the CCAS and the funder see the idle booklets; the CCAS asks for a transfer, the funder approves the demo one', async () => {
    const ccas = await app.signIn(DEMO.distributorAgent);
    await ccas.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Carnets inactifs' }).click();
    await ccas.getByRole('heading', { level: 1, name: 'Carnets inactifs' }).waitFor();
    await ccas.getByText('3 carnets inactifs.').waitFor();
    await expectAccessible(ccas, 'carnets inactifs (structure)');

    await ccas.getByRole('link', { name: 'Proposer ces carnets à une autre structure' }).click();
    await ccas.getByRole('heading', { level: 1, name: 'Transferts de carnets' }).waitFor();
    await ccas.getByRole('heading', { level: 2, name: 'Demandes en attente' }).waitFor();
    await ccas.getByRole('button', { name: 'Envoyer la demande' }).click();
    await ccas.getByText('Choisissez le programme des carnets.').first().waitFor();
    await ccas.getByLabel('Programme').selectOption({ label: 'Pass numérique Gironde (démo)' });
    await ccas
      .getByLabel('Structure qui reçoit les carnets')
      .selectOption({ label: 'Maison départementale des solidarités de Bordeaux (démo)' });
    await ccas.getByLabel('Nombre de carnets').fill('1');
    await ccas.getByLabel('Pourquoi (facultatif)').fill('Un carnet de plus pour la permanence du mardi');
    await ccas.getByRole('button', { name: 'Envoyer la demande' }).click();
    const asked = await statusText(ccas, /Demande envoyée/);
    expect(asked).toMatch(/Demande envoyée : 1 carnet \(\w{4}-00007\) pour Maison départementale des solidarités de Bordeaux \(démo\)/);
    await expectAccessible(ccas, 'transferts (structure)');

    const funder = await app.signIn(DEMO.funderManager);
    await funder.goto('/carnets-inactifs');
    await funder.getByText('3 carnets inactifs chez 1 structure.').waitFor();
    await expectAccessible(funder, 'carnets inactifs (financeur)');
    await funder.goto('/transferts');
    const demo = funder.getByRole('row').filter({ hasText: 'Permanence fermée jusqu’en février' });
    await demo.waitFor();
    await expectAccessible(funder, 'transferts (financeur)');
    await demo.getByRole('button', { name: /^Approuver/ }).click();
    await funder.getByRole('heading', { level: 3, name: /^Approuver le transfert de 2 carnets de CCAS de Bordeaux \(démo\)/ }).waitFor();
    await expectAccessible(funder, 'transferts, approbation');
    await funder.getByRole('button', { name: "Confirmer l'approbation" }).click();
    const approved = await statusText(funder, /approuvé/);
    expect(approved).toContain('approuvé : 2 carnets transférés');
    await funder.getByRole('region', { name: 'Demandes traitées' }).getByText('Permanence fermée jusqu’en février').waitFor();

    // Moved: the two idle booklets are in the MDS's stock now (and idle no longer, their clock restarted).
    const mds = await loginAs(app.testApp, 'agent@mds.example');
    const stock = (await mds.get('/api/booklets?pageSize=200').expect(200)).body.items as Array<{ number: number; programmeName: string }>;
    expect(stock.filter((booklet) => booklet.programmeName === 'Pass numérique Gironde (démo)').map((booklet) => booklet.number)).toEqual([
      5, 6, 11, 12,
    ]);
  });
});
