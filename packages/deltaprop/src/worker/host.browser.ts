import { DeltapropError } from '../errors.js';
import type { WorkerHost } from './host.js';

const KERNELS = '@deltaprop/kernels';

/**
 * Where the page resolved the kernels package, when it did so itself: a page without a
 * bundler maps `@deltaprop/kernels` with an import map (or a CDN's URL), which a Web
 * Worker cannot see. Bundled code finds no mapping (the bundler resolved the import at
 * build time) and gets null.
 */
function mappedKernels(): string | null {
  const meta = import.meta as ImportMeta & { resolve?: (specifier: string) => string };
  try {
    const url = meta.resolve?.(KERNELS);
    return url && /^(https?|file|blob):/.test(url) ? url : null;
  } catch {
    return null;
  }
}

/**
 * The URL of a worker entry. Bundlers recognise the literal form
 * new Worker(new URL('./entry.browser.js', import.meta.url)) at the call sites below
 * and emit each worker with its dependencies; on an import-map page the copies in
 * dist/nomap/ are used instead, told in their URL where the kernels are (see
 * scripts/import-map-workers.mjs). The path is joined at run time so that bundlers do
 * not take the copies for assets of their own.
 */
function nomap(entry: string, kernels: string): URL {
  const url = new URL(['..', 'nomap', 'worker', entry].join('/'), import.meta.url);
  url.searchParams.set('kernels', kernels);
  return url;
}

function port(worker: Worker, url: URL) {
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
              (mappedKernels()
                ? 'Check that every file under deltaprop/dist/ and @deltaprop/kernels/dist/ is served (a 404 in the network panel names the missing one).'
                : `Serve the page through a bundler, or map both 'deltaprop' and '${KERNELS}' in the page's import map (see examples/browser/index.html in the deltaprop repository).`),
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
      const url = nomap('entry.browser.js', kernels);
      return port(new Worker(url, { type: 'module' }), url);
    }
    return port(new Worker(new URL('./entry.browser.js', import.meta.url), { type: 'module' }), new URL('./entry.browser.js', import.meta.url));
  },
  spawnTeam: () => {
    const kernels = mappedKernels();
    if (kernels) {
      const url = nomap('team.browser.js', kernels);
      return port(new Worker(url, { type: 'module' }), url);
    }
    return port(new Worker(new URL('./team.browser.js', import.meta.url), { type: 'module' }), new URL('./team.browser.js', import.meta.url));
  },
  cores: () => navigator.hardwareConcurrency || 1,
};
