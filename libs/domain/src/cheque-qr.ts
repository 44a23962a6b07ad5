/**
 * What a cheque's QR code holds: the public check page's URL, with the programme, the signing key
 * id and the Ed25519 signature as query parameters. No Node.js imports: the web scanner uses this file too.
 */
export interface SignedCheque {
  code: string;
  programmeId: string;
}

/** Versioned, so the signed text can change one day without ambiguity. */
export function signedText(cheque: SignedCheque): string {
  return `pass-numerique:v1:${cheque.programmeId}:${cheque.code}`;
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
  // Every absolute URL has a colon, and no typed code does: skip the costly failed parse for them.
  if (!text.includes(':')) return null;
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
