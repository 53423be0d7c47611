import { DeltapropError } from '../errors.js';
import type { WorkerHost, WorkerPort } from './host.js';

const KERNELS = '@deltaprop/kernels';

/**
 * Where the page resolved the kernels package, when it did so itself: a page without a
 * bundler maps `@deltaprop/kernels` with an import map (to its node_modules or a CDN),
 * which a Web Worker cannot see. Bundled code finds no mapping (the bundler resolved
 * the import at build time) and gets null.
 */
function mappedKernels(): string | null {
  const meta = import.meta as ImportMeta & { resolve?: (specifier: string) => string };
  try {
    const url = meta.resolve?.(KERNELS);
    return url && /^(https?|file):/.test(url) ? url : null;
  } catch {
    return null;
  }
}

/**
 * A worker for an import-map page: a same-origin bootstrap module (a Blob, so that it
 * also works when deltaprop comes from a CDN on another origin, where `new Worker(url)`
 * is refused) that leaves the kernels' URL where dist/nomap/kernels-from-url.js looks
 * for it, then imports the entry's copy in dist/nomap/ (see
 * scripts/import-map-workers.mjs). Messages that arrive while the modules load are held
 * and handed on once the entry listens; a failed load is reported as WORKER_FAILED.
 * The entry's path is joined at run time so that bundlers do not take the copies for
 * assets of their own.
 */
function importMapWorker(entry: string, kernels: string): { worker: Worker; url: URL } {
  const url = new URL(['..', 'nomap', 'worker', entry].join('/'), import.meta.url);
  const failed = `the training worker could not load ${url.href}: `;
  const help = ' (every file under deltaprop/dist/ and @deltaprop/kernels/dist/ must be served, with CORS headers from another origin)';
  const source = `const early = [];
const hold = (event) => early.push(event.data);
self.addEventListener('message', hold);
globalThis[Symbol.for('deltaprop.kernelsURL')] = ${JSON.stringify(kernels)};
try {
  await import(${JSON.stringify(url.href)});
  self.removeEventListener('message', hold);
  for (const data of early) self.dispatchEvent(new MessageEvent('message', { data }));
} catch (error) {
  self.postMessage({ type: 'error', code: 'WORKER_FAILED', message: ${JSON.stringify(failed)} + (error && error.message ? error.message : String(error)) + ${JSON.stringify(help)}, details: { url: ${JSON.stringify(url.href)} } });
}
`;
  const bootstrap = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(bootstrap, { type: 'module' });
  // The worker has its own reference once it has fetched the Blob, which it does before its first message.
  worker.addEventListener('message', () => URL.revokeObjectURL(bootstrap), { once: true });
  return { worker, url };
}

function port(worker: Worker, url: URL): WorkerPort {
  return {
    post: (message: unknown, transfer?: Transferable[]) => worker.postMessage(message, transfer ?? []),
    onMessage: (listener: (message: any) => void) => worker.addEventListener('message', (e) => listener(e.data)),
    onError: (listener: (error: unknown) => void) =>
      worker.addEventListener('error', (e) => {
        if (e instanceof ErrorEvent && (e.error || e.message)) return listener(e.error ?? new Error(e.message));
        // A worker whose modules fail to load reports a bare Event: nothing says why.
        listener(
          new DeltapropError(
            'WORKER_FAILED',
            `the training worker ${url.href} did not start: its modules could not be loaded. ` +
              `Serve the page through a bundler, or map both 'deltaprop' and '${KERNELS}' in the page's import map (see examples/browser/index.html in the deltaprop repository).`,
            { url: url.href },
          ),
        );
      }),
    terminate: () => worker.terminate(),
  };
}

export const browserHost: WorkerHost = {
  spawn: () => {
    const kernels = mappedKernels();
    if (kernels) {
      const { worker, url } = importMapWorker('entry.browser.js', kernels);
      return port(worker, url);
    }
    // Bundlers recognise this exact form, new Worker(new URL(…, import.meta.url)), and
    // emit each worker with its dependencies.
    return port(new Worker(new URL('./entry.browser.js', import.meta.url), { type: 'module' }), new URL('./entry.browser.js', import.meta.url));
  },
  spawnTeam: () => {
    const kernels = mappedKernels();
    if (kernels) {
      const { worker, url } = importMapWorker('team.browser.js', kernels);
      return port(worker, url);
    }
    return port(new Worker(new URL('./team.browser.js', import.meta.url), { type: 'module' }), new URL('./team.browser.js', import.meta.url));
  },
  cores: () => navigator.hardwareConcurrency || 1,
};
