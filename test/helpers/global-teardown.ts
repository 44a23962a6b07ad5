export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { __TEST_DATABASE_SERVER__?: { stop(): Promise<void> } };
  const server = holder.__TEST_DATABASE_SERVER__;
  holder.__TEST_DATABASE_SERVER__ = undefined;
  await server?.stop();
}
