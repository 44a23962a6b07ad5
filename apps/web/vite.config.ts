import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
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
