import type { FastifyReply } from 'fastify';

/**
 * Sends an idempotent POST's answer (IdempotencyService): its stored status, and the header
 * `idempotent-replayed: true` when it is the answer of an earlier request with the same key.
 */
export function idempotentReply<T>(reply: FastifyReply, answer: { status: number; body: T; replayed: boolean }): T {
  void reply.status(answer.status);
  if (answer.replayed) void reply.header('idempotent-replayed', 'true');
  return answer.body;
}

/** The `@ApiHeader` of a POST that needs an Idempotency-Key. */
export const IDEMPOTENCY_KEY_HEADER = {
  name: 'Idempotency-Key',
  required: true,
  description: 'A new unique value (e.g. a UUID) per attempt',
} as const;
