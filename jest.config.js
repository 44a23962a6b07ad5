/**
 * Three tiers, one run (so CI reads one JSON result):
 * - unit: pure code beside the sources (libs/**, apps/**);
 * - e2e: the real AppModule over HTTP on a real PostgreSQL (test/e2e);
 * - browser: the built web app in Chromium driven by playwright-core (test/browser).
 */
const { compilerOptions } = require('./tsconfig.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace('/*', '/(.*)')}$`,
    `<rootDir>/${target.replace('./', '').replace('/*', '/$1')}`,
  ]),
);

// A few dependencies ship ES modules only; Jest's module system on Node 20 needs them as CommonJS.
// openid-client and what it builds on, and oidc-provider (the tests' OpenID provider): docs/adr/0021-proconnect-openid-client-esm.md.
const ESM_DEPENDENCIES = [
  'any-ascii',
  'content-disposition',
  '@apidevtools/json-schema-ref-parser',
  '@apidevtools/swagger-parser',
  'openid-client',
  'oauth4webapi',
  'jose',
  'oidc-provider',
  // superjson and what it builds on: the La Coop contract test decodes our links as La Coop does (ADR 0023).
  'superjson',
  'copy-anything',
  'is-what',
];
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  '^.+\\.m?js$': [
    'ts-jest',
    {
      tsconfig: {
        allowJs: true,
        module: 'commonjs',
        moduleResolution: 'node10',
        ignoreDeprecations: '6.0',
        target: 'ES2022',
        esModuleInterop: true,
        isolatedModules: true,
      },
    },
  ],
};
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_DEPENDENCIES.join('|')})/)`];

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleNameMapper,
  transform,
  transformIgnorePatterns,
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  // Timeouts bound hung tests (a start-up, a browser); they assert nothing about speed.
  testTimeout: 120_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/apps/api/**/*.spec.ts',
        '<rootDir>/test/unit/**/*.spec.ts',
        '<rootDir>/test/helpers/**/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/helpers/check-ledger-after-file.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/helpers/check-ledger-after-file.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
    },
  ],
};
