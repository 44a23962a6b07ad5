import { type FunctionComponent, lazy, type ReactNode, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type Me, api, setUnauthenticatedHandler } from './api';
import { canOpen, findSignedInPage, safeDecode } from './access';
import { Layout } from './components/Layout';
import { PageLoadError } from './components/PageLoadError';
import { ForbiddenPage } from './pages/ForbiddenPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { forgetMe, rememberMe, rememberedMe } from './offline-identity';
import { navigate, usePath } from './router';

/**
 * Every page is its own chunk, loaded when first opened: the first visit downloads the frame and the page
 * asked for, not the 40 pages (a cheque's check page on a slow phone network does not wait for the
 * dashboards). The scanner's chunks are what the service worker keeps for offline use (vite.config.ts).
 */
function lazyPage<M, K extends keyof M & string>(load: () => Promise<M>, name: K): M[K] {
  // React.lazy wants a default export; the pages export their component by name.
  const component = lazy(async () => ({ default: (await load())[name] as FunctionComponent<object> }));
  return component as unknown as M[K];
}

const ApiTokensPage = lazyPage(() => import('./pages/ApiTokensPage'), 'ApiTokensPage');
const WebhooksPage = lazyPage(() => import('./pages/WebhooksPage'), 'WebhooksPage');
const AnomalyHoldsPage = lazyPage(() => import('./pages/AnomalyHoldsPage'), 'AnomalyHoldsPage');
const FunderRefundsPage = lazyPage(() => import('./pages/FunderRefundsPage'), 'FunderRefundsPage');
const ReissuePage = lazyPage(() => import('./pages/ReissuePage'), 'ReissuePage');
const IdleStockPage = lazyPage(() => import('./pages/IdleStockPage'), 'IdleStockPage');
const TransfersPage = lazyPage(() => import('./pages/TransfersPage'), 'TransfersPage');
const ApplicationPage = lazyPage(() => import('./pages/ApplicationPage'), 'ApplicationPage');
const AuditPage = lazyPage(() => import('./pages/AuditPage'), 'AuditPage');
const BankDetailsPage = lazyPage(() => import('./pages/BankDetailsPage'), 'BankDetailsPage');
const BankReviewPage = lazyPage(() => import('./pages/BankReviewPage'), 'BankReviewPage');
const BookletsPage = lazyPage(() => import('./pages/BookletsPage'), 'BookletsPage');
const CancellationPage = lazyPage(() => import('./pages/CancellationPage'), 'CancellationPage');
const CataloguePage = lazyPage(() => import('./pages/CataloguePage'), 'CataloguePage');
const AccountingPage = lazyPage(() => import('./pages/AccountingPage'), 'AccountingPage');
const DashboardPage = lazyPage(() => import('./pages/DashboardPage'), 'DashboardPage');
const ChequeCheckPage = lazyPage(() => import('./pages/ChequeCheckPage'), 'ChequeCheckPage');
const FunderPaymentsPage = lazyPage(() => import('./pages/FunderPaymentsPage'), 'FunderPaymentsPage');
const HandOutPage = lazyPage(() => import('./pages/HandOutPage'), 'HandOutPage');
const HomePage = lazyPage(() => import('./pages/HomePage'), 'HomePage');
const ForgotPasswordPage = lazyPage(() => import('./pages/ForgotPasswordPage'), 'ForgotPasswordPage');
const InvitationPage = lazyPage(() => import('./pages/InvitationPage'), 'InvitationPage');
const LoginPage = lazyPage(() => import('./pages/LoginPage'), 'LoginPage');
const PasswordLinkPage = lazyPage(() => import('./pages/PasswordLinkPage'), 'PasswordLinkPage');
const ManagedPlacePage = lazyPage(() => import('./pages/ManagedPlacePage'), 'ManagedPlacePage');
const ManagedPlacesPage = lazyPage(() => import('./pages/ManagedPlacesPage'), 'ManagedPlacesPage');
const NotificationsPage = lazyPage(() => import('./pages/NotificationsPage'), 'NotificationsPage');
const OpenDataPage = lazyPage(() => import('./pages/OpenDataPage'), 'OpenDataPage');
const OrganisationsPage = lazyPage(() => import('./pages/OrganisationsPage'), 'OrganisationsPage');
const ProgrammePage = lazyPage(() => import('./pages/ProgrammePage'), 'ProgrammePage');
const ProgrammesPage = lazyPage(() => import('./pages/ProgrammesPage'), 'ProgrammesPage');
const QualificationQueuePage = lazyPage(() => import('./pages/QualificationQueuePage'), 'QualificationQueuePage');
const RedemptionsPage = lazyPage(() => import('./pages/RedemptionsPage'), 'RedemptionsPage');
const ScannerPage = lazyPage(() => import('./pages/ScannerPage'), 'ScannerPage');
const SessionsPage = lazyPage(() => import('./pages/SessionsPage'), 'SessionsPage');
const SettlementBatchPage = lazyPage(() => import('./pages/SettlementBatchPage'), 'SettlementBatchPage');
const SettlementBatchesPage = lazyPage(() => import('./pages/SettlementBatchesPage'), 'SettlementBatchesPage');
const BankStatementsPage = lazyPage(() => import('./pages/BankStatementsPage'), 'BankStatementsPage');
const PlaceFormPage = lazyPage(() => import('./pages/PlaceFormPage'), 'PlaceFormPage');
const PlaceImportPage = lazyPage(() => import('./pages/PlaceImportPage'), 'PlaceImportPage');
const PlaceImportsPage = lazyPage(() => import('./pages/PlaceImportsPage'), 'PlaceImportsPage');
const PlacePage = lazyPage(() => import('./pages/PlacePage'), 'PlacePage');
const PlacePaymentsPage = lazyPage(() => import('./pages/PlacePaymentsPage'), 'PlacePaymentsPage');
const PlacesMapPage = lazyPage(() => import('./pages/PlacesMapPage'), 'PlacesMapPage');
const ReferentialPage = lazyPage(() => import('./pages/ReferentialPage'), 'ReferentialPage');
const RegisterPage = lazyPage(() => import('./pages/RegisterPage'), 'RegisterPage');

const SIGNED_IN_VIEWS: Record<string, (me: Me) => ReactNode> = {
  '/': (me) => <HomePage me={me} />,
  '/programmes': (me) => <ProgrammesPage me={me} />,
  '/tableau-de-bord': () => <DashboardPage />,
  '/carnets': (me) => <BookletsPage me={me} />,
  '/remise': () => <HandOutPage />,
  '/annulation': () => <CancellationPage />,
  '/lieu/scanner': (me) => <ScannerPage me={me} />,
  '/lieu/encaissements': () => <RedemptionsPage />,
  '/remplacement': () => <ReissuePage />,
  '/carnets-inactifs': (me) => <IdleStockPage me={me} />,
  '/transferts': (me) => <TransfersPage me={me} />,
  '/organisations': () => <OrganisationsPage />,
  '/audit': () => <AuditPage />,
  '/acces-api': (me) => <ApiTokensPage me={me} />,
  '/webhooks': () => <WebhooksPage />,
  '/sessions': () => <SessionsPage />,
  '/mes-notifications': () => <NotificationsPage />,
  '/lieux-geres': (me) => <ManagedPlacesPage me={me} />,
  '/qualification': () => <QualificationQueuePage />,
  '/import-lieux': () => <PlaceImportsPage />,
  '/coordonnees-bancaires': (me) => <BankDetailsPage me={me} />,
  '/verification-rib': () => <BankReviewPage />,
  '/comptabilite': (me) => <AccountingPage me={me} />,
  '/remboursements': (me) => <SettlementBatchesPage me={me} />,
  '/verifications': () => <AnomalyHoldsPage />,
  '/releves-bancaires': (me) => <BankStatementsPage canImport={me.role === 'operator_admin'} />,
  '/remboursements-financeurs': (me) => <FunderRefundsPage canAct={me.role === 'operator_admin'} />,
  '/mes-remboursements': () => <PlacePaymentsPage />,
  '/paiements-lieux': () => <FunderPaymentsPage />,
};

/** Pages of one item, by the path of their list; `view` names one of the item's own pages ("catalogue"). */
const ITEM_VIEWS: Record<string, (me: Me, id: string, view?: string) => ReactNode> = {
  '/programmes': (me, id) => <ProgrammePage me={me} id={id} />,
  '/qualification': (me, id) => <ApplicationPage me={me} id={id} />,
  '/lieux-geres': (me, id, view) =>
    view === 'modifier' ? (
      <PlaceFormPage me={me} id={id} />
    ) : view === 'catalogue' ? (
      <CataloguePage id={id} />
    ) : (
      <ManagedPlacePage me={me} id={id} />
    ),
  '/import-lieux': (_me, id) => <PlaceImportPage id={id} />,
  // "/remboursements/<organisation id>/paiements": the operator's view of one place organisation's payments.
  '/remboursements': (me, id, view) =>
    view === 'paiements' ? <PlacePaymentsPage organisationId={id} /> : <SettlementBatchPage me={me} id={id} />,
};

/** Pages that create an item, by the path of their list ("/lieux-geres/nouveau"). */
const NEW_ITEM_VIEWS: Record<string, (me: Me) => ReactNode> = {
  '/lieux-geres': (me) => <PlaceFormPage me={me} />,
};

const INVITATION_PATH = /^\/invitation\/([^/]+)\/?$/;
/** A single-use link to choose a password (forgotten password, first administrator). */
const PASSWORD_LINK_PATH = /^\/mot-de-passe\/([^/]+)\/?$/;
/** The public check of a cheque; its QR code adds ?p=…&k=…&s=… (for offline checks), ignored here. */
const CHEQUE_PATH = /^\/c\/([^/]+)\/?$/;
/** The public page of a place. */
const PLACE_PATH = /^\/lieux\/([^/]+)\/?$/;

export function App() {
  const path = usePath();
  // undefined while we ask the API who is signed in.
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const meRef = useRef(me);
  meRef.current = me;

  const signedIn = useCallback((who: Me) => {
    rememberMe(who);
    setMe(who);
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      // The session ended under us (expired, closed from another browser): back to sign-in.
      if (meRef.current) {
        navigate('/connexion', { replace: true, state: { flash: 'Votre session a pris fin. Connectez-vous à nouveau.' } });
      }
      forgetMe();
      setMe(null);
    });
    api.me().then(
      signedIn,
      // Offline: the person signed in on this device last (the scanner works without network).
      (error: unknown) => setMe(error instanceof ApiError && error.code === 'network_error' ? rememberedMe() : null),
    );
  }, [signedIn]);

  const logout = useCallback(async () => {
    let endSessionUrl: string | null = null;
    try {
      // With ProConnect on, its logout ends this session and, for a ProConnect session, the provider's too.
      endSessionUrl = (await api.proconnectLogout()).endSessionUrl;
    } catch (error) {
      try {
        if (error instanceof ApiError && error.code === 'not_found') await api.logout();
      } catch {
        // Already signed out or offline: the cookie is useless either way, go to sign-in.
      }
    }
    forgetMe();
    if (endSessionUrl) {
      window.location.assign(endSessionUrl);
      return;
    }
    navigate('/connexion', { state: { flash: 'Vous êtes déconnecté·e.' } });
    setMe(null);
  }, []);

  const signedInPage = findSignedInPage(path);
  const redirect = me === null && signedInPage ? '/connexion' : me && path === '/connexion' ? '/' : null;

  useEffect(() => {
    if (redirect) navigate(redirect, { replace: true });
  }, [redirect]);

  // Public pages draw at once, without waiting for the session: who is signed in only changes the header.
  if (redirect || (me === undefined && signedInPage)) return null;

  let content: ReactNode;
  const invitation = INVITATION_PATH.exec(path);
  const passwordLink = PASSWORD_LINK_PATH.exec(path);
  const cheque = CHEQUE_PATH.exec(path);
  const place = PLACE_PATH.exec(path);
  if (path === '/connexion') {
    content = <LoginPage onSignedIn={signedIn} />;
  } else if (invitation) {
    content = <InvitationPage token={safeDecode(invitation[1])} />;
  } else if (path === '/mot-de-passe-oublie' || path === '/mot-de-passe-oublie/') {
    content = <ForgotPasswordPage />;
  } else if (passwordLink) {
    content = <PasswordLinkPage token={safeDecode(passwordLink[1])} />;
  } else if (path === '/carte' || path === '/carte/') {
    content = <PlacesMapPage />;
  } else if (place) {
    content = <PlacePage id={safeDecode(place[1])} />;
  } else if (path === '/donnees' || path === '/donnees/') {
    content = <OpenDataPage />;
  } else if (path === '/referentiel' || path === '/referentiel/') {
    content = <ReferentialPage />;
  } else if (path === '/registre' || path === '/registre/') {
    content = <RegisterPage />;
  } else if (path === '/verifier' || path === '/verifier/') {
    content = <ChequeCheckPage />;
  } else if (cheque) {
    content = <ChequeCheckPage code={safeDecode(cheque[1])} />;
  } else if (signedInPage && me) {
    const { page, itemId, view } = signedInPage;
    if (!canOpen(me.role, page)) content = <ForbiddenPage />;
    else if (view === 'new') content = NEW_ITEM_VIEWS[page.path](me);
    else content = itemId === undefined ? SIGNED_IN_VIEWS[page.path](me) : ITEM_VIEWS[page.path](me, itemId, view);
  } else {
    content = <NotFoundPage />;
  }

  return (
    <Layout me={me ?? null} path={path} onLogout={() => void logout()}>
      {/* A new key per path: each page mounts afresh, which moves focus to its h1. */}
      <div key={path}>
        <PageLoadError>
          <Suspense fallback={<p>Chargement de la page…</p>}>{content}</Suspense>
        </PageLoadError>
      </div>
    </Layout>
  );
}
