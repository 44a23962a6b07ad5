/**
 * What the scanner keeps on the device (localStorage), per organisation: each place's offline
 * bundle, the redemptions queued offline until they are synced, the results of the last syncs
 * (until the agent has read them) and the last place and service chosen.
 */
import type { OfflineBundle, SyncItem, SyncResult } from '../api';

/** A redemption made offline, waiting for the network. */
export interface QueuedRedemption {
  item: SyncItem;
  placeName: string;
  serviceName: string;
  /** Normalised codes: a cheque already queued on this device is refused at once. */
  codes: string[];
  maskedCodes: string[];
  amountCents: number;
}

/** What the API answered for a queued redemption. */
export interface SyncReport {
  id: string;
  status: SyncResult['status'];
  message: string;
  syncedAt: string;
  queued: Omit<QueuedRedemption, 'item' | 'codes'> & { scannedAt: string };
}

export interface ScannerChoice {
  placeId: string;
  serviceId: string;
}

const PREFIX = 'pass-numerique:scanner';

export class ScannerStore {
  constructor(private readonly organisationId: string) {}

  bundle(placeId: string): OfflineBundle | null {
    return this.read<OfflineBundle>(`bundle:${placeId}`);
  }

  /** Every place's bundle kept here: the places the scanner can offer without network. */
  bundles(): OfflineBundle[] {
    const prefix = this.key('bundle:');
    const bundles: OfflineBundle[] = [];
    for (let index = 0; index < localStorage.length; index++) {
      const name = localStorage.key(index);
      const bundle = name?.startsWith(prefix) ? this.read<OfflineBundle>(name.slice(this.key('').length)) : null;
      if (bundle) bundles.push(bundle);
    }
    return bundles.sort((a, b) => a.place.nom.localeCompare(b.place.nom, 'fr'));
  }

  saveBundle(bundle: OfflineBundle): void {
    this.write(`bundle:${bundle.place.id}`, bundle);
  }

  queue(): QueuedRedemption[] {
    return this.read<QueuedRedemption[]>('queue') ?? [];
  }

  /** Throws when the device cannot store it: the caller must then not claim it is queued. */
  saveQueue(queue: QueuedRedemption[]): void {
    this.write('queue', queue);
  }

  reports(): SyncReport[] {
    return this.read<SyncReport[]>('reports') ?? [];
  }

  saveReports(reports: SyncReport[]): void {
    this.write('reports', reports);
  }

  choice(): ScannerChoice | null {
    return this.read<ScannerChoice>('choice');
  }

  saveChoice(choice: ScannerChoice): void {
    try {
      this.write('choice', choice);
    } catch {
      // Only a convenience.
    }
  }

  private key(name: string): string {
    return `${PREFIX}:${this.organisationId}:${name}`;
  }

  private read<T>(name: string): T | null {
    try {
      const stored = localStorage.getItem(this.key(name));
      return stored ? (JSON.parse(stored) as T) : null;
    } catch {
      return null;
    }
  }

  private write(name: string, value: unknown): void {
    localStorage.setItem(this.key(name), JSON.stringify(value));
  }
}

/** What a queued redemption became, in words: the API's reason for a conflict or a refusal (each cheque's when several). */
export function reportOf(queued: QueuedRedemption, result: SyncResult): SyncReport {
  const { item, codes: _codes, ...shown } = queued;
  let message = 'Encaissement enregistré.';
  if (result.status !== 'accepted') {
    const reasons = result.cheques.filter((cheque) => !cheque.redeemable);
    // One cheque: the API's sentence already says why; several: each one's reason.
    message =
      result.cheques.length > 1
        ? [result.message, ...reasons.map((cheque) => `${cheque.cheque?.maskedCode ?? 'Chèque'} : ${cheque.message}`)].join(' ')
        : result.message;
  }
  return {
    id: item.id,
    status: result.status,
    message,
    syncedAt: new Date().toISOString(),
    queued: { ...shown, scannedAt: item.scannedAt },
  };
}

/** A random UUID (v4), also on browsers that lack crypto.randomUUID. */
export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
