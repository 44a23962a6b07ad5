/*
 * Service worker of Pass numérique: keeps the application shell (index.html and the built assets
 * listed in /app-shell.json) on the device, so that the cheque scanner (/lieu/scanner) opens
 * without network. API answers are never cached here: the scanner keeps its own offline data.
 * Registered by the scanner page; served from the site's root so that its scope is the whole app.
 */
const CACHE = 'pass-numerique-shell-v1';
/** Every route of the app is index.html: it is kept under "/". */
const SHELL_PAGE = '/';

self.addEventListener('install', (event) => {
  event.waitUntil(refreshShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((name) => name.startsWith('pass-numerique-shell-') && name !== CACHE).map((name) => caches.delete(name))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') event.respondWith(page(request, event));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(asset(request));
});

/** Pages: the network first (the current version of the app), the kept shell without network. */
async function page(request, event) {
  try {
    const response = await fetch(request);
    if (response.ok && (response.headers.get('content-type') || '').includes('text/html')) {
      const cache = await caches.open(CACHE);
      await cache.put(SHELL_PAGE, response.clone());
      // A new version of the app may have new assets: keep them too.
      event.waitUntil(refreshShell().catch(() => undefined));
    }
    return response;
  } catch (error) {
    const kept = await caches.match(SHELL_PAGE);
    if (kept) return kept;
    throw error;
  }
}

/** Built assets have their hash in their name: a kept copy is always the right one. */
async function asset(request) {
  const kept = await caches.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

/** Keeps the page and every asset of the current build; forgets the assets of older builds. */
async function refreshShell() {
  const cache = await caches.open(CACHE);
  if (!(await cache.match(SHELL_PAGE))) await cache.add(SHELL_PAGE);
  let files = [];
  try {
    const response = await fetch('/app-shell.json', { cache: 'no-store' });
    if (response.ok) files = (await response.json()).files;
  } catch {
    // Development server (no build) or no network: the assets are kept as they are fetched.
  }
  if (files.length === 0) return;
  const wanted = new Set(files.map((file) => new URL(file, self.location.origin).href));
  const kept = await cache.keys();
  await Promise.all(
    kept
      .filter((request) => new URL(request.url).pathname.startsWith('/assets/') && !wanted.has(request.url))
      .map((request) => cache.delete(request)),
  );
  const missing = [];
  for (const file of files) if (!(await cache.match(file))) missing.push(file);
  await cache.addAll(missing);
}
