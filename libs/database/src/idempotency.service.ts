/**
 * Idempotency-Key handling for POSTs that move cheques or money (redemption, settlement), shared
 * here so that feature libs need not import each other for it. Inside the caller's transaction:
 * a transaction-scoped advisory lock on the key (a second request with a key still in progress gets
 * 409 at once instead of waiting), then the stored answer, if any, is replayed. The answer is stored
 * in the same transaction as the effect, so there is never an effect without its answer. Raw SQL:
 * this runs inside every redemption (the table: libs/redemption entities/idempotency-record.entity.ts).
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, idempotencyKeyProblem, requestFingerprint } from '@app/domain';

export interface IdempotentRequest {
  organisationId: string;
  key: string;
  /** What the key is for: the same key cannot serve two kinds of request. */
  operation: string;
  body: unknown;
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
  /** True when this is the stored answer of an earlier request with the same key. */
  replayed: boolean;
}

@Injectable()
export class IdempotencyService {
  /** Refuses a missing or malformed key before any work. */
  assertKey(key: string | undefined): asserts key is string {
    const problem = idempotencyKeyProblem(key);
    if (problem) throw DomainError.validation([{ field: 'Idempotency-Key', problems: [problem] }]);
  }

  /** Locks the key for this transaction and answers the stored answer, or null when the work must be done. */
  async claim(manager: EntityManager, request: IdempotentRequest): Promise<Answer | null> {
    const [{ locked }]: Array<{ locked: boolean }> = await manager.query(
      'SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked',
      [`idempotency:${request.organisationId}:${request.key}`],
    );
    if (!locked) {
      throw new DomainError('conflict', 'A request with this Idempotency-Key is still in progress: retry in a moment', {
        code: 'idempotency_key_in_progress',
      });
    }
    // A fresh statement after the lock: it sees an answer committed just before the lock was granted.
    const [stored]: Array<{ operation: string; request_hash: Buffer; response_status: number; response_body: unknown }> =
      await manager.query(
        'SELECT operation, request_hash, response_status, response_body FROM idempotency_records WHERE organisation_id = $1 AND key = $2',
        [request.organisationId, request.key],
      );
    if (!stored) return null;
    if (stored.operation !== request.operation || !stored.request_hash.equals(requestFingerprint(request.body))) {
      throw new DomainError('idempotency_mismatch', 'This Idempotency-Key was already used with a different request', {
        code: 'idempotency_key_reused',
      });
    }
    return { status: stored.response_status, body: stored.response_body, replayed: true };
  }

  async store<T>(manager: EntityManager, request: IdempotentRequest, status: number, body: T): Promise<Answer<T>> {
    await manager.query(
      `INSERT INTO idempotency_records (organisation_id, key, operation, request_hash, response_status, response_body)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [request.organisationId, request.key, request.operation, requestFingerprint(request.body), status, JSON.stringify(body)],
    );
    return { status, body, replayed: false };
  }
}
