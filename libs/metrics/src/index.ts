/**
 * The process's Prometheus metrics (prom-client), served by GET /metrics (apps/api/src/metrics).
 * One registry per process, defined once at import: libraries record into it without injection.
 * Hot paths use children bound once per label value (no labels object per call).
 * See docs/operations.md, « Operations: metrics and logs ».
 */
import { Logger } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export const metricsRegistry = new Registry();
metricsRegistry.setDefaultLabels({ service: 'pass-numerique-api' });

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP requests by method, route pattern (not the raw URL) and status, with their duration',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

const httpChildren = new Map<string, ReturnType<typeof httpRequestDuration.labels>>();

/** One request: the child for this (method, route, status) is made once, then reused. */
export function observeHttpRequest(method: string, route: string, status: number, seconds: number): void {
  const key = `${method} ${status} ${route}`;
  let child = httpChildren.get(key);
  if (!child) {
    child = httpRequestDuration.labels(method, route, String(status));
    httpChildren.set(key, child);
  }
  child.observe(seconds);
}

export const redemptionsTotal = new Counter({
  name: 'pass_redemptions_total',
  help: 'Redemption attempts by outcome: redeemed, replayed (an idempotent retry answered again), or the refusal code',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

const redemptionChildren = new Map<string, ReturnType<typeof redemptionsTotal.labels>>();

export function countRedemption(outcome: string): void {
  let child = redemptionChildren.get(outcome);
  if (!child) {
    child = redemptionsTotal.labels(outcome);
    redemptionChildren.set(outcome, child);
  }
  child.inc();
}

export const jobLastSuccess = new Gauge({
  name: 'pass_job_last_success_timestamp_seconds',
  help: 'When each periodic job last succeeded (Unix time); alert when it is older than a few intervals',
  labelNames: ['job'] as const,
  registers: [metricsRegistry],
});

export const jobFailures = new Counter({
  name: 'pass_job_failures_total',
  help: 'Failed runs of each periodic job',
  labelNames: ['job'] as const,
  registers: [metricsRegistry],
});

export type PeriodicJob = 'cheque_expiry' | 'reporting_refresh' | 'qualification_renewal_reminders' | 'notifications' | (string & {});

export function jobSucceeded(job: PeriodicJob, at: Date = new Date()): void {
  jobLastSuccess.set({ job }, at.getTime() / 1000);
}

export function jobFailed(job: PeriodicJob): void {
  jobFailures.inc({ job });
}

/**
 * A periodic job of this process: `run` every `minutes` (0: never) and once `firstAfterMs` after
 * start-up. A run that did the work (`ran`: no other process held the job's lock) records its time
 * for /metrics; a failure is counted and logged. Answers what stops it (at shutdown).
 */
export function startPeriodicJob(
  job: PeriodicJob,
  schedule: { minutes: number; firstAfterMs: number },
  run: () => Promise<{ ran: boolean }>,
): () => void {
  if (schedule.minutes <= 0) return () => undefined;
  const logger = new Logger('PeriodicJob');
  const once = async (): Promise<void> => {
    try {
      if ((await run()).ran) jobSucceeded(job);
    } catch (error) {
      jobFailed(job);
      logger.error({ err: error, job }, `${job} run failed`);
    }
  };
  const timer = setInterval(() => void once(), schedule.minutes * 60_000);
  const first = setTimeout(() => void once(), schedule.firstAfterMs);
  timer.unref();
  first.unref();
  return () => {
    clearInterval(timer);
    clearTimeout(first);
  };
}

/** The database pool (pg), read when /metrics is scraped. */
export const databasePoolConnections = new Gauge({
  name: 'pass_db_pool_connections',
  help: 'PostgreSQL pool connections: total (open), idle, and waiting (requests queued for a connection)',
  labelNames: ['state'] as const,
  registers: [metricsRegistry],
});

export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

export function recordPool(pool: PoolCounts): void {
  databasePoolConnections.set({ state: 'total' }, pool.totalCount);
  databasePoolConnections.set({ state: 'idle' }, pool.idleCount);
  databasePoolConnections.set({ state: 'waiting' }, pool.waitingCount);
}

export const outboxMessages = new Gauge({
  name: 'pass_outbox_messages',
  help: 'E-mails in the outbox not sent: pending (waiting or being retried) and failed (given up)',
  labelNames: ['status'] as const,
  registers: [metricsRegistry],
});

export const outboxOldestPending = new Gauge({
  name: 'pass_outbox_oldest_pending_seconds',
  help: 'Age of the oldest e-mail still waiting in the outbox (0 when none): grows while the worker is stuck',
  registers: [metricsRegistry],
});

export function recordOutbox(backlog: { pending: number; failed: number; oldestPendingSeconds: number }): void {
  outboxMessages.set({ status: 'pending' }, backlog.pending);
  outboxMessages.set({ status: 'failed' }, backlog.failed);
  outboxOldestPending.set(backlog.oldestPendingSeconds);
}

/**
 * Figures read at scrape time (e.g. the outbox backlog, once the outbox table exists): register a
 * collector once; it runs before each scrape. Adding the outbox metrics is then one call, e.g.
 * `onScrape(async () => outboxBacklog.set(await countPending()))` next to a Gauge defined like the ones above.
 */
const scrapeCollectors: Array<() => Promise<void> | void> = [];
export function onScrape(collect: () => Promise<void> | void): void {
  scrapeCollectors.push(collect);
}

export async function collectMetrics(): Promise<string> {
  await Promise.all(scrapeCollectors.map(async (collect) => collect()));
  return metricsRegistry.metrics();
}

export const METRICS_CONTENT_TYPE = metricsRegistry.contentType;
