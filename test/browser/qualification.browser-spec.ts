/**
 * Qualification of a place in Chromium against the real API and database: the place agent opens an
 * application from its place's page, answers every criterion, attaches a PDF and sends it; the
 * reviewer asks for more, the place agent is told on its home page and sends it again; the
 * reviewer finds it in the queue, marks every criterion and qualifies the place. axe-core
 * scans the application form, the queue and the review screen, wide and at 360 px.
 */
import type { Page } from 'playwright-core';
import { describeInBrowser, expectAccessible, statusText as waitForStatus, useBrowserApp } from '../helpers/browser';
import { PLACE_INPUT } from '../helpers/places';
import { DEMO, loginAs } from '../helpers/test-app';
import { demoPdf } from '../../apps/api/src/seed/demo-documents';

const PLACE_NAME = 'Espace numérique du Lac (navigateur)';
const PDF = demoPdf('Attestation (test)');

interface Criterion {
  code: string;
  title: string;
  kind: 'mandatory' | 'scored';
}

describeInBrowser('qualification of places in the browser', () => {
  const app = useBrowserApp();
  let page: Page;
  let criteria: Criterion[];

  beforeAll(async () => {
    const placeAgent = await loginAs(app.testApp, DEMO.placeAgent);
    await placeAgent
      .post('/api/places')
      .send({ ...PLACE_INPUT, nom: PLACE_NAME })
      .expect(201);
    criteria = (await placeAgent.get('/api/qualification/referential').expect(200)).body.criteria;
  });

  /** A fresh browser (no cookies) signed in as this person. */
  async function signIn(email: string): Promise<void> {
    page = await app.signIn(email);
  }

  const expectNoAxeViolations = (where: string) => expectAccessible(page, where);
  const statusText = (text: string | RegExp) => waitForStatus(page, text);

  /** The reviewer marks every criterion: mandatory ones met (the first as said), scored ones 2 out of 3. */
  async function markEveryCriterion({ firstMet }: { firstMet: boolean }): Promise<void> {
    for (const [index, criterion] of criteria.entries()) {
      const section = page.getByRole('region', { name: criterion.title });
      if (criterion.kind === 'mandatory') await section.getByRole('radio', { name: index === 0 && !firstMet ? 'Non' : 'Oui' }).check();
      else await section.getByRole('combobox').selectOption('2');
      await section.getByLabel(/^Commentaire/).fill('Vérifié.');
    }
  }

  it('a place agent applies, a reviewer qualifies the place', async () => {
    // The place agent opens an application from its place's page (the list of its places offers it too).
    await signIn(DEMO.placeAgent);
    await page.getByRole('link', { name: 'Fiche du lieu et qualification' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mes lieux' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: PLACE_NAME });
    expect(await row.textContent()).toContain('Jamais qualifié');
    await row.getByRole('button', { name: `Demander la qualification de ${PLACE_NAME}` }).waitFor();
    await row.getByRole('link', { name: PLACE_NAME, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: PLACE_NAME }).waitFor();
    const qualification = page.getByRole('region', { name: 'Qualification' });
    await qualification.getByRole('button', { name: 'Demander la qualification' }).waitFor();
    await expectNoAxeViolations('managed place with the button to apply');
    await qualification.getByRole('button', { name: 'Demander la qualification' }).click();
    await page.waitForURL(/\/qualification\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: `Demande de qualification — ${PLACE_NAME}` }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Vos réponses aux critères' }).waitFor();
    await page.waitForLoadState('networkidle');
    await expectNoAxeViolations('application form');

    // Sending with no answers names every unanswered criterion.
    await page.getByRole('button', { name: 'Envoyer pour examen' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Le formulaire contient des erreurs' });
    await summary.waitFor();
    expect(await summary.textContent()).toContain(`${criteria[0].title} : réponse : Répondez à ce critère`);
    await expectNoAxeViolations('application form with errors');

    // Every answer, a link and a PDF for the trained mediator; saved, then sent.
    for (const criterion of criteria) {
      const group = page.getByRole('group', { name: criterion.title });
      await group.getByLabel('Votre réponse').fill(`Notre réponse pour ${criterion.title}.`);
    }
    const first = page.getByRole('group', { name: criteria[0].title });
    await first.getByLabel('Liens (facultatif)').fill('https://espace-lac.example/horaires');
    const mediator = page.getByRole('group', { name: criteria.find((criterion) => criterion.code === 'MEDIATEUR')!.title });
    await mediator
      .getByLabel('Ajouter un justificatif (facultatif)')
      .setInputFiles({ name: 'attestation.pdf', mimeType: 'application/pdf', buffer: PDF });
    await mediator.getByRole('button', { name: /^Joindre le fichier/ }).click();
    await statusText('Le fichier « attestation.pdf » est joint');
    await mediator.getByRole('link', { name: 'attestation.pdf' }).waitFor();
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await statusText('Vos réponses sont enregistrées');
    await expectNoAxeViolations('application form filled in');
    await page.getByRole('button', { name: 'Envoyer pour examen' }).click();
    await statusText('Votre demande est envoyée');
    await page.getByText('Envoyée, en attente d’examen').first().waitFor();
    const applicationPath = new URL(page.url()).pathname;

    // The reviewer first asks for more; the place agent is told on its home page and sends the application again.
    await signIn(DEMO.operatorReviewer);
    await page.getByRole('link', { name: 'Registre des décisions' }).waitFor(); // on the reviewer's home, no longer « À venir »
    expect(await page.getByText('À venir').count()).toBe(0);
    await page.goto(applicationPath);
    await page.getByRole('heading', { level: 2, name: 'Examen de la demande' }).waitFor();
    await markEveryCriterion({ firstMet: true });
    await page.getByRole('radio', { name: 'Demander des compléments' }).check();
    await page.getByLabel('Motivation', { exact: true }).fill('Merci de joindre le planning des ateliers.');
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    expect(await statusText('Décision enregistrée')).toContain('des compléments sont demandés au lieu');
    await signIn(DEMO.placeAgent);
    const waiting = page.getByRole('region', { name: 'Une demande de qualification attend vos compléments' });
    expect(await waiting.textContent()).toContain(`L’opérateur demande des compléments pour ${PLACE_NAME}`);
    await expectNoAxeViolations('home page of a place asked for more');
    await waiting.getByRole('link', { name: `Compléter la demande de ${PLACE_NAME}` }).click();
    await page.waitForURL(`**${applicationPath}`);
    await page.getByText('Merci de joindre le planning des ateliers.').waitFor();
    await page.getByRole('button', { name: 'Envoyer pour examen' }).click();
    await statusText('Votre demande est envoyée');
    await page.goto('/');
    await page.getByRole('heading', { level: 2, name: 'Ce que vous pouvez faire' }).waitFor();
    expect(await page.getByRole('region', { name: 'Une demande de qualification attend vos compléments' }).count()).toBe(0);

    // The reviewer finds it in the queue.
    await signIn(DEMO.operatorReviewer);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Qualification' }).click();
    await page.getByRole('heading', { level: 1, name: 'Qualification des lieux' }).waitFor();
    await page.getByRole('link', { name: PLACE_NAME }).waitFor();
    await expectNoAxeViolations('qualification queue');
    await page.getByRole('link', { name: PLACE_NAME }).click();
    await page.waitForURL(`**${applicationPath}`);
    await page.getByRole('heading', { level: 2, name: 'Examen de la demande' }).waitFor();
    await page.waitForLoadState('networkidle');
    await expectNoAxeViolations('review screen');

    // Answers and evidence are there; the evidence downloads.
    const evidence = page.getByRole('link', { name: 'attestation.pdf' });
    const download = await app.context.request.get((await evidence.getAttribute('href'))!);
    expect(download.status()).toBe(200);
    expect((await download.body()).toString()).toBe(PDF.toString());
    await page.getByText(`Notre réponse pour ${criteria[0].title}.`).waitFor();

    // The score is shown live as the reviewer marks; a mandatory criterion not met cannot be qualified: the refusal is explained.
    const liveScore = page.getByRole('status').filter({ hasText: 'seuil de réussite' });
    expect(await liveScore.textContent()).toContain(
      `0 critère évalué sur ${criteria.length}. ${criteria.length} critères restent à évaluer.`,
    );
    await markEveryCriterion({ firstMet: false });
    expect(await liveScore.textContent()).toContain(
      `Le lieu ne peut pas être qualifié : critère obligatoire non rempli (« ${criteria[0].title} »)`,
    );
    await page.getByRole('radio', { name: 'Qualifier' }).check();
    await page.getByLabel('Motivation', { exact: true }).fill('Tous les critères sont remplis, justificatifs vérifiés.');
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'ne peut pas être qualifié' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain(`« ${criteria[0].title} »`);
    await expectNoAxeViolations('review screen with errors');

    await page.getByRole('region', { name: criteria[0].title }).getByRole('radio', { name: 'Oui' }).check();
    expect(await liveScore.textContent()).toMatch(/^Score : 66 %.*Avec ces notes, le lieu peut être qualifié\.$/);
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    expect(await statusText('Décision enregistrée')).toContain('le lieu est qualifié');
    await page.getByText('Qualifiée', { exact: true }).waitFor();
    await page.getByText(/Le lieu est qualifié jusqu'au/).waitFor();

    // The place agent sees its place qualified.
    await signIn(DEMO.placeAgent);
    await page.goto('/lieux-geres');
    await page.getByRole('heading', { level: 1, name: 'Mes lieux' }).waitFor();
    await page.getByRole('row').filter({ hasText: PLACE_NAME }).filter({ hasText: "Qualifié jusqu'au" }).waitFor();
  });
});
