import { useState } from 'react';
import { api } from './api';
import { errorMessage } from './forms';
import { navigate } from './router';

/**
 * Opens a place's application for qualification (a renewal for a place qualified before) and goes
 * to it; `opening` is the place being opened, `error` says why it could not be.
 */
export function useApplicationOpener(): {
  opening: string | null;
  error: string | null;
  open: (place: { id: string; name: string }, renewal: boolean) => Promise<void>;
} {
  const [opening, setOpening] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function open(place: { id: string; name: string }, renewal: boolean): Promise<void> {
    setOpening(place.id);
    setError(null);
    try {
      const application = await api.openApplication(place.id);
      navigate(`/qualification/${application.id}`);
    } catch (failure) {
      setError(
        `La demande de ${renewal ? 'renouvellement' : 'qualification'} de « ${place.name} » n’a pas pu être ouverte. ${errorMessage(
          failure,
          {
            conflict: 'Une demande est déjà en cours pour ce lieu : ouvrez-la dans la liste des demandes.',
            invalid_transition:
              'Le renouvellement n’est pas encore possible : il s’ouvre au premier rappel avant la fin de la qualification.',
          },
        )}`,
      );
      setOpening(null);
    }
  }

  return { opening, error, open };
}
