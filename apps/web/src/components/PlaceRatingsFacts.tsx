/**
 * What the people helped by a place said of it (cheque feedback), for the public place page, the
 * map's popup and the operator's qualification review. Figures only from `minimumAnswers` answers:
 * below that, one answer could be traced back to one visit.
 */
import { useEffect, useState } from 'react';
import { plural } from '../labels';
import { type PlaceRatings, placesApi } from '../publicPlaces';
import { RATING_LABELS } from './ChequeFeedback';
import { SummaryList } from './SummaryList';

const percent = (share: number | null): string => `${Math.round((share ?? 0) * 100)} %`;

/** One sentence: "Satisfaction : 4,2 sur 5 (12 avis)" or why there is no figure yet. */
export function ratingsSentence(ratings: PlaceRatings): string {
  if (!ratings.shown || ratings.averageRating === null) {
    return `Pas encore assez d’avis pour afficher une note (il en faut au moins ${ratings.minimumAnswers}).`;
  }
  return `Satisfaction des personnes accompagnées : ${ratings.averageRating.toLocaleString('fr-FR')} sur 5 (${plural(ratings.answers, 'avis', 'avis')}).`;
}

/** The ratings of a place, loaded here; nothing while loading, a sentence when they cannot be read. */
export function PlaceRatingsFacts({ placeId }: { placeId: string }) {
  const [ratings, setRatings] = useState<PlaceRatings | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    placesApi.ratings(placeId).then(setRatings, () => setFailed(true));
  }, [placeId]);

  if (failed) return <p className="muted">Les avis ne peuvent pas être affichés pour le moment.</p>;
  if (!ratings) return null;
  if (!ratings.shown || !ratings.distribution) return <p>{ratingsSentence(ratings)}</p>;
  return (
    <>
      <p>{ratingsSentence(ratings)}</p>
      <SummaryList
        facts={[
          ['Disent avoir appris quelque chose', percent(ratings.learnedShare)],
          ['Disent que leur problème est réglé', percent(ratings.solvedShare)],
          ['Disent qu’ils reviendront', percent(ratings.willReturnShare)],
          [
            'Réponses par niveau de satisfaction',
            <ul className="plain-list" key="distribution">
              {ratings.distribution.map((count, index) => (
                <li key={RATING_LABELS[index]}>
                  {index + 1} — {RATING_LABELS[index]} : {count}
                </li>
              ))}
            </ul>,
          ],
        ]}
      />
    </>
  );
}
