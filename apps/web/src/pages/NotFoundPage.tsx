import { Page } from '../components/Page';
import { Link } from '../router';

export function NotFoundPage() {
  return (
    <Page title="Page introuvable">
      <p>L'adresse demandée ne correspond à aucune page. Elle a pu être mal saisie ou la page a été déplacée.</p>
      <p>
        <Link href="/">Retour à l'accueil</Link>
      </p>
    </Page>
  );
}
