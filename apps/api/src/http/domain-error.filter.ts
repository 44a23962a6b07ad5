/**
 * Every error leaves the API as `{ code, message, details }`. Domain errors map to a status here,
 * in one exhaustive switch; framework errors (unknown route, malformed JSON, rate limit) are
 * translated to domain codes first; anything else is a 500 with no internals.
 */
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorCode } from '@app/domain';

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'validation_failed':
    case 'malformed_request':
      return HttpStatus.BAD_REQUEST;
    case 'unauthenticated':
    case 'invalid_credentials':
      return HttpStatus.UNAUTHORIZED;
    case 'forbidden':
    case 'scope_missing':
    case 'csrf_rejected':
      return HttpStatus.FORBIDDEN;
    case 'not_found':
    case 'invitation_invalid':
      return HttpStatus.NOT_FOUND;
    case 'conflict':
    case 'invalid_transition':
      return HttpStatus.CONFLICT;
    case 'payload_too_large':
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case 'uri_too_long':
      return HttpStatus.URI_TOO_LONG;
    case 'request_headers_too_large':
      return 431; // Request Header Fields Too Large: not in Nest's HttpStatus
    case 'request_timeout':
      return HttpStatus.REQUEST_TIMEOUT;
    case 'unsupported_media_type':
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case 'idempotency_mismatch':
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case 'too_many_requests':
      return HttpStatus.TOO_MANY_REQUESTS;
    case 'service_unavailable':
      return HttpStatus.SERVICE_UNAVAILABLE;
    case 'internal_error':
      return HttpStatus.INTERNAL_SERVER_ERROR;
  }
}

@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const reply = context.getResponse<FastifyReply>();
    const request = context.getRequest<FastifyRequest>();
    const error = toDomainError(exception);
    const status = httpStatusOf(error.code);
    if (status >= 500) {
      this.logger.error({ err: exception, requestId: request?.id }, 'unexpected error');
    }
    if (status === HttpStatus.SERVICE_UNAVAILABLE) void reply.header('retry-after', '1');
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(errorBody(error));
  }
}

/** The one error shape: `details` is always there, null when the code and message say it all. */
export function errorBody(error: DomainError): { code: string; message: string; details: unknown } {
  return { code: error.code, message: error.message, details: error.details ?? null };
}

/** Framework and library errors, in our vocabulary. */
export function toDomainError(exception: unknown): DomainError {
  if (exception instanceof DomainError) return exception;
  if (exception instanceof ThrottlerException)
    return new DomainError('too_many_requests', 'Too many attempts: wait a little before trying again');
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (isTransientDatabaseError(exception)) {
    // The transaction was rolled back whole: nothing happened, the same request may simply be retried.
    return new DomainError('service_unavailable', 'The database connection was interrupted; nothing was changed: retry in a moment');
  }
  const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode < 500) {
    return fromFastifyError(fastifyError.statusCode, fastifyError.code, fastifyError.message);
  }
  return new DomainError('internal_error', 'An unexpected error occurred; it has been logged');
}

/** Lost connections, server shutdowns, deadlocks and serialisation failures: safe to retry. */
export function isTransientDatabaseError(exception: unknown): boolean {
  const driverError = (exception as { driverError?: { code?: unknown } })?.driverError ?? exception;
  const code = (driverError as { code?: unknown })?.code;
  if (typeof code === 'string' && (/^08/.test(code) || /^57P0[123]$/.test(code) || code === '40001' || code === '40P01')) return true;
  const message = exception instanceof Error ? exception.message : '';
  return /Connection terminated|terminating connection|ECONNRESET|ECONNREFUSED/.test(message);
}

function fromHttpException(exception: HttpException): DomainError {
  const status = exception.getStatus();
  switch (status) {
    case HttpStatus.NOT_FOUND:
      return new DomainError('not_found', 'No such route or object');
    case HttpStatus.BAD_REQUEST:
      return new DomainError('malformed_request', messageOf(exception));
    case HttpStatus.UNAUTHORIZED:
      return new DomainError('unauthenticated', 'Sign in to continue');
    case HttpStatus.FORBIDDEN:
      return new DomainError('forbidden', messageOf(exception));
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return new DomainError('payload_too_large', 'The request body is too large');
    case HttpStatus.UNSUPPORTED_MEDIA_TYPE:
      return new DomainError('unsupported_media_type', messageOf(exception));
    case HttpStatus.TOO_MANY_REQUESTS:
      return new DomainError('too_many_requests', 'Too many attempts: wait a little before trying again');
    default:
      return status < 500
        ? new DomainError('malformed_request', messageOf(exception))
        : new DomainError('internal_error', 'An unexpected error occurred; it has been logged');
  }
}

function fromFastifyError(status: number, code: string | undefined, message: string | undefined): DomainError {
  if (status === 413) return new DomainError('payload_too_large', 'The request body is too large');
  if (status === 415) return new DomainError('unsupported_media_type', 'Send the body as application/json');
  if (code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH')
    return new DomainError('malformed_request', 'The body is shorter or longer than its Content-Length');
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code?.startsWith('FST_ERR_CTP')) {
    return new DomainError('malformed_request', 'The body is not valid JSON', { parser: message });
  }
  return new DomainError('malformed_request', message ?? 'Malformed request');
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}
