/** The session cookie: HttpOnly, SameSite=Lax, Secure in production, scoped to the whole site. */
import type { CookieSerializeOptions } from '@fastify/cookie';

export const SESSION_COOKIE = 'pn_session';

export function sessionCookieOptions(secure: boolean, expires?: Date): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', expires };
}
