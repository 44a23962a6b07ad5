/**
 * A cheque checked on the device, for when the network is down: the QR's Ed25519 signature with
 * the offline bundle's public key (WebCrypto, or @noble/ed25519 loaded only where WebCrypto lacks
 * Ed25519), the cancelled list (SHA-256 of the code), then the shared rules of libs/domain.
 */
import type { OfflineBundle } from '../api';
import { type OfflineVerdict, offlineVerdict, readScannedCheque, scanRefusal, signedText } from '../shared-domain';

export interface OfflineCheck {
  /** The normalised code (null when the text is not a cheque's). */
  code: string | null;
  verdict: OfflineVerdict;
}

/** `queuedAt` tells when this device already queued a cheque (by its normalised code). */
export async function checkOffline(
  input: string,
  bundle: OfflineBundle,
  serviceId: string,
  queuedAt: (code: string) => Date | null,
  now = new Date(),
): Promise<OfflineCheck> {
  const scanned = readScannedCheque(input);
  if (!scanned.ok) return { code: null, verdict: { ...scanRefusal(scanned.problem), cheque: null } };
  const key = scanned.qr ? bundle.keys.find((candidate) => candidate.kid === scanned.qr?.keyId) : undefined;
  const signatureValid = !!scanned.qr && !!key && (await verifyEd25519(key.publicKey, signedText(scanned.qr), scanned.qr.signature));
  const cancelled = bundle.cancelledCheques.includes(await sha256Hex(scanned.code));
  const facts = { signatureValid, cancelled, queuedAt: queuedAt(scanned.code) };
  return { code: scanned.code, verdict: offlineVerdict(scanned, facts, bundle, serviceId, now) };
}

/** SHA-256 of the normalised code, hex: how the bundle lists cancelled cheques. */
export async function sha256Hex(code: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(code)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

let webCryptoEd25519: boolean | undefined;

async function verifyEd25519(publicKey: string, text: string, signature: string): Promise<boolean> {
  const key = fromBase64Url(publicKey);
  const bytes = fromBase64Url(signature);
  if (!key || key.length !== 32 || !bytes || bytes.length !== 64) return false;
  const message = new TextEncoder().encode(text);
  if (webCryptoEd25519 !== false) {
    try {
      const imported = await crypto.subtle.importKey('raw', key, { name: 'Ed25519' }, false, ['verify']);
      webCryptoEd25519 = true;
      return await crypto.subtle.verify({ name: 'Ed25519' }, imported, bytes, message);
    } catch (error) {
      if (webCryptoEd25519 || !(error instanceof DOMException && error.name === 'NotSupportedError')) return false;
      webCryptoEd25519 = false;
    }
  }
  const noble = await import('@noble/ed25519');
  try {
    return await noble.verifyAsync(bytes, message, key);
  } catch {
    return false;
  }
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  try {
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    return Uint8Array.from(binary, (character) => character.charCodeAt(0));
  } catch {
    return null;
  }
}
