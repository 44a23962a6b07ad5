#!/usr/bin/env node
/**
 * Runs every jest project once with a JSON report, then prints the summary line CI reads:
 * `tests: N passed, N failed`.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const report = join(root, 'reports', 'jest-results.json');
mkdirSync(join(root, 'reports'), { recursive: true });
rmSync(report, { force: true });

const jest = require.resolve('jest/bin/jest');
const result = spawnSync(process.execPath, [jest, '--json', `--outputFile=${report}`, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});

let passed = 0;
let failed = 1;
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  // A suite that failed to run has no failed test of its own: count it as one.
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(result.status === 0 && failed === 0 ? 0 : 1);
