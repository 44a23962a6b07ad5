/**
 * Who may call each operation, in the OpenAPI document, read from the same @Public/@Roles/@Scopes
 * decorators the access guard reads (routeAccess): its security requirement, the scopes an API
 * token needs, and a sentence saying it in the operation's description. Nothing is annotated by hand.
 */
import type { INestApplication, Type } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { type RouteAccess, routeAccess } from '@app/access';
import { organisationKindOfRole } from '@app/domain';
import { type OperationObject, operationsOf } from './openapi-errors';

export const SESSION_SCHEME = 'session';
export const API_TOKEN_SCHEME = 'apiToken';
/** The operation's extension listing the scopes an API token needs (OpenAPI 3.0 keeps bearer requirements empty). */
export const SCOPES_EXTENSION = 'x-api-token-scopes';

/** Our operation ids, so that an operation leads back to its handler: "<Controller>_<method>". */
export function operationId(controllerKey: string, methodKey: string): string {
  return `${controllerKey}_${methodKey}`;
}

/** Every route handler's access, by operation id. */
export function accessByOperationId(app: INestApplication): Map<string, RouteAccess> {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const access = new Map<string, RouteAccess>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, (...args: unknown[]) => unknown>;
      for (const method of scanner.getAllMethodNames(prototype)) {
        access.set(operationId(controller.name, method), routeAccess(reflector, prototype[method], controller));
      }
    }
  }
  return access;
}

/**
 * Sets each operation's security from its handler's access. An operation whose handler is not
 * found keeps none (the document's completeness test names it).
 */
export function documentAccess(document: OpenAPIObject, access: Map<string, RouteAccess>): void {
  for (const { operation } of operationsOf(document)) {
    const route = operation.operationId ? access.get(operation.operationId) : undefined;
    if (!route) continue;
    operation.security = securityOf(route);
    if (route.scopes && !route.isPublic) (operation as unknown as Record<string, unknown>)[SCOPES_EXTENSION] = [...route.scopes];
    if (operation.description) operation.description = `${operation.description}\n\n${accessSentence(route)}`;
  }
}

/** Alternatives (OR): a session cookie, or an API token where the route names scopes. */
function securityOf(route: RouteAccess): NonNullable<OperationObject['security']> {
  if (route.isPublic) return [];
  return route.scopes ? [{ [SESSION_SCHEME]: [] }, { [API_TOKEN_SCHEME]: [] }] : [{ [SESSION_SCHEME]: [] }];
}

const code = (values: readonly string[]): string => values.map((value) => `\`${value}\``).join(', ');

function accessSentence(route: RouteAccess): string {
  if (route.isPublic) return '**Access:** public, no authentication.';
  const people = route.roles ? `signed-in people with the role ${code(route.roles)}` : 'any signed-in person';
  if (!route.scopes) return `**Access:** ${people} (session cookie); not open to API tokens.`;
  const kinds = route.roles ? [...new Set(route.roles.map(organisationKindOfRole))] : [];
  const whose = kinds.length > 0 ? ` of an organisation of kind ${code(kinds)}` : '';
  return `**Access:** ${people} (session cookie), or an API token${whose} with the scope ${code(route.scopes)}.`;
}
