import type { ReactNode } from 'react';
import type { QualificationCriterion } from '../api';

/** What a qualification criterion assesses and the evidence it expects, as shown everywhere (plus any facts of the page's own). */
export function CriterionFacts({ criterion, children }: { criterion: QualificationCriterion; children?: ReactNode }) {
  return (
    <dl className="summary-list">
      <div>
        <dt>Ce qui est évalué</dt>
        <dd>{criterion.assessed}</dd>
      </div>
      <div>
        <dt>Justificatifs attendus</dt>
        <dd>{criterion.evidence}</dd>
      </div>
      {children}
    </dl>
  );
}
