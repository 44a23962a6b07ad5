/**
 * Who was signed in on this device, kept so that a page that works offline (the cheque scanner)
 * still opens when the network is down. It grants nothing: the API keeps judging the session
 * cookie. Forgotten at sign-out and when the API says the session is over.
 */
import type { Me } from './api';

const KEY = 'pass-numerique:me';

export function rememberMe(me: Me): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(me));
  } catch {
    // Storage full or disabled: the app simply needs the network to open.
  }
}

export function rememberedMe(): Me | null {
  try {
    const stored = localStorage.getItem(KEY);
    return stored ? (JSON.parse(stored) as Me) : null;
  } catch {
    return null;
  }
}

export function forgetMe(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Nothing was kept.
  }
}
