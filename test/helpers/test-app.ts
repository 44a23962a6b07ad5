/**
 * Boots the real AppModule exactly like main.ts (same configureApp), on its own database cloned
 * from the migrated template, with the demo seed. Use `loginAs` to get a signed-in HTTP client.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { DataSource } from 'typeorm';
import { type Clock, CLOCK } from '@app/domain';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp, createFastifyAdapter } from '../../apps/api/src/configure-app';
import { DEMO_PASSWORD, seedDemo } from '../../apps/api/src/seed/demo-seed';
import { freePort } from './api-process';
import { createTestDatabase, dropTestDatabase } from './test-database';

/** The Origin header a browser on the platform would send (PUBLIC_URL in tests). */
export const TEST_PUBLIC_URL = 'http://pass-numerique.test';

export interface TestApp {
  app: NestFastifyApplication;
  dataSource: DataSource;
  databaseUrl: string;
  /** Only when started with listen: true (browser tests, several processes). */
  baseUrl: string;
  /** The app's PUBLIC_URL: the only Origin its writes accept. */
  publicUrl: string;
  /** An anonymous client (sends the platform's Origin like a browser would). */
  anonymous(): TestAgent;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Listen on a free port, which is also the app's PUBLIC_URL (what a browser opens) unless env says otherwise. */
  listen?: boolean;
  /** With listen: this port rather than a free one drawn here (e.g. an OpenID provider registered its redirect URI first). */
  port?: number;
  /** Extra environment variables for this app (e.g. lower rate limits). */
  env?: Record<string, string>;
  seed?: boolean;
  /** The clock every service reads (CLOCK), e.g. a TestClock the test moves; the system clock by default. */
  clock?: Clock;
  /** Like TRUST_PROXY=1: request.ip from X-Forwarded-For's last entry (a test plays clients at several addresses). */
  trustProxy?: boolean;
  /** Start on this existing database (e.g. a restored one) instead of a fresh clone; dropped on close all the same. */
  databaseUrl?: string;
}

/**
 * A clock a test sets by hand; the system time until it is set (the demo seed runs on it).
 * Sessions read it too: sign in again after moving it by more than a session's life.
 */
export class TestClock implements Clock {
  private instant: Date | null = null;

  now(): Date {
    return this.instant ? new Date(this.instant) : new Date();
  }

  set(instant: Date): void {
    this.instant = new Date(instant);
  }

  /** Back to the system time. */
  reset(): void {
    this.instant = null;
  }

  /** Noon in Paris (10:30 or 11:30 UTC) on that calendar day: far from both midnights. */
  setDay(day: string): void {
    this.set(new Date(`${day}T10:30:00Z`));
  }
}

const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  PUBLIC_URL: TEST_PUBLIC_URL,
  // Tests run the expiry job themselves, with a fixed clock.
  EXPIRY_JOB_INTERVAL_MINUTES: '0',
  // Tests compute the funds coverage themselves (FundsCoverageService.recordToday).
  FUNDS_COVERAGE_JOB_INTERVAL_MINUTES: '0',
  // Tests refresh the reporting figures themselves (ReportingRefreshService.refresh).
  REPORTING_REFRESH_MINUTES: '0',
  // Tests send the outbox themselves (OutboxWorker.drain), to an SMTP server they start.
  MAIL_OUTBOX_POLL_SECONDS: '0',
  // Tests run the notification job themselves (NotificationJobsService.runDue), with a fixed clock.
  NOTIFICATIONS_JOB_INTERVAL_MINUTES: '0',
  // Tests build the scheduled batches themselves (SettlementJobService.runDue), with a fixed clock.
  SETTLEMENT_JOB_INTERVAL_MINUTES: '0',
  // Tests send the webhooks themselves (WebhookSender.drain), to receivers they start on 127.0.0.1.
  WEBHOOKS_POLL_SECONDS: '0',
  WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true',
};

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  const port = options.listen ? (options.port ?? (await freePort())) : 0;
  const env: Record<string, string> = {
    ...TEST_ENV,
    ...(options.listen ? { PUBLIC_URL: `http://127.0.0.1:${port}` } : {}),
    ...(options.env ?? {}),
  };
  const previous = { ...process.env };
  Object.assign(process.env, env);
  let app: NestFastifyApplication;
  try {
    const builder = Test.createTestingModule({ imports: [AppModule.forRoot({ databaseUrl })] });
    if (options.clock) builder.overrideProvider(CLOCK).useValue(options.clock);
    const moduleRef = await builder.compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter({ trustProxy: options.trustProxy ? 1 : false }), {
      bufferLogs: true,
    });
    await configureApp(app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  } finally {
    process.env = previous;
  }
  if (options.seed ?? true) await seedDemo(app);
  let baseUrl = '';
  if (options.listen) {
    await app.listen(port, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${port}`;
  }
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const publicUrl = env.PUBLIC_URL;
  return {
    app,
    dataSource,
    databaseUrl,
    baseUrl,
    publicUrl,
    anonymous: () => request.agent(app.getHttpServer()).set('Origin', publicUrl),
    close: async () => {
      await app.close();
      await dropTestDatabase(databaseUrl);
    },
  };
}

/** A client signed in as this user (session cookie kept by the agent, Origin set like a browser). */
export async function loginAs(testApp: TestApp, email: string, password = DEMO_PASSWORD): Promise<TestAgent> {
  const agent = testApp.anonymous();
  const response = await agent.post('/api/auth/login').send({ email, password });
  if (response.status !== 200) throw new Error(`login as ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return agent;
}

/** The demo users, by role (see apps/api/src/seed/demo-seed.ts). */
export const DEMO = {
  operatorAdmin: 'admin@operateur.example',
  operatorReviewer: 'relecteur@operateur.example',
  // The second operator admin (four eyes on the funds coverage's balances).
  operatorTreasurer: 'tresorerie@operateur.example',
  funderManager: 'financeur@departement.example',
  funderViewer: 'lecteur@departement.example',
  distributorAgent: 'agent@ccas.example',
  placeAgent: 'mediateur@mediatheque.example',
} as const;
