/** "Ouvert maintenant" / "Fermé maintenant, ouvre demain à 09:00" / nothing known. */
export function OpenNowBadge({ openNow, nextOpening }: { openNow: boolean | null; nextOpening?: { inWords: string } | null }) {
  if (openNow === null) return <p className="muted">Horaires non renseignés</p>;
  return (
    <p>
      <span className={openNow ? 'badge badge--current' : 'badge badge--closed'}>{openNow ? 'Ouvert maintenant' : 'Fermé maintenant'}</span>
      {!openNow && nextOpening ? <span className="next-opening"> Ouvre {nextOpening.inWords}.</span> : null}
    </p>
  );
}
