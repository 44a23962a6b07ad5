/** The session cookie: HttpOnly, SameSite=Lax, Secure in production, scoped to the whole site. */
import type { CookieSerializeOptions } from '@fastify/cookie';

export const SESSION_COOKIE = 'pn_session';

/**
 * `lifetimeSeconds` becomes Max-Age rather than an Expires date: the browser counts from when it gets
 * the cookie, so a device whose clock is wrong (or a server clock moved in tests) does not drop the
 * session early. The server still refuses the session after its own expiry.
 */
export function sessionCookieOptions(secure: boolean, lifetimeSeconds?: number): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: lifetimeSeconds };
}
