/** Docker cannot run on our machines: at least check that the compose file speaks our config's language. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { findProjectRoot } from '../project-root';
import { knownEnvironmentNames, validateEnvironment } from './environment';

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(findProjectRoot(), 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, { environment?: Record<string, string>; build?: string; depends_on?: unknown }>;
  };

  it('runs postgres and the api', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres']);
    expect(compose.services.api.build).toBe('.');
  });

  it('sets only variables the config schema knows, with valid values', () => {
    const environment = compose.services.api.environment ?? {};
    const unknown = Object.keys(environment).filter((name) => !knownEnvironmentNames().includes(name));
    expect(unknown).toEqual([]);
    expect(() => validateEnvironment(environment)).not.toThrow();
    expect(environment.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
  });
});
