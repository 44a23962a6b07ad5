/**
 * Authenticity of printed cheques without network: each QR carries an Ed25519 signature by the
 * operator's key over the programme and the code; scanners verify it with the published public key.
 */
import { createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { type SignedCheque, signedText } from './cheque-qr';

export * from './cheque-qr';

/** The signed bytes: the UTF-8 of signedText (the same bytes the web scanner verifies). */
export function signedBytes(cheque: SignedCheque): Buffer {
  return Buffer.from(signedText(cheque), 'utf8');
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
