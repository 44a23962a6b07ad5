import type { ReactNode } from 'react';
import type { Me } from '../api';
import { SIGNED_IN_PAGES, canOpen, findSignedInPage } from '../access';
import { ROLE_LABELS } from '../labels';
import { Link } from '../router';

/** The frame of every page: skip link, header and navigation, main content, footer. */
export function Layout({ me, path, onLogout, children }: { me: Me | null; path: string; onLogout: () => void; children: ReactNode }) {
  // On an item's page ("/programmes/<id>"), its list's link shows where we are.
  const section = findSignedInPage(path)?.page.path;
  return (
    <>
      <a className="skip-link" href="#contenu">
        Aller au contenu
      </a>
      <header className="site-header">
        <div className="container site-header__top">
          <Link href="/" className="site-name">
            Pass numérique
          </Link>
          {me ? (
            <div className="account">
              <p className="account__who">
                <span className="account__name">{me.displayName}</span>
                <span className="account__org">
                  {me.organisation.name} · {ROLE_LABELS[me.role]}
                </span>
              </p>
              <button type="button" className="button button--secondary" onClick={onLogout}>
                Se déconnecter
              </button>
            </div>
          ) : null}
        </div>
        {me ? (
          <nav className="site-nav" aria-label="Navigation principale">
            <ul className="container">
              {SIGNED_IN_PAGES.filter((page) => canOpen(me.role, page)).map((page) => (
                <li key={page.path}>
                  <Link href={page.path} aria-current={page.path === path ? 'page' : page.path === section ? 'true' : undefined}>
                    {page.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="contenu" tabIndex={-1} className="container">
        {children}
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>Pass numérique — plateforme publique, logiciel libre sous licence AGPL-3.0-or-later.</p>
          <ul className="site-footer__links">
            <li>
              <Link href="/verifier">Vérifier un chèque</Link>
            </li>
            <li>
              <Link href="/carte">Trouver un lieu</Link>
            </li>
            <li>
              <Link href="/registre">Registre des qualifications et données ouvertes</Link>
            </li>
            <li>
              <Link href="/referentiel">Référentiel de qualification</Link>
            </li>
            <li>
              <Link href="/donnees">Données ouvertes</Link>
            </li>
          </ul>
        </div>
      </footer>
    </>
  );
}
