/**
 * The one gate every request passes: finds the actor (session cookie or bearer token), checks the
 * route's @Public/@Roles/@Scopes, and refuses cross-site writes made with a session cookie.
 */
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { type RequestWithActor, routeAccess } from '@app/access';
import { DomainError, organisationKindOfRole } from '@app/domain';
import { ApiTokensService } from './api-tokens.service';
import { SESSION_COOKIE } from './session-cookie';
import { SessionsService, sessionActor } from './sessions.service';

type GuardedRequest = FastifyRequest & RequestWithActor;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

@Injectable()
export class AccessGuard implements CanActivate {
  private readonly publicOrigin: string;

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly apiTokens: ApiTokensService,
    config: ConfigService,
  ) {
    this.publicOrigin = new URL(config.getOrThrow<string>('PUBLIC_URL')).origin;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const { isPublic, roles, scopes } = routeAccess(this.reflector, context.getHandler(), context.getClass());
    const requestId = String(request.id);

    const bearer = bearerToken(request);
    if (bearer !== null) {
      const actor = await this.apiTokens.resolve(bearer, requestId);
      if (!actor) throw new DomainError('unauthenticated', 'The API token is unknown, revoked or expired');
      request.actor = actor;
      if (isPublic) return true;
      if (!scopes) throw new DomainError('forbidden', 'This route is not open to API tokens');
      const missing = scopes.filter((scope) => !actor.scopes.includes(scope));
      if (missing.length > 0) throw new DomainError('scope_missing', `The API token lacks the scope ${missing.join(', ')}`, { missing });
      // A token acts for its organisation: only where people of its kind may act.
      if (roles && !roles.some((role) => organisationKindOfRole(role) === actor.organisationKind)) {
        throw new DomainError('forbidden', `This route is not open to the API tokens of a ${actor.organisationKind} organisation`);
      }
      return true;
    }

    const cookie = request.cookies?.[SESSION_COOKIE];
    if (!SAFE_METHODS.has(request.method) && (cookie || isPublic)) this.assertSameOrigin(request);
    const resolved = cookie ? await this.sessions.resolve(cookie) : null;
    if (resolved) request.actor = sessionActor(resolved, requestId);
    else request.actor = { kind: 'anonymous', requestId };

    if (isPublic) return true;
    if (!resolved) throw new DomainError('unauthenticated', 'Sign in to continue');
    if (roles && !roles.includes(resolved.role)) {
      throw new DomainError('forbidden', 'Your role does not allow this action');
    }
    return true;
  }

  /**
   * CSRF defence for cookie-authenticated writes and for public writes such as login (login CSRF):
   * the browser's Origin header (or, failing that, Referer) must be PUBLIC_URL's origin — never one
   * derived from the Host header, which the sender chooses. SameSite=Lax cookies already stop most
   * cross-site posts, and no route accepts a body a cross-site form can send (forms, text/plain:
   * 415 in http/request-input.ts); this also stops sibling subdomains and old browsers.
   */
  private assertSameOrigin(request: GuardedRequest): void {
    const origin = headerOrigin(request);
    if (origin === null) throw new DomainError('csrf_rejected', 'Cross-site request refused: the Origin header is missing');
    if (origin !== this.publicOrigin) {
      throw new DomainError('csrf_rejected', 'Cross-site request refused: the Origin header names another site', {
        expected: this.publicOrigin,
      });
    }
  }
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : '';
}

/** The Origin header, or failing that the Referer's origin. An opaque "null" Origin is refused, not replaced. */
function headerOrigin(request: FastifyRequest): string | null {
  const origin = request.headers.origin;
  if (origin) return origin;
  const referer = request.headers.referer;
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}
