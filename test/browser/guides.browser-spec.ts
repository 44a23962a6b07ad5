/**
 * The French guides' tour (docs/guides): every page a guide sends its reader to opens for that role
 * on the demo, shows its title, and passes axe-core wide and at 360 px. With GUIDE_SCREENSHOTS=1
 * (`npm run docs:screenshots`) the tour also writes the guides' pictures to docs/guides/images.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describeInBrowser, expectAccessible, useBrowserApp } from '../helpers/browser';
import { DEMO } from '../helpers/test-app';

const IMAGES = join(__dirname, '../../docs/guides/images');
const SCREENSHOTS = process.env.GUIDE_SCREENSHOTS === '1';

interface Stop {
  /** The picture's file name in docs/guides/images (without .png). */
  picture: string;
  path: string;
  /** The page's h1. */
  heading: string | RegExp;
  /** The picture shows this region of the page only (its heading's name). */
  region?: string;
}

/** Per guide: who reads it, and the pages it names. Keep in step with docs/guides/*.md. */
const TOURS: Array<{ guide: string; email?: string; stops: Stop[] }> = [
  {
    guide: 'operateur',
    email: DEMO.operatorAdmin,
    stops: [
      { picture: 'operateur-organisations', path: '/organisations', heading: 'Organisations et utilisateurs' },
      { picture: 'operateur-programmes', path: '/programmes', heading: 'Programmes' },
      { picture: 'operateur-qualification', path: '/qualification', heading: 'Qualification des lieux' },
      { picture: 'operateur-verification-rib', path: '/verification-rib', heading: 'Coordonnées bancaires à vérifier' },
      { picture: 'operateur-remboursements', path: '/remboursements', heading: 'Remboursements' },
      { picture: 'operateur-releves-bancaires', path: '/releves-bancaires', heading: 'Relevés bancaires' },
      { picture: 'operateur-verifications', path: '/verifications', heading: 'Encaissements en vérification' },
      { picture: 'operateur-remboursements-financeurs', path: '/remboursements-financeurs', heading: 'Remboursements aux financeurs' },
      { picture: 'operateur-comptabilite', path: '/comptabilite', heading: 'Comptabilité' },
      { picture: 'operateur-audit', path: '/audit', heading: "Journal d'audit" },
    ],
  },
  {
    guide: 'financeur',
    email: DEMO.funderManager,
    stops: [
      { picture: 'financeur-programmes', path: '/programmes', heading: 'Programmes' },
      { picture: 'financeur-tableau-de-bord', path: '/tableau-de-bord', heading: 'Tableau de bord' },
      {
        picture: 'financeur-entonnoir',
        path: '/tableau-de-bord',
        heading: 'Tableau de bord',
        region: 'Entonnoir par structure distributrice',
      },
      { picture: 'financeur-carnets-inactifs', path: '/carnets-inactifs', heading: 'Carnets inactifs' },
      { picture: 'financeur-transferts', path: '/transferts', heading: 'Transferts de carnets' },
      { picture: 'financeur-paiements-lieux', path: '/paiements-lieux', heading: 'Paiements aux lieux' },
      { picture: 'financeur-coordonnees-bancaires', path: '/coordonnees-bancaires', heading: 'Coordonnées bancaires' },
    ],
  },
  {
    guide: 'distributeur',
    email: DEMO.distributorAgent,
    stops: [
      {
        picture: 'distributeur-accueil-entonnoir',
        path: '/',
        heading: /^Bonjour/,
        region: 'Vos carnets, de la remise à l’utilisation',
      },
      { picture: 'distributeur-carnets', path: '/carnets', heading: 'Stock de carnets' },
      { picture: 'distributeur-remise', path: '/remise', heading: 'Remettre un carnet' },
      { picture: 'distributeur-remplacement', path: '/remplacement', heading: 'Remplacer un carnet perdu' },
      { picture: 'distributeur-annulation', path: '/annulation', heading: 'Annuler un carnet ou des chèques' },
      { picture: 'distributeur-carnets-inactifs', path: '/carnets-inactifs', heading: 'Carnets inactifs' },
      { picture: 'distributeur-transferts', path: '/transferts', heading: 'Transferts de carnets' },
    ],
  },
  {
    guide: 'lieu',
    email: DEMO.placeAgent,
    stops: [
      { picture: 'lieu-mes-lieux', path: '/lieux-geres', heading: 'Mes lieux' },
      { picture: 'lieu-encaisser', path: '/lieu/scanner', heading: 'Encaisser des chèques' },
      { picture: 'lieu-encaissements', path: '/lieu/encaissements', heading: 'Encaissements' },
      { picture: 'lieu-coordonnees-bancaires', path: '/coordonnees-bancaires', heading: 'Coordonnées bancaires' },
      { picture: 'lieu-mes-remboursements', path: '/mes-remboursements', heading: 'Mes remboursements' },
      { picture: 'lieu-webhooks', path: '/webhooks', heading: 'Webhooks' },
    ],
  },
  {
    guide: 'public',
    stops: [
      { picture: 'public-carte', path: '/carte', heading: 'Trouver un lieu' },
      // What the QR code of « Où utiliser vos chèques » opens: the nearest places to Mérignac, with their distance.
      { picture: 'public-carte-proximite', path: '/carte?proche=33281', heading: 'Trouver un lieu' },
      { picture: 'public-referentiel', path: '/referentiel', heading: 'Référentiel de qualification des lieux' },
      { picture: 'public-registre', path: '/registre', heading: 'Registre des qualifications' },
      { picture: 'public-donnees', path: '/donnees', heading: 'Données ouvertes' },
    ],
  },
];

async function visit(page: Page, stop: Stop): Promise<void> {
  await page.goto(stop.path);
  await page.getByRole('heading', { level: 1, name: stop.heading }).waitFor();
  // Whatever the page loads after its title: no « Chargement » left on screen.
  await page
    .getByText(/^Chargement/)
    .first()
    .waitFor({ state: 'detached' });
  await expectAccessible(page, `${stop.path} (${stop.picture})`);
  if (SCREENSHOTS) {
    mkdirSync(IMAGES, { recursive: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    const path = join(IMAGES, `${stop.picture}.png`);
    if (stop.region) await page.getByRole('region', { name: stop.region, exact: true }).screenshot({ path });
    else await page.screenshot({ path });
  }
}

describeInBrowser('the French guides’ tour, role by role', () => {
  const app = useBrowserApp();

  for (const tour of TOURS) {
    it(`every page of the guide « ${tour.guide} » opens, titled and accessible`, async () => {
      const page = await app.signIn(tour.email);
      for (const stop of tour.stops) await visit(page, stop);
    });
  }
});
