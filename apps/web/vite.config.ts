import { fileURLToPath } from 'node:url';
import { type Plugin, defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Lists in app-shell.json what the service worker (public/sw.js) keeps for offline use: the app's
 * frame (the entry and what it imports) and the scanner page with everything it may load (its own
 * imports, static and dynamic: the QR decoder, the signature fallback), with their CSS and assets.
 * Other pages are lazy chunks, kept only once visited.
 */
function appShellList(): Plugin {
  return {
    name: 'app-shell-list',
    apply: 'build',
    generateBundle(_options, bundle) {
      const kept = new Set<string>();
      const keep = (fileName: string, followDynamic: boolean): void => {
        const item = bundle[fileName];
        if (!item || kept.has(fileName)) return;
        kept.add(fileName);
        if (item.type !== 'chunk') return;
        for (const css of item.viteMetadata?.importedCss ?? []) kept.add(css);
        for (const asset of item.viteMetadata?.importedAssets ?? []) kept.add(asset);
        for (const imported of item.imports) keep(imported, followDynamic);
        if (followDynamic) for (const imported of item.dynamicImports) keep(imported, true);
      };
      for (const item of Object.values(bundle)) {
        if (item.type !== 'chunk') continue;
        if (item.isEntry) keep(item.fileName, false);
        if (item.facadeModuleId?.endsWith('/pages/ScannerPage.tsx')) keep(item.fileName, true);
      }
      const files = [...kept]
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
