import type { ReactNode } from 'react';

/** Facts as a description list ("Adresse : …"), one row each; a null fact is left out. */
export function SummaryList({ facts }: { facts: Array<[term: string, value: ReactNode] | null> }) {
  return (
    <dl className="summary-list">
      {facts.map((fact) =>
        fact ? (
          <div key={fact[0]}>
            <dt>{fact[0]}</dt>
            <dd>{fact[1]}</dd>
          </div>
        ) : null,
      )}
    </dl>
  );
}
