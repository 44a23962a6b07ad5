#!/usr/bin/env node
/**
 * `npm start`: builds what is missing or older than its sources (so a second start is quick),
 * then runs the API, which starts the embedded PostgreSQL, migrates and seeds the demo.
 */
const { execSync, spawn } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');

function newestMtime(folder) {
  let newest = 0;
  if (!existsSync(folder)) return newest;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtAt(file) {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

const apiSources = Math.max(...['apps/api', 'libs', 'migrations'].map((folder) => newestMtime(join(root, folder))));
if (builtAt(join(root, 'dist/apps/api/src/main.js')) < apiSources) {
  console.log('Building the API…');
  execSync('npm run --silent build:api', { cwd: root, stdio: 'inherit' });
}
if (builtAt(join(root, 'dist/web/index.html')) < newestMtime(join(root, 'apps/web'))) {
  console.log('Building the web app…');
  execSync('npm run --silent build:web', { cwd: root, stdio: 'inherit' });
}

const api = spawn(process.execPath, [join(root, 'dist/apps/api/src/main.js')], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => api.kill(signal));
api.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
