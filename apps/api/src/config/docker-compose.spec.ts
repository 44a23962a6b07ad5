/**
 * Docker cannot run on our machines: at least check that the deployment files speak our config's
 * language and keep their promises (docs/deploy.md): healthchecks, no secret in clear, Caddy in
 * front, the mail catcher wired through SMTP_URL, a non-root image, and an .env that
 * scripts/make-env.sh generates which the API accepts in production.
 */
import { spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { findProjectRoot } from '../project-root';
import { knownEnvironmentNames, validateEnvironment } from './environment';

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  volumes?: string[];
  profiles?: string[];
}

const root = findProjectRoot();
const read = (file: string): string => readFileSync(join(root, file), 'utf8');
const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service> };
const { api, postgres, caddy, mailpit } = compose.services;

/** Docker Compose's interpolation of ${NAME}, ${NAME:-default} and ${NAME:?message} from an .env. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind?: string, rest?: string) => {
    const set = env[name] !== undefined && env[name] !== '';
    if (set) return env[name];
    if (kind === '?') throw new Error(`${name} is required: ${rest}`);
    return kind === '-' ? (rest ?? '') : '';
  });
}

function parseDotEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match) env[match[1]] = match[2];
  }
  return env;
}

/** Runs scripts/make-env.sh in a copy of the scripts folder and answers the .env it wrote. */
function makeEnv(...args: string[]): Record<string, string> {
  const folder = mkdtempSync(join(tmpdir(), 'pn-make-env-'));
  try {
    cpSync(join(root, 'scripts'), join(folder, 'scripts'), { recursive: true });
    const result = spawnSync('bash', [join(folder, 'scripts/make-env.sh'), ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`make-env.sh failed: ${result.stderr}`);
    const again = spawnSync('bash', [join(folder, 'scripts/make-env.sh'), ...args], { encoding: 'utf8' });
    expect(again.status).toBe(1); // never overwrites the keys of printed cheques
    return parseDotEnv(readFileSync(join(folder, '.env'), 'utf8'));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function apiEnvironment(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(api.environment ?? {}).map(([name, value]) => [name, interpolate(String(value), env)]));
}

describe('docker-compose.yml', () => {
  it('runs postgres, the api built here, Caddy in front, and a mail catcher only for local runs', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'caddy', 'mailpit', 'postgres']);
    expect(api.build).toBe('.');
    expect(mailpit.profiles).toEqual(['local']);
    expect(mailpit.ports).toEqual(['127.0.0.1:8025:8025']);
  });

  it('sets only variables the config schema knows', () => {
    const unknown = Object.keys(api.environment ?? {}).filter((name) => !knownEnvironmentNames().includes(name));
    expect(unknown).toEqual([]);
  });

  it('checks the health of every long-running service; the API with Node itself (no curl in the image)', () => {
    expect(postgres.healthcheck?.test.join(' ')).toContain('pg_isready');
    const apiCheck = api.healthcheck?.test ?? [];
    expect(apiCheck.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    expect(apiCheck[3]).toContain("fetch('http://127.0.0.1:3000/api/health')");
    expect(apiCheck.join(' ')).not.toMatch(/curl|wget/);
    expect(mailpit.healthcheck?.test).toBeDefined();
    expect(api.depends_on?.postgres.condition).toBe('service_healthy');
    expect(caddy.depends_on?.api.condition).toBe('service_healthy');
  });

  it('holds no secret in clear: passwords and keys come from .env', () => {
    const secretNames = /PASSWORD|KEY$|SECRET|TOKEN|DATABASE_URL|SMTP_URL/;
    for (const service of Object.values(compose.services)) {
      for (const [name, value] of Object.entries(service.environment ?? {})) {
        if (name === 'CHEQUE_SIGNING_KEY_ID' || !secretNames.test(name)) continue;
        if (name === 'DATABASE_URL') expect(value).toMatch(/^postgres:\/\/pass_numerique:\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:5432\//);
        else expect(`${name}=${value}`).toMatch(new RegExp(`^${name}=\\$\\{${name}(:[?-][^}]*)?\\}$`));
      }
    }
    expect(postgres.environment?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    // Neither committed nor sent into the image.
    expect(read('.gitignore').split('\n')).toEqual(expect.arrayContaining(['.env', '.env.production']));
    expect(read('.dockerignore').split('\n')).toEqual(expect.arrayContaining(['.env', '.env.production']));
    const example = parseDotEnv(read('.env.production.example'));
    for (const name of ['POSTGRES_PASSWORD', 'CHEQUE_SIGNING_KEY', 'CHEQUE_CODE_KEY']) expect(example[name]).toBe('');
  });

  it('puts Caddy in front: the only published ports are its 80/443, the API trusts its forwarded headers', () => {
    expect(caddy.image).toMatch(/^caddy:2/);
    expect(caddy.ports).toEqual(['80:80', '443:443', '443:443/udp']);
    expect(caddy.volumes).toContain('./Caddyfile:/etc/caddy/Caddyfile:ro');
    expect(caddy.environment?.PUBLIC_URL).toMatch(/^\$\{PUBLIC_URL/);
    expect(api.ports).toBeUndefined();
    expect(postgres.ports).toBeUndefined();
    expect(api.environment?.TRUST_PROXY).toBe('true');
  });

  it('a local .env from scripts/make-env.sh: https://localhost, Caddy’s own CA, mail to Mailpit; the API accepts it in production', () => {
    const env = makeEnv('https://localhost');
    expect(env).toMatchObject({
      PUBLIC_URL: 'https://localhost',
      CADDY_TLS: 'internal',
      SMTP_URL: 'smtp://mailpit:1025',
      COMPOSE_PROFILES: 'local',
    });
    const apiEnv = apiEnvironment(env);
    expect(apiEnv.SMTP_URL).toBe('smtp://mailpit:1025');
    expect(apiEnv.DATABASE_URL).toBe(`postgres://pass_numerique:${env.POSTGRES_PASSWORD}@postgres:5432/pass_numerique`);
    expect(env.POSTGRES_PASSWORD).toMatch(/^[0-9a-f]{64}$/);
    const config = validateEnvironment(apiEnv);
    expect(config.NODE_ENV).toBe('production');
    expect(createPrivateKey(Buffer.from(env.CHEQUE_SIGNING_KEY, 'base64').toString()).asymmetricKeyType).toBe('ed25519');
    expect(Buffer.from(env.CHEQUE_CODE_KEY, 'base64')).toHaveLength(32);
  });

  it('a server .env from scripts/make-env.sh asks for the provider’s SMTP and gets a Let’s Encrypt certificate', () => {
    const env = makeEnv('https://pass.example.org', 'ops@example.org');
    expect(env).toMatchObject({ PUBLIC_URL: 'https://pass.example.org', CADDY_TLS: 'ops@example.org', SMTP_URL: '', COMPOSE_PROFILES: '' });
    expect(() => apiEnvironment(env)).toThrow(/SMTP_URL is required/);
    expect(validateEnvironment(apiEnvironment({ ...env, SMTP_URL: 'smtps://u:p@smtp.example.org:465' })).PUBLIC_URL).toBe(
      'https://pass.example.org',
    );
  });
});

describe('Caddyfile', () => {
  const hasCaddy = spawnSync('caddy', ['version']).status === 0;
  // .ci/run installs Debian's caddy; elsewhere this check needs it too, but only CI insists.
  if (!hasCaddy && process.env.CI) throw new Error('caddy is not installed (Debian package caddy, installed by .ci/run)');
  const itWithCaddy = hasCaddy ? it : it.skip;

  const adapt = (env: Record<string, string>): { apps: { http: unknown; tls: { automation: { policies: unknown[] } } } } => {
    const result = spawnSync('caddy', ['adapt', '--config', join(root, 'Caddyfile')], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(result.stderr);
    return JSON.parse(result.stdout);
  };

  itWithCaddy('serves https://localhost with Caddy’s own CA, proxying to the API', () => {
    const config = adapt({ PUBLIC_URL: 'https://localhost', CADDY_TLS: 'internal' });
    expect(JSON.stringify(config.apps.http)).toContain('"host":["localhost"]');
    expect(JSON.stringify(config.apps.http)).toContain('"dial":"api:3000"');
    expect(config.apps.tls.automation.policies).toEqual([{ subjects: ['localhost'], issuers: [{ module: 'internal' }] }]);
  });

  itWithCaddy('serves PUBLIC_URL’s host with an ACME certificate for the given e-mail address', () => {
    const config = adapt({ PUBLIC_URL: 'https://pass.example.org', CADDY_TLS: 'ops@example.org' });
    expect(JSON.stringify(config.apps.http)).toContain('"host":["pass.example.org"]');
    expect(JSON.stringify(config.apps.tls)).toContain('"email":"ops@example.org"');
    const validate = spawnSync('caddy', ['validate', '--config', join(root, 'Caddyfile')], {
      env: { ...process.env, PUBLIC_URL: 'https://pass.example.org', CADDY_TLS: 'ops@example.org' },
      encoding: 'utf8',
    });
    expect({ status: validate.status, output: validate.stdout + validate.stderr }).toMatchObject({ status: 0 });
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  it('runs the API as a non-root user, with a HEALTHCHECK that needs no curl', () => {
    const users = [...finalStage.matchAll(/^USER (\S+)/gm)].map((match) => match[1]);
    expect(users).toEqual(['node']);
    expect(finalStage.indexOf('USER node')).toBeLessThan(finalStage.indexOf('CMD ["node", "dist/apps/api/src/main.js"]'));
    expect(finalStage).toMatch(/^HEALTHCHECK .*\n\s+CMD \["node", "-e", "fetch\('http:\/\/127\.0\.0\.1:3000\/api\/health'\)/m);
    const instructions = finalStage.split('\n').filter((line) => !line.trimStart().startsWith('#'));
    expect(instructions.join('\n')).not.toMatch(/curl|wget/);
  });

  it('builds and runs on the Node major of package.json’s engines and .node-version', () => {
    const major = read('.node-version').trim();
    const images = [...dockerfile.matchAll(/^FROM node:(\d+)-/gm)].map((match) => match[1]);
    expect(images).toEqual([major, major]);
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    expect(engines).toMatch(new RegExp(`^>=${major}\\.`));
  });
});
