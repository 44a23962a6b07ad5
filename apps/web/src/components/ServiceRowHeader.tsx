import type { CatalogueEntry } from '../api';
import '../places.css';

/** A catalogue service heading its table row: its name, national category and description. */
export function ServiceRowHeader({ entry, className }: { entry: CatalogueEntry; className?: string }) {
  return (
    <th scope="row" className={className}>
      {entry.name}
      <span className="block-text muted">{entry.category}</span>
      {entry.description ? <span className="block-text">{entry.description}</span> : null}
    </th>
  );
}
