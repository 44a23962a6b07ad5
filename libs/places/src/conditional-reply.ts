/**
 * Public documents at stable URLs with their validators (ETag, Last-Modified), answered 304 Not
 * Modified when the client's copy is current: the open data of places and of usage, and their catalogue.
 */
import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type CacheConditions, isNotModified, toHttpSecond, type Validators } from '@app/domain';

/** The request's If-None-Match and If-Modified-Since headers. */
export const RequestConditions = createParamDecorator((_data: unknown, context: ExecutionContext): CacheConditions => {
  const headers = context.switchToHttp().getRequest<FastifyRequest>().headers;
  const one = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value.join(', ') : value);
  return { ifNoneMatch: one(headers['if-none-match']), ifModifiedSince: one(headers['if-modified-since']) };
});

/** OpenAPI: the conditional request headers and the 304 answer. */
export function ConditionalGet(): MethodDecorator {
  return applyDecorators(
    ApiHeader({ name: 'If-None-Match', required: false, description: "The ETag of the client's copy" }),
    ApiHeader({ name: 'If-Modified-Since', required: false, description: "The Last-Modified of the client's copy" }),
    ApiResponse({ status: 304, description: "Not modified: the client's copy is current (no body)" }),
  );
}

export interface PublicDocument {
  contentType: string;
  /** Text or bytes as they are, or an object sent as JSON. */
  body: string | Buffer | object;
  /** Offered to save as (inline). */
  fileName?: string;
}

/**
 * Sends the validators, then 304 if the client's copy is current, else the document (built only
 * then). Cached for five minutes by clients and proxies, revalidated after.
 */
export async function sendConditional(
  reply: FastifyReply,
  conditions: CacheConditions,
  validators: Validators,
  document: () => PublicDocument | Promise<PublicDocument>,
): Promise<void> {
  void reply
    .header('etag', validators.etag)
    .header('last-modified', toHttpSecond(validators.lastModified).toUTCString())
    .header('cache-control', 'public, max-age=300');
  if (isNotModified(conditions, validators)) {
    await reply.status(304).send();
    return;
  }
  const { contentType, body, fileName } = await document();
  if (fileName) void reply.header('content-disposition', `inline; filename="${fileName}"`);
  await reply
    .header('content-type', contentType)
    .header('x-content-type-options', 'nosniff')
    .send(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
}
