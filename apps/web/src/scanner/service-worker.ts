/**
 * Registers the service worker (public/sw.js) that keeps the application shell on the device, so
 * that the scanner page opens without network. Resolves true once a worker is active.
 */
export async function registerShell(): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return false;
  // Not awaited: offline, the update check fails or waits, while the worker already installed still serves.
  navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  await navigator.serviceWorker.ready;
  return true;
}
