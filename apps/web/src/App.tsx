import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type Me, api, setUnauthenticatedHandler } from './api';
import { canOpen, findSignedInPage, safeDecode } from './access';
import { Layout } from './components/Layout';
import { ApiTokensPage } from './pages/ApiTokensPage';
import { WebhooksPage } from './pages/WebhooksPage';
import { ApplicationPage } from './pages/ApplicationPage';
import { AuditPage } from './pages/AuditPage';
import { BankDetailsPage } from './pages/BankDetailsPage';
import { BankReviewPage } from './pages/BankReviewPage';
import { BookletsPage } from './pages/BookletsPage';
import { CancellationPage } from './pages/CancellationPage';
import { CataloguePage } from './pages/CataloguePage';
import { AccountingPage } from './pages/AccountingPage';
import { DashboardPage } from './pages/DashboardPage';
import { ChequeCheckPage } from './pages/ChequeCheckPage';
import { ForbiddenPage } from './pages/ForbiddenPage';
import { FunderPaymentsPage } from './pages/FunderPaymentsPage';
import { HandOutPage } from './pages/HandOutPage';
import { HomePage } from './pages/HomePage';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage';
import { InvitationPage } from './pages/InvitationPage';
import { LoginPage } from './pages/LoginPage';
import { PasswordLinkPage } from './pages/PasswordLinkPage';
import { ManagedPlacePage } from './pages/ManagedPlacePage';
import { ManagedPlacesPage } from './pages/ManagedPlacesPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { NotificationsPage } from './pages/NotificationsPage';
import { OpenDataPage } from './pages/OpenDataPage';
import { OrganisationsPage } from './pages/OrganisationsPage';
import { ProgrammePage } from './pages/ProgrammePage';
import { ProgrammesPage } from './pages/ProgrammesPage';
import { QualificationQueuePage } from './pages/QualificationQueuePage';
import { RedemptionsPage } from './pages/RedemptionsPage';
import { ScannerPage } from './pages/ScannerPage';
import { SessionsPage } from './pages/SessionsPage';
import { SettlementBatchPage } from './pages/SettlementBatchPage';
import { SettlementBatchesPage } from './pages/SettlementBatchesPage';
import { BankStatementsPage } from './pages/BankStatementsPage';
import { FunderRefundsPage } from './pages/FunderRefundsPage';
import { PlaceFormPage } from './pages/PlaceFormPage';
import { PlaceImportPage } from './pages/PlaceImportPage';
import { PlaceImportsPage } from './pages/PlaceImportsPage';
import { PlacePage } from './pages/PlacePage';
import { PlacePaymentsPage } from './pages/PlacePaymentsPage';
import { PlacesMapPage } from './pages/PlacesMapPage';
import { ReferentialPage } from './pages/ReferentialPage';
import { RegisterPage } from './pages/RegisterPage';
import { forgetMe, rememberMe, rememberedMe } from './offline-identity';
import { navigate, usePath } from './router';

const SIGNED_IN_VIEWS: Record<string, (me: Me) => ReactNode> = {
  '/': (me) => <HomePage me={me} />,
  '/programmes': (me) => <ProgrammesPage me={me} />,
  '/tableau-de-bord': () => <DashboardPage />,
  '/carnets': (me) => <BookletsPage me={me} />,
  '/remise': () => <HandOutPage />,
  '/annulation': () => <CancellationPage />,
  '/lieu/scanner': (me) => <ScannerPage me={me} />,
  '/lieu/encaissements': () => <RedemptionsPage />,
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

  if (me === undefined || redirect) return null;

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
    <Layout me={me} path={path} onLogout={() => void logout()}>
      {/* A new key per path: each page mounts afresh, which moves focus to its h1. */}
      <div key={path}>{content}</div>
    </Layout>
  );
}
