/** Previous and next page of a paged list, with where we are. */
export function Pagination({
  label,
  page,
  totalPages,
  onPage,
}: {
  /** Names the navigation landmark ("Pagination du journal"). */
  label: string;
  page: number;
  totalPages: number;
  onPage: (page: number) => void;
}) {
  return (
    <nav className="pagination" aria-label={label}>
      <button type="button" className="button button--secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Précédent
      </button>
      <p>
        Page {page} sur {totalPages}
      </p>
      <button type="button" className="button button--secondary" disabled={page >= totalPages} onClick={() => onPage(page + 1)}>
        Suivant
      </button>
    </nav>
  );
}
