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
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp, createFastifyAdapter } from '../../apps/api/src/configure-app';
import { DEMO_PASSWORD, seedDemo } from '../../apps/api/src/seed/demo-seed';
import { createTestDatabase, dropTestDatabase } from './test-database';

/** The Origin header a browser on the platform would send (PUBLIC_URL in tests). */
export const TEST_PUBLIC_URL = 'http://pass-numerique.test';

export interface TestApp {
  app: NestFastifyApplication;
  dataSource: DataSource;
  databaseUrl: string;
  /** Only when started with listen: true (browser tests, several processes). */
  baseUrl: string;
  /** An anonymous client (sends the platform's Origin like a browser would). */
  anonymous(): TestAgent;
  close(): Promise<void>;
}

export interface TestAppOptions {
  listen?: boolean;
  /** Extra environment variables for this app (e.g. lower rate limits). */
  env?: Record<string, string>;
  seed?: boolean;
}

const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  PUBLIC_URL: TEST_PUBLIC_URL,
  // Tests run the expiry job themselves, with a fixed clock.
  EXPIRY_JOB_INTERVAL_MINUTES: '0',
  // Tests refresh the reporting figures themselves (ReportingRefreshService.refresh).
  REPORTING_REFRESH_MINUTES: '0',
};

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const databaseUrl = await createTestDatabase();
  const previous = { ...process.env };
  Object.assign(process.env, TEST_ENV, options.env ?? {});
  let app: NestFastifyApplication;
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot({ databaseUrl })] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(), { bufferLogs: true });
    await configureApp(app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  } finally {
    process.env = previous;
  }
  if (options.seed ?? true) await seedDemo(app);
  let baseUrl = '';
  if (options.listen) {
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  }
  const dataSource = app.get<DataSource>(getDataSourceToken());
  return {
    app,
    dataSource,
    databaseUrl,
    baseUrl,
    anonymous: () => request.agent(app.getHttpServer()).set('Origin', TEST_PUBLIC_URL),
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
  funderManager: 'financeur@departement.example',
  funderViewer: 'lecteur@departement.example',
  distributorAgent: 'agent@ccas.example',
  placeAgent: 'mediateur@mediatheque.example',
} as const;
