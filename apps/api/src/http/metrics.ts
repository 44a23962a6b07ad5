/**
 * GET /metrics (Prometheus text, prom-client) on the API's own port, behind a bearer token
 * (METRICS_TOKEN); without one, /metrics answers 404 like any unknown path. A separate port was
 * not chosen: one port is simpler to run (one container port, one healthcheck, the same proxy) and
 * the token keeps the figures private even when the proxy forwards every path.
 * Every request's duration is observed by route pattern and status (onResponse: one histogram
 * observe, no labels object per request); the route pattern is also kept for the request log line.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ConfigService } from '@nestjs/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError } from '@app/domain';
import { OutboxService } from '@app/mail';
import { collectMetrics, METRICS_CONTENT_TYPE, observeHttpRequest, type PoolCounts, recordOutbox, recordPool } from '@app/metrics';
import { errorBody } from './domain-error.filter';

/** The raw request as the log line reads it: the route pattern Fastify matched (not the raw URL). */
export interface RoutedRequest extends IncomingMessage {
  routePattern?: string;
}

/** Requests no route matched (404s, probes): one label for all, so raw URLs never become labels. */
export const UNMATCHED_ROUTE = 'unmatched';

export function installMetrics(app: NestFastifyApplication): void {
  const config = app.get(ConfigService);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onResponse', (request, reply, done) => {
    observeHttpRequest(request.method, request.routeOptions.url ?? UNMATCHED_ROUTE, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  fastify.addHook('onRequest', (request, _reply, done) => {
    (request.raw as RoutedRequest).routePattern = request.routeOptions.url ?? UNMATCHED_ROUTE;
    done();
  });

  const token = config.get<string>('METRICS_TOKEN');
  if (!token) {
    // Registered all the same: otherwise the web app's fallback would answer 200 with its page.
    fastify.get('/metrics', (_request, reply) => {
      void reply.code(404).send(errorBody(new DomainError('not_found', 'No such route or object')));
    });
    return;
  }
  const expected = digest(token);
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const outbox = app.get(OutboxService);
  fastify.get('/metrics', async (request, reply) => {
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (!given || !timingSafeEqual(digest(given), expected)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .send(errorBody(new DomainError('unauthenticated', 'Bearer METRICS_TOKEN required')));
    }
    const pool = (dataSource.driver as unknown as { master?: PoolCounts }).master;
    if (pool) recordPool(pool);
    recordOutbox(await outbox.backlog(dataSource.manager));
    return reply
      .header('content-type', METRICS_CONTENT_TYPE)
      .header('cache-control', 'no-store')
      .send(await collectMetrics());
  });
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
