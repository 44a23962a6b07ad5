import type { FastifyRequest } from 'fastify';
import type { ClientInfo } from './sessions.service';

export function clientInfo(request: FastifyRequest): ClientInfo {
  const userAgent = request.headers['user-agent'];
  return { ipAddress: request.ip ?? null, userAgent: typeof userAgent === 'string' ? userAgent : null, requestId: String(request.id) };
}
