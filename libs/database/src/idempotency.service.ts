/**
 * Idempotency-Key handling for POSTs that move cheques or money (redemption, settlement), shared
 * here so that feature libs need not import each other for it. Inside the caller's transaction:
 * claim the key — one statement takes a transaction-scoped advisory lock on it (a second request
 * with a key still in progress gets 409 at once instead of waiting) and inserts the key's record,
 * answer still empty; the unique key makes a key already answered a conflict, whatever the
 * statement's snapshot saw — then do the work, then store the answer in that record. The answer
 * commits with the effect, so there is never an effect without its answer. Two statements per
 * request, raw SQL: this runs inside every redemption (the table: libs/redemption
 * entities/idempotency-record.entity.ts).
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { preparedRows } from './sql';
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

  /** Claims the key for this transaction and answers null, or answers the stored answer of an earlier request. */
  async claim(manager: EntityManager, request: IdempotentRequest): Promise<Answer | null> {
    const fingerprint = requestFingerprint(request.body);
    const [{ locked, claimed }] = await preparedRows<{ locked: boolean; claimed: boolean }>(
      manager,
      'idempotency_claim',
      `WITH lock AS (
         SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked
       ), claim AS (
         INSERT INTO idempotency_records (organisation_id, key, operation, request_hash)
         SELECT $2, $3, $4, $5 FROM lock WHERE locked
         ON CONFLICT (organisation_id, key) DO NOTHING
         RETURNING 1
       )
       SELECT (SELECT locked FROM lock) AS locked, EXISTS (SELECT FROM claim) AS claimed`,
      [`idempotency:${request.organisationId}:${request.key}`, request.organisationId, request.key, request.operation, fingerprint],
    );
    if (!locked) throw inProgress();
    if (claimed) return null;
    // The key was answered before: a fresh statement reads what was committed.
    const [stored]: Array<{ operation: string; request_hash: Buffer; response_status: number | null; response_body: unknown }> =
      await manager.query(
        'SELECT operation, request_hash, response_status, response_body FROM idempotency_records WHERE organisation_id = $1 AND key = $2',
        [request.organisationId, request.key],
      );
    if (stored.operation !== request.operation || !stored.request_hash.equals(fingerprint)) {
      throw new DomainError('idempotency_mismatch', 'This Idempotency-Key was already used with a different request', {
        code: 'idempotency_key_reused',
      });
    }
    // Claim and store share a transaction, so an empty answer is never committed; refuse rather than replay nothing.
    if (stored.response_status === null) throw inProgress();
    return { status: stored.response_status, body: stored.response_body, replayed: true };
  }

  /** Stores the answer of a claimed key, in the transaction of the work it answers for. */
  store<T>(manager: EntityManager, request: IdempotentRequest, status: number, body: T): Promise<Answer<T>> {
    // Not async: the answer is serialised and sent within the call (see CommitBehind in sql.ts).
    const written = preparedRows(
      manager,
      'idempotency_store',
      'UPDATE idempotency_records SET response_status = $3, response_body = $4 WHERE organisation_id = $1 AND key = $2',
      [request.organisationId, request.key, status, JSON.stringify(body)],
    );
    return written.then(() => ({ status, body, replayed: false }));
  }
}

function inProgress(): DomainError {
  return new DomainError('conflict', 'A request with this Idempotency-Key is still in progress: retry in a moment', {
    code: 'idempotency_key_in_progress',
  });
}
