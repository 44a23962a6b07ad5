/**
 * What a request may bring in, checked before any route code runs:
 * - a body only of the media types its route declares (@AcceptsBody; JSON otherwise), refused with
 *   415 before it is read, and no larger than the route's limit (413 from the announced length, or
 *   while counting the bytes of a body that announced none);
 * - JSON that is valid UTF-8, free of prototype keys, nested at most MAX_INPUT_DEPTH deep;
 * - no NUL character nor lone surrogate in the query, the path or the JSON body (400 naming the field);
 * - errors the HTTP server or the router raise before Nest sees the request (bad percent-encoding,
 *   over-long path parameters, oversized headers, malformed requests) in the API's error shape.
 * Headers need no check of their own: the HTTP parser refuses control characters in them, and
 * their bytes are read as Latin-1, which has no surrogates.
 */
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { JSON_BODY, REQUEST_BODY_POLICY, type RequestBodyPolicy } from '@app/access';
import { DomainError, findUntrustedInputProblem, UNTRUSTED_INPUT_MESSAGES } from '@app/domain';
import { errorBody, httpStatusOf } from './domain-error.filter';

/** Server options of the adapter: framework errors and client errors in our shape. */
export const requestInputServerOptions: Pick<FastifyServerOptions, 'bodyLimit' | 'frameworkErrors' | 'clientErrorHandler'> = {
  // Routes set their own limit (onRoute below); this only bounds a route that somehow has none.
  bodyLimit: JSON_BODY.maxBytes,
  frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
    const refusal =
      error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? new DomainError('uri_too_long', 'A path parameter is too long')
        : new DomainError('malformed_request', 'The URL is not valid (bad percent-encoding)');
    void reply.status(httpStatusOf(refusal.code)).header('content-type', 'application/json; charset=utf-8').send(errorBody(refusal));
  },
  clientErrorHandler: answerClientError,
};

/** Installs the parsers and hooks; call before the routes are registered (before app.init()). */
export function installRequestInput(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (bytes.length === 0) return done(new DomainError('malformed_request', 'The body is empty: send a JSON document'), undefined);
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      return done(new DomainError('malformed_request', 'The body is not valid UTF-8'), undefined);
    }
    void parseJson(request, text, (error, value) => {
      if (error) return done(new DomainError('malformed_request', 'The body is not valid JSON'), undefined);
      const finding = findUntrustedInputProblem(value);
      if (finding) return done(untrustedInputError(finding.field, finding.problem), undefined);
      done(null, value);
    });
  });
  // Files (a logo, evidence, a CSV): only routes that declared their type get this far (onRequest).
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  // Each route's own limit, so that Fastify counts against it while reading.
  fastify.addHook('onRoute', (route) => {
    route.bodyLimit = bodyPolicyOf(route.config).maxBytes;
  });

  fastify.addHook('onRequest', (request, reply, done) => {
    const refusal = bodyRefusal(request);
    if (refusal) {
      // The body is left unread: close the connection so that the client stops sending it. (Left
      // open, Node would read and discard the whole body: 8 posts of 39 MB then churned 27 MB of
      // memory. The price: a client still sending may see the connection reset before it reads
      // this answer, as with any server that closes early.)
      void reply.header('connection', 'close');
      return done(refusal);
    }
    done();
  });

  fastify.addHook('preValidation', (request, _reply, done) => {
    const finding = findUntrustedInputProblem(request.query) ?? findUntrustedInputProblem(request.params);
    done(finding ? untrustedInputError(finding.field, finding.problem) : undefined);
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bodyPolicyOf(config: unknown): RequestBodyPolicy {
  return (config as Record<string, RequestBodyPolicy | undefined> | undefined)?.[REQUEST_BODY_POLICY] ?? JSON_BODY;
}

/** 415 or 413 from the headers alone, or null when the body (if any) may be read. */
export function bodyRefusal(request: FastifyRequest): DomainError | null {
  const length = request.headers['content-length'];
  const hasBody = request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  // A write that names a type is held to it even when empty (an empty cross-site text/plain form).
  const namesType = request.headers['content-type'] !== undefined && !SAFE_METHODS.has(request.method);
  if (!hasBody && !namesType) return null;
  const encoding = request.headers['content-encoding'];
  // A compressed body would be inflated past the limits counted on the wire: send it as it is.
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
    return new DomainError('unsupported_media_type', 'Send the body uncompressed (no Content-Encoding)', { contentEncoding: encoding });
  }
  const policy = bodyPolicyOf(request.routeOptions.config);
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (!policy.types.includes(type)) {
    return new DomainError('unsupported_media_type', `Send the body as ${policy.types.join(' or ')}`, {
      contentType: type || null,
      accepted: policy.types,
    });
  }
  if (length !== undefined && Number(length) > policy.maxBytes) {
    return new DomainError('payload_too_large', `The body is larger than ${policy.maxBytes} bytes`, { maxBytes: policy.maxBytes });
  }
  return null;
}

function untrustedInputError(field: string, problem: keyof typeof UNTRUSTED_INPUT_MESSAGES): DomainError {
  return DomainError.validation([{ field, problems: [UNTRUSTED_INPUT_MESSAGES[problem]] }]);
}

/** Requests the HTTP parser could not read (no Fastify request exists): answered on the socket. */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const refusal =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new DomainError('request_headers_too_large', 'The request headers are too large')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new DomainError('request_timeout', 'The request took too long to arrive')
        : new DomainError('malformed_request', 'The request is not valid HTTP');
  const status = httpStatusOf(refusal.code);
  const body = JSON.stringify(errorBody(refusal));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
