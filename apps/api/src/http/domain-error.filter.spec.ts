import { BadRequestException, NotFoundException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { DomainError, ERROR_CODES } from '@app/domain';
import { httpStatusOf, toDomainError } from './domain-error.filter';

describe('error mapping', () => {
  it('maps every domain code to a client or server status', () => {
    for (const code of ERROR_CODES) {
      const status = httpStatusOf(code);
      expect(status).toBeGreaterThanOrEqual(400);
      // 5xx only for our own failure and for a dependency that is down (the client may retry).
      expect(status < 500 || code === 'internal_error' || code === 'service_unavailable').toBe(true);
    }
  });

  it('translates framework errors into domain codes', () => {
    expect(toDomainError(new NotFoundException()).code).toBe('not_found');
    expect(toDomainError(new BadRequestException('Validation failed (uuid is expected)'))).toMatchObject({
      code: 'malformed_request',
      message: 'Validation failed (uuid is expected)',
    });
    expect(toDomainError(new ThrottlerException()).code).toBe('too_many_requests');
    expect(toDomainError({ statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY', message: 'Unexpected end' }).code).toBe(
      'malformed_request',
    );
    expect(toDomainError({ statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' }).code).toBe('payload_too_large');
  });

  it('hides unexpected errors behind internal_error', () => {
    const error = toDomainError(new Error('connection string postgres://secret@db'));
    expect(error).toEqual(new DomainError('internal_error', 'An unexpected error occurred; it has been logged'));
    expect(error.message).not.toContain('secret');
  });
});
