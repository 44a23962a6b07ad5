import { Link } from '../router';
import { ErrorMessage } from './ErrorSummary';
import { Page } from './Page';

/** An item's page while it loads ("Chargement du lieu…"), or why it could not, with the way back to its list. */
export function ItemLoading({
  title,
  loading,
  loadError,
  back,
}: {
  title: string;
  loading: string;
  loadError: string | null;
  back: { href: string; label: string };
}) {
  return (
    <Page title={title}>
      <ErrorMessage message={loadError} />
      {loadError ? (
        <p>
          <Link href={back.href}>{back.label}</Link>
        </p>
      ) : (
        <p>{loading}</p>
      )}
    </Page>
  );
}
