/**
 * Stock in Chromium against the real API and database: a social worker replaces a lost booklet
 * (its number, what is left and the profile shown, the new booklet's number typed then Enter as a
 * hand scanner does). axe-core finds nothing, wide and at 360 px. The flow is checked, not timed.
 */
import { formatChequeCode } from '@app/domain';
import { describeInBrowser, expectAccessible, statusText, useBrowserApp } from '../helpers/browser';
import { chequeCodes, createProgramme } from '../helpers/programmes';
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
    expect(done.replace(/\s/g, ' ')).toContain(`Carnet ${lost} remplacé par le carnet ${programme.code}-00002 : 10 chèques utilisables (100,00 €).`);
    await expectAccessible(page, 'remplacement, fait');

    const status = async (code: string) =>
      (
        await app.testApp
          .anonymous()
          .get(`/api/cheques/${formatChequeCode(code)}/status`)
          .expect(200)
      ).body.verdict.code;
    expect(await status(codes[0].code)).toBe('cancelled');
    expect(await status(codes[10].code)).toBe('valid');
  });
});
