/**
 * Authenticity of printed cheques without network: each QR carries an Ed25519 signature by the
 * operator's key over the programme and the code; scanners verify it with the published public key.
 */
import { createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

export interface SignedCheque {
  code: string;
  programmeId: string;
}

/** Versioned, so the signed bytes can change one day without ambiguity. */
export function signedBytes(cheque: SignedCheque): Buffer {
  return Buffer.from(`pass-numerique:v1:${cheque.programmeId}:${cheque.code}`, 'utf8');
}

export function signCheque(privateKey: KeyObject, cheque: SignedCheque): string {
  return sign(null, signedBytes(cheque), privateKey).toString('base64url');
}

export function verifyChequeSignature(publicKey: KeyObject, cheque: SignedCheque, signature: string): boolean {
  const bytes = Buffer.from(signature, 'base64url');
  if (bytes.length !== 64) return false;
  return verify(null, signedBytes(cheque), publicKey, bytes);
}

/** The 32 raw bytes of an Ed25519 public key, base64url (what GET /api/keys publishes). */
export function rawPublicKey(key: KeyObject): string {
  const jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('not an Ed25519 key');
  return jwk.x;
}

export function publicKeyFromRaw(raw: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' });
}

export interface ChequeQrContent extends SignedCheque {
  keyId: string;
  signature: string;
}

/** The URL in a cheque's QR: any phone camera opens the public check page; scanners read the rest. */
export function chequeQrUrl(publicUrl: string, content: ChequeQrContent): string {
  const url = new URL(`/c/${content.code}`, publicUrl);
  url.searchParams.set('p', content.programmeId);
  url.searchParams.set('k', content.keyId);
  url.searchParams.set('s', content.signature);
  return url.toString();
}

/** Reads a scanned QR URL back; null when it is not one of ours (a typed code, another QR). */
export function parseChequeQrUrl(text: string): ChequeQrContent | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  const match = /^\/c\/([0-9A-Za-z*~$=]+)$/.exec(url.pathname);
  const programmeId = url.searchParams.get('p');
  const keyId = url.searchParams.get('k');
  const signature = url.searchParams.get('s');
  if (!match || !programmeId || !keyId || !signature) return null;
  return { code: decodeURIComponent(match[1]), programmeId, keyId, signature };
}
