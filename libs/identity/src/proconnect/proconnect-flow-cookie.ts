/**
 * What a ProConnect sign-in must remember between the redirect to the provider and its return
 * (state, nonce, PKCE verifier), kept in the browser that started it: a short-lived HttpOnly cookie,
 * signed with a key derived from the client secret, scoped to the ProConnect routes. The state in the
 * cookie binds the return to that browser (no login CSRF); the signature keeps it from being altered.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { CookieSerializeOptions } from '@fastify/cookie';

export const PROCONNECT_FLOW_COOKIE = 'pn_proconnect_flow';
/** The id_token of the ProConnect session, sent back as id_token_hint at logout. */
export const PROCONNECT_ID_TOKEN_COOKIE = 'pn_proconnect_id_token';
export const PROCONNECT_COOKIE_PATH = '/api/auth/proconnect';
/** Long enough to sign in at the provider (its own password, a second factor), short enough to be useless later. */
export const PROCONNECT_FLOW_SECONDS = 10 * 60;

export interface ProConnectFlow {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Epoch milliseconds after which the cookie is refused, whatever the browser kept. */
  expiresAt: number;
}

export function proconnectCookieOptions(secure: boolean, maxAgeSeconds?: number): CookieSerializeOptions {
  // Lax: the provider's redirect back is a top-level GET, which Lax cookies accompany.
  return { httpOnly: true, sameSite: 'lax', secure, path: PROCONNECT_COOKIE_PATH, maxAge: maxAgeSeconds };
}

export class ProConnectFlowSealer {
  private readonly key: Buffer;

  constructor(clientSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', clientSecret, 'pass-numerique', 'proconnect flow cookie', 32));
  }

  seal(flow: ProConnectFlow): string {
    const payload = Buffer.from(JSON.stringify(flow)).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The flow, or null when the cookie is missing, altered, malformed or expired. */
  open(cookie: string | undefined, now: Date): ProConnectFlow | null {
    if (!cookie) return null;
    const [payload, signature, ...rest] = cookie.split('.');
    if (!payload || !signature || rest.length > 0) return null;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    let flow: unknown;
    try {
      flow = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (!isFlow(flow) || flow.expiresAt <= now.getTime()) return null;
    return flow;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

function isFlow(value: unknown): value is ProConnectFlow {
  const flow = value as Partial<ProConnectFlow> | null;
  return (
    typeof flow === 'object' &&
    flow !== null &&
    typeof flow.state === 'string' &&
    typeof flow.nonce === 'string' &&
    typeof flow.codeVerifier === 'string' &&
    typeof flow.expiresAt === 'number'
  );
}
