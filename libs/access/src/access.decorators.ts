/**
 * Who may call a route, declared next to it. The global guard (libs/identity) reads these:
 * - @Public(): no account needed;
 * - @Roles(...): signed-in people with one of these roles;
 * - @Scopes(...): API tokens holding every one of these scopes (a route without @Scopes refuses tokens).
 */
import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { type Actor, type ApiScope, type AuthenticatedActor, DomainError, type Role, type UserActor } from '@app/domain';

export const PUBLIC_ROUTE = 'access:public';
export const ALLOWED_ROLES = 'access:roles';
export const REQUIRED_SCOPES = 'access:scopes';

export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ALLOWED_ROLES, roles);
export const Scopes = (...scopes: ApiScope[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_SCOPES, scopes);

/** Who may call a route, as its decorators say (a method's decorator overrides its controller's). */
export interface RouteAccess {
  isPublic: boolean;
  /** Signed-in people need one of these roles; any role when absent. */
  roles?: Role[];
  /** API tokens need every one of these scopes; tokens are refused when absent. */
  scopes?: ApiScope[];
}

/** A route handler or its controller class, as Nest's reflector takes them. */
type RouteTarget = Parameters<Reflector['getAllAndOverride']>[1][number];

/** Read once here for the guard (libs/identity) and the OpenAPI document alike. */
export function routeAccess(reflector: Reflector, handler: RouteTarget, controller: RouteTarget): RouteAccess {
  const read = <T>(key: string): T | undefined => reflector.getAllAndOverride<T | undefined>(key, [handler, controller]);
  return { isPublic: read<boolean>(PUBLIC_ROUTE) ?? false, roles: read<Role[]>(ALLOWED_ROLES), scopes: read<ApiScope[]>(REQUIRED_SCOPES) };
}

/** The request's actor, as set by the guard; on a non-public route it is always authenticated. */
export interface RequestWithActor {
  actor?: Actor;
  id?: string;
}

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedActor => {
  const request = context.switchToHttp().getRequest<RequestWithActor>();
  const actor = request.actor;
  if (!actor || (actor.kind !== 'user' && actor.kind !== 'api_token')) {
    // Only reachable if a route forgot @Public() while reading the actor: a programming error.
    throw new Error('CurrentActor used on a route without an authenticated actor');
  }
  return actor;
});

/** Any actor, anonymous included: for public routes that still audit or throttle by request. */
export const RequestActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<RequestWithActor>();
  return request.actor ?? { kind: 'anonymous', requestId: String(request.id ?? '') };
});

/** The signed-in person; an API token gets 403 (for routes about a person's own account). */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): UserActor => {
  const actor = context.switchToHttp().getRequest<RequestWithActor>().actor;
  if (actor?.kind === 'user') return actor;
  throw new DomainError('forbidden', 'This route is for signed-in people, not API tokens');
});
