import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { type Me, api, setUnauthenticatedHandler } from './api';
import { SIGNED_IN_PAGES, canOpen } from './access';
import { Layout } from './components/Layout';
import { ApiTokensPage } from './pages/ApiTokensPage';
import { AuditPage } from './pages/AuditPage';
import { ForbiddenPage } from './pages/ForbiddenPage';
import { HomePage } from './pages/HomePage';
import { InvitationPage } from './pages/InvitationPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OrganisationsPage } from './pages/OrganisationsPage';
import { SessionsPage } from './pages/SessionsPage';
import { navigate, usePath } from './router';

const SIGNED_IN_VIEWS: Record<string, (me: Me) => ReactNode> = {
  '/': (me) => <HomePage me={me} />,
  '/organisations': () => <OrganisationsPage />,
  '/audit': () => <AuditPage />,
  '/acces-api': (me) => <ApiTokensPage me={me} />,
  '/sessions': () => <SessionsPage />,
};

const INVITATION_PATH = /^\/invitation\/([^/]+)\/?$/;

export function App() {
  const path = usePath();
  // undefined while we ask the API who is signed in.
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const meRef = useRef(me);
  meRef.current = me;

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      // The session ended under us (expired, closed from another browser): back to sign-in.
      if (meRef.current) {
        navigate('/connexion', { replace: true, state: { flash: 'Votre session a pris fin. Connectez-vous à nouveau.' } });
      }
      setMe(null);
    });
    api.me().then(setMe, () => setMe(null));
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      // Already signed out or offline: the cookie is useless either way, go to sign-in.
    }
    navigate('/connexion', { state: { flash: 'Vous êtes déconnecté·e.' } });
    setMe(null);
  }, []);

  const signedInPage = SIGNED_IN_PAGES.find((page) => page.path === path);
  const redirect = me === null && signedInPage ? '/connexion' : me && path === '/connexion' ? '/' : null;

  useEffect(() => {
    if (redirect) navigate(redirect, { replace: true });
  }, [redirect]);

  if (me === undefined || redirect) return null;

  let content: ReactNode;
  const invitation = INVITATION_PATH.exec(path);
  if (path === '/connexion') {
    content = <LoginPage onSignedIn={setMe} />;
  } else if (invitation) {
    content = <InvitationPage token={safeDecode(invitation[1])} />;
  } else if (signedInPage && me) {
    content = canOpen(me.role, signedInPage) ? SIGNED_IN_VIEWS[signedInPage.path](me) : <ForbiddenPage />;
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

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
