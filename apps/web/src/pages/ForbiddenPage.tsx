import { Page } from '../components/Page';
import { Link } from '../router';

export function ForbiddenPage() {
  return (
    <Page title="Accès refusé">
      <p>Votre rôle ne permet pas d'ouvrir cette page. Si vous en avez besoin, adressez-vous à l'administrateur de votre organisation.</p>
      <p>
        <Link href="/">Retour à l'accueil</Link>
      </p>
    </Page>
  );
}
