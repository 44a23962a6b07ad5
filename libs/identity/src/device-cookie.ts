/**
 * The device cookie (OWASP "device cookies"): set after a successful sign-in, it lets this browser
 * sign in to that account even while the account is locked for everyone else. Sent only to the login
 * route, never readable by scripts, never sent cross-site.
 */
import type { CookieSerializeOptions } from '@fastify/cookie';

export const DEVICE_COOKIE = 'pn_device';

export function deviceCookieOptions(secure: boolean, lifetimeSeconds: number): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'strict', secure, path: '/api/auth/login', maxAge: lifetimeSeconds };
}
