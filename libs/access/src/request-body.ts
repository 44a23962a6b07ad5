/**
 * What body a route accepts, declared next to it: its media types and its size. The HTTP layer
 * (apps/api/src/http/request-input.ts) refuses anything else with 415 or 413 before reading the
 * body, and counts bytes while reading one that announced no length. Every route not marked
 * accepts JSON only, up to JSON_BODY.maxBytes.
 */
import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiConsumes } from '@nestjs/swagger';

export interface RequestBodyPolicy {
  /** Media types without parameters ("image/png"). */
  types: readonly string[];
  maxBytes: number;
}

/** The default of every route. The largest JSON body the web app sends is an offline sync (about 10 kB). */
export const JSON_BODY: RequestBodyPolicy = { types: ['application/json'], maxBytes: 100 * 1024 };

/** The key of Fastify's route config under which the policy travels to the HTTP layer. */
export const REQUEST_BODY_POLICY = 'requestBody';

/** This route takes a file of one of these types (and nothing else: not JSON either). */
export const AcceptsBody = (policy: RequestBodyPolicy): MethodDecorator =>
  applyDecorators(RouteConfig({ [REQUEST_BODY_POLICY]: policy }), ApiConsumes(...policy.types));
