/**
 * The one error type services throw. Codes are stable (clients and the web app switch on them);
 * the HTTP layer maps each code to a status in one place (apps/api ... domain-error.filter.ts).
 */
export const ERROR_CODES = [
  'validation_failed',
  'malformed_request',
  'unsupported_media_type',
  'payload_too_large',
  'uri_too_long',
  'request_headers_too_large',
  'request_timeout',
  'unauthenticated',
  'invalid_credentials',
  'forbidden',
  'scope_missing',
  'csrf_rejected',
  'not_found',
  'conflict',
  'invalid_transition',
  'idempotency_mismatch',
  'too_many_requests',
  'service_unavailable',
  'invitation_invalid',
  'internal_error',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One field's problems, with a dotted path for nested fields ("address.postcode"). */
export interface FieldProblem {
  field: string;
  problems: string[];
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(objectType: string): DomainError {
    // Same answer whether the object does not exist or belongs to another organisation (OWASP API1).
    return new DomainError('not_found', `${objectType} not found`);
  }

  static validation(problems: FieldProblem[]): DomainError {
    return new DomainError('validation_failed', 'The request has invalid fields', problems);
  }
}
