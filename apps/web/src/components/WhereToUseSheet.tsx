/**
 * Right after a hand-out: the « Où utiliser vos chèques » sheet to print for the person (A4 or A5 PDF),
 * the nearest places to their commune (the one of the hand-out, or another typed here). No personal data.
 */
import { useEffect, useState } from 'react';
import type { Commune } from '../publicPlaces';
import { CommuneCombobox } from './CommuneCombobox';

export function WhereToUseSheet({ commune: handOutCommune }: { commune: Commune | null }) {
  const [commune, setCommune] = useState<Commune | null>(handOutCommune);
  useEffect(() => setCommune(handOutCommune), [handOutCommune]);
  const sheet = (format: 'A4' | 'A5') =>
    `/api/where-to-use.pdf?${new URLSearchParams({ commune: commune?.code ?? '', format }).toString()}`;

  return (
    <section aria-labelledby="titre-fiche" className="panel">
      <h2 id="titre-fiche">Fiche « Où utiliser vos chèques »</h2>
      <p>Imprimez pour la personne la liste des lieux les plus proches de chez elle, avec leurs horaires et un QR code vers la carte.</p>
      <CommuneCombobox
        id="fiche-commune"
        label="Commune de la personne"
        hint="Celle de la remise, ou une autre : tapez son nom ou son code postal."
        value={commune}
        onChange={setCommune}
      />
      {commune ? (
        <p className="button-row">
          <a className="button" href={sheet('A4')} target="_blank" rel="noopener">
            Imprimer la fiche A4 (PDF)
          </a>
          <a className="button button--secondary" href={sheet('A5')} target="_blank" rel="noopener">
            Imprimer la fiche A5 (PDF)
          </a>
        </p>
      ) : (
        <p className="hint">Choisissez une commune pour imprimer la fiche.</p>
      )}
    </section>
  );
}
