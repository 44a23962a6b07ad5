import { fileURLToPath } from 'node:url';
import { type Plugin, defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Lists the built assets in app-shell.json: the service worker (public/sw.js) keeps them for offline use. */
function appShellList(): Plugin {
  return {
    name: 'app-shell-list',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((name) => name.startsWith('assets/'))
        .map((name) => `/${name}`)
        .sort();
      this.emitFile({ type: 'asset', fileName: 'app-shell.json', source: `${JSON.stringify({ files }, null, 2)}\n` });
    },
  };
}

export default defineConfig({
  root,
  // Brotli and gzip copies of every text file, served as they are by the API (preCompressed).
  plugins: [appShellList(), compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024, logLevel: 'silent' })],
  // Vite 8 compiles TSX with Oxc: no React plugin needed.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
  },
  server: {
    // `npx vite --config apps/web/vite.config.ts` against an API running on port 3000.
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
});
