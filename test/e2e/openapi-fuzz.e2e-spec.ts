/**
 * The project's own fuzz test (issue 18, docs/hostile-input.md): requests generated with
 * fast-check from the API's OpenAPI document, for every operation, anonymous, as each demo role
 * and with API tokens. Mostly valid requests with one part made hostile (NUL bytes, lone
 * surrogates, deep nesting, huge and negative numbers, wrong types, impossible dates, long and
 * malformed parameters, wrong content types), path parameters often naming real demo objects.
 *
 * Asserts: no 5xx, and every 4xx in the documented shape `{ code, message, details }` (details
 * present, null allowed) as JSON. The seed is fixed and printed; FUZZ_SEED and FUZZ_RUNS (requests
 * per operation) override it: `FUZZ_SEED=123 npx jest test/e2e/openapi-fuzz.e2e-spec.ts --selectProjects e2e`.
 */
import { writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import fc from 'fast-check';
import request from 'supertest';
import { DEMO_PASSWORD } from '../../apps/api/src/seed/demo-seed';
import {
  type Actor,
  describeFailures,
  type FuzzOutcome,
  type FuzzRequest,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  problemOf,
  requestsFor,
  ValuePools,
} from '../helpers/openapi-fuzz';
import { proconnectEnv, startOidcProvider, type TestOidcProvider } from '../helpers/oidc-provider';
import { DEMO, startTestApp, type TestApp } from '../helpers/test-app';

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 45);
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 4);

/**
 * Operations that do a lot of work per request (PDFs of whole programmes, full exports): fewer
 * requests, so that the run stays short; and routes with a fixed per-address limit, kept under it
 * so that their answers are not all 429.
 */
const RUNS_OVERRIDE: Record<string, number> = {
  'GET /api/programmes/{id}/booklets.pdf': 12,
  'GET /api/reporting/programmes/{id}/summary.pdf': 15,
  'GET /api/programmes/{id}/statements/order.pdf': 15,
  'GET /api/programmes/{id}/statements/closing.pdf': 15,
  'GET /api/settlement/lines/{id}/statement.pdf': 15,
  'POST /api/reporting/refresh': 10,
  'GET /api/cheques/{code}/status': 50,
  'GET /api/cheques/{code}/feedback': 50,
  'POST /api/cheques/{code}/feedback': 18,
};

/** Operations that end sessions: signed-in actors call them with a spare session of their own. */
const ENDS_SESSIONS = new Set(['POST /api/auth/logout', 'DELETE /api/auth/sessions/{id}', 'POST /api/auth/proconnect/logout']);

const MADE_UP_ID = '00000000-0000-4000-8000-000000000000';

interface SignedIn {
  name: string;
  cookie: string;
}

describe('OpenAPI fuzz: hostile requests to every operation', () => {
  let testApp: TestApp;
  let oidcProvider: TestOidcProvider | undefined;
  let document: OpenApiDocument;
  const actors: Actor[] = [];
  const spares: Actor[] = [];
  const pools = new ValuePools();
  /** By operation, the actors its guard lets through (most requests go to them, to reach the handler). */
  const admitted = new Map<string, Actor[]>();

  async function signIn(email: string): Promise<string> {
    const response = await request(testApp.baseUrl)
      .post('/api/auth/login')
      .set('Origin', testApp.publicUrl)
      .send({ email, password: DEMO_PASSWORD });
    if (response.status !== 200) throw new Error(`login as ${email} failed: ${response.status} ${response.text}`);
    const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
    return cookies.map((cookie) => cookie.split(';')[0]).join('; ');
  }

  beforeAll(async () => {
    // ProConnect on, against a real provider, so that its routes are fuzzed rather than all 404.
    oidcProvider = await startOidcProvider({
      redirectUri: 'http://127.0.0.1/api/auth/proconnect/callback',
      postLogoutRedirectUri: 'http://127.0.0.1/connexion',
      accounts: {},
    });
    testApp = await startTestApp({
      listen: true,
      // The login route is fuzzed too: higher limits keep it checking what it is sent rather than
      // answering 429 to everything after ten tries (its throttling has tests of its own).
      env: {
        LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: '1000',
        LOGIN_MAX_FAILURES_PER_ACCOUNT: '10000',
        LOGIN_MAX_FAILURES_PER_KNOWN_DEVICE: '1000',
        LOGIN_MAX_FAILURES_PER_ADDRESS: '100000',
        ...proconnectEnv(oidcProvider),
      },
    });
    document = (await request(testApp.baseUrl).get('/api/openapi.json').expect(200)).body as OpenApiDocument;

    const people: SignedIn[] = [];
    for (const [role, email] of Object.entries(DEMO)) people.push({ name: role, cookie: await signIn(email) });
    actors.push({ name: 'anonymous', headers: { Origin: testApp.publicUrl } });
    for (const person of people) actors.push({ name: person.name, headers: { Origin: testApp.publicUrl, Cookie: person.cookie } });
    // A second session per person for the routes that end sessions.
    for (const [role, email] of Object.entries(DEMO)) {
      spares.push({ name: `${role} (spare session)`, headers: { Origin: testApp.publicUrl, Cookie: await signIn(email) } });
    }

    // API tokens with every scope their organisation may hold.
    const tokenScopes: Array<[keyof typeof DEMO, string[]]> = [
      [
        'operatorAdmin',
        ['organisation:read', 'users:read', 'audit:read', 'redemptions:read', 'settlement:read', 'settlement:write', 'ledger:read'],
      ],
      ['funderManager', ['organisation:read', 'users:read', 'settlement:read', 'ledger:read']],
      ['placeAgent', ['organisation:read', 'users:read', 'redemptions:read', 'redemptions:write', 'settlement:read']],
    ];
    for (const [role, scopes] of tokenScopes) {
      const cookie = people.find((p) => p.name === role)?.cookie ?? '';
      const created = await request(testApp.baseUrl)
        .post('/api/api-tokens')
        .set({ Origin: testApp.publicUrl, Cookie: cookie })
        .send({ name: `Fuzz ${role}`, scopes })
        .expect(201);
      pools.exclude(created.body.id);
      actors.push({ name: `token of ${role}`, headers: { Authorization: `Bearer ${created.body.token}` } });
    }

    // Real ids of the demo: what the list routes show, then what the detail routes of those show.
    for (const actor of [...actors, ...spares]) {
      const sessions = await request(testApp.baseUrl).get('/api/auth/sessions').set(actor.headers);
      if (sessions.status === 200) for (const session of sessions.body as Array<{ id: string }>) pools.exclude(session.id);
    }
    // Only the spare sessions may be ended by id.
    for (const spare of spares) {
      const sessions = await request(testApp.baseUrl).get('/api/auth/sessions').set(spare.headers).expect(200);
      const own = (sessions.body as Array<{ id: string; current: boolean }>).find((s) => s.current);
      if (own) pools.addUnchecked('sessions', own.id);
    }
    const operations = operationsOf(document);
    const gets = operations.filter((op) => op.method === 'GET' && !/\.(pdf|csv|xml)$/.test(op.path));
    const listsFirst = [...gets.filter((op) => op.pathParams.length === 0), ...gets.filter((op) => op.pathParams.length > 0)];
    for (const op of listsFirst) {
      // The pool of a list's items is named after its last segment ("programmes", "batches").
      const list =
        op.path
          .split('/')
          .filter((segment) => segment && !segment.startsWith('{'))
          .pop() ?? '';
      for (const actor of actors) {
        let url = op.path;
        for (const param of op.pathParams) {
          url = url.replace(`{${param.name}}`, encodeURIComponent(pools.candidatesFor(op.path, param.name)[0] ?? 'none'));
        }
        const response = await request(testApp.baseUrl).get(url).set(actor.headers);
        if (response.status === 200) pools.harvest(list, response.body);
      }
    }

    // Which actors each operation admits: a request with a made-up id and an empty body is
    // refused by the guard (401, 403) or gets past it (400, 404…) without changing anything.
    const probes: FuzzRequest[] = [];
    for (const op of operations) {
      if (ENDS_SESSIONS.has(op.key)) continue;
      let url = op.path;
      for (const param of op.pathParams) url = url.replace(`{${param.name}}`, MADE_UP_ID);
      for (const actor of actors) {
        const headers: Record<string, string> = {
          ...actor.headers,
          'Idempotency-Key': `probe-${actor.name}-${op.key}`.replace(/[^\w-]/g, ''),
        };
        const body = op.bodyTypes.length > 0 ? '{}' : undefined;
        if (body) headers['Content-Type'] = 'application/json';
        probes.push({ operation: op.key, actor: actor.name, method: op.method, url, headers, body, mutation: 'probe' });
      }
    }
    for (const outcome of await sendAll(testApp.baseUrl, probes, CONCURRENCY)) {
      if (outcome.status === 401 || outcome.status === 403) continue;
      const list = admitted.get(outcome.request.operation) ?? [];
      list.push(actors.find((a) => a.name === outcome.request.actor) as Actor);
      admitted.set(outcome.request.operation, list);
    }
  });
  afterAll(async () => {
    await testApp?.close();
    await oidcProvider?.close();
  });

  it('answers no 5xx, and every 4xx as { code, message, details } in JSON', async () => {
    const operations = operationsOf(document);
    const requests: FuzzRequest[] = [];
    operations.forEach((operation: Operation, index) => {
      const runs = Math.min(RUNS_OVERRIDE[operation.key] ?? RUNS_PER_OPERATION, RUNS_PER_OPERATION);
      const operationActors = ENDS_SESSIONS.has(operation.key)
        ? { admitted: spares, all: [...actors.filter((a) => !a.headers.Cookie), ...spares] }
        : { admitted: admitted.get(operation.key) ?? actors, all: actors };
      requests.push(...fc.sample(requestsFor(operation, { pools, actors: operationActors }), { seed: SEED + index, numRuns: runs }));
    });
    // Operations interleaved (in an order fixed by the seed), as concurrent clients would send them.
    const order = fc.sample(fc.shuffledSubarray(requests, { minLength: requests.length, maxLength: requests.length }), {
      seed: SEED,
      numRuns: 1,
    })[0];

    console.log(`OpenAPI fuzz: seed ${SEED}, ${operations.length} operations, ${order.length} requests (FUZZ_SEED / FUZZ_RUNS to change)`);
    const started = Date.now();
    const outcomes = await sendAll(testApp.baseUrl, order, CONCURRENCY);
    const seconds = (Date.now() - started) / 1000;

    const failures = outcomes.flatMap((outcome) => {
      const problem = problemOf(outcome);
      return problem ? [{ outcome, problem }] : [];
    });
    // FUZZ_REPORT=file.json keeps every failure whole (request and answer), for triage.
    if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, JSON.stringify(failures, null, 1));
    const statuses = new Map<number, number>();
    for (const outcome of outcomes) statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
    console.log(
      `OpenAPI fuzz: ${outcomes.length} requests in ${seconds.toFixed(1)} s; statuses ${[...statuses.entries()]
        .sort(([a], [b]) => a - b)
        .map(([status, count]) => `${status}×${count}`)
        .join(' ')}; ${failures.length} failure(s)`,
    );

    // The run exercised what it should: every operation, and handlers (not only the guards).
    const coverage: string[] = [];
    if (!process.env.FUZZ_RUNS && outcomes.length < 5_000) coverage.push(`only ${outcomes.length} requests (at least 5,000 expected)`);
    const reached = new Set(outcomes.map((o) => o.request.operation));
    for (const operation of operations) if (!reached.has(operation.key)) coverage.push(`${operation.key} never requested`);
    const succeeded = new Set(outcomes.filter((o) => o.status < 300).map((o) => o.request.actor));
    for (const actor of actors) if (!succeeded.has(actor.name)) coverage.push(`${actor.name} never got a 2xx`);
    // The signed-in actors were still signed in at the end (the fuzzer did not end their sessions).
    for (const actor of actors.filter((a) => a.headers.Cookie)) {
      const me = await request(testApp.baseUrl).get('/api/auth/me').set(actor.headers);
      if (me.status !== 200) coverage.push(`${actor.name} was signed out during the run (${me.status})`);
    }

    const report = [
      ...coverage,
      failures.length > 0
        ? `${failures.length} of ${outcomes.length} answers are 5xx or 4xx outside the documented shape:\n${describeFailures(failures)}`
        : '',
    ].filter(Boolean);
    if (report.length > 0) throw new Error(`OpenAPI fuzz (seed ${SEED}):\n${report.join('\n')}`);
  });
});

/** Sends every request over keep-alive connections, `concurrency` at a time, in order. */
async function sendAll(baseUrl: string, requests: FuzzRequest[], concurrency: number): Promise<FuzzOutcome[]> {
  const { hostname, port } = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const outcomes: FuzzOutcome[] = new Array(requests.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < requests.length) {
      const index = next++;
      let outcome = await send(agent, hostname, Number(port), requests[index]);
      // A kept-alive connection the server had just closed (after a 431, or an answer given before
      // the body was read) fails the next request sent on it: once more, on a new connection.
      if (outcome.status === 599) outcome = await send(undefined, hostname, Number(port), requests[index]);
      outcomes[index] = outcome;
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return outcomes;
}

function send(agent: Agent | undefined, hostname: string, port: number, fuzz: FuzzRequest): Promise<FuzzOutcome> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { ...fuzz.headers };
    if (fuzz.body !== undefined) headers['Content-Length'] = Buffer.byteLength(fuzz.body);
    let answered: { status: number; contentType: string; chunks: Buffer[] } | null = null;
    const outgoing = httpRequest({ agent: agent ?? false, hostname, port, method: fuzz.method, path: fuzz.url, headers }, (response) => {
      const current = {
        status: response.statusCode ?? 0,
        contentType: String(response.headers['content-type'] ?? ''),
        chunks: [] as Buffer[],
      };
      answered = current;
      response.on('data', (chunk: Buffer) => current.chunks.push(chunk));
      response.on('end', () =>
        resolve({
          request: fuzz,
          status: current.status,
          contentType: current.contentType,
          text: Buffer.concat(current.chunks).toString('utf8'),
        }),
      );
      // A body cut short (a failure while streaming a file) is no answer.
      response.on('error', (error) => resolve({ request: fuzz, status: 599, contentType: '', text: `response error: ${error.message}` }));
    });
    outgoing.on('error', (error) => {
      // A refusal sent before the body was read, the connection then closed while the body was
      // still being written: the refusal is the answer.
      const early = answered as { status: number; contentType: string; chunks: Buffer[] } | null;
      if (early && early.status >= 400 && early.status < 500) {
        resolve({
          request: fuzz,
          status: early.status,
          contentType: early.contentType,
          text: Buffer.concat(early.chunks).toString('utf8'),
        });
        return;
      }
      // Otherwise a connection the server cut counts as a failure (599: no answer at all).
      resolve({ request: fuzz, status: 599, contentType: '', text: `no answer: ${error.message}` });
    });
    if (fuzz.body !== undefined) outgoing.write(fuzz.body);
    outgoing.end();
  });
}
