import { DeltapropError } from '../errors.js';
import type { WorkerHost, WorkerPort } from './host.js';

/**
 * Workers for pages without a bundler (the entry importmap.ts). Such a page maps
 * `@deltaprop/kernels` in its import map (to its node_modules, or a CDN), and a Web
 * Worker cannot see that map: the worker's own import of the kernels would not
 * resolve. So each worker starts from a one-line same-origin Blob (`new Worker` refuses
 * a CDN's URL) that imports dist/nomap/worker/start.js with the entry and the kernels'
 * URL in its query; start.js and the copies of the worker's modules beside it, which
 * import the kernels from that URL, are written by scripts/import-map-workers.mjs.
 */
function spawn(entry: string): WorkerPort {
  let kernels: string;
  try {
    kernels = import.meta.resolve('@deltaprop/kernels');
  } catch {
    throw new DeltapropError('WORKER_FAILED', "deltaprop's import-map entry needs '@deltaprop/kernels' in the page's import map too (beside 'deltaprop')");
  }
  const start = new URL('../nomap/worker/start.js', import.meta.url);
  start.search = new URLSearchParams({ entry, kernels }).toString();
  // The Worker holds on to the Blob from here on (its URL is resolved when it is constructed).
  const boot = URL.createObjectURL(new Blob([`import ${JSON.stringify(start.href)};`], { type: 'text/javascript' }));
  const worker = new Worker(boot, { type: 'module' });
  URL.revokeObjectURL(boot);
  return {
    post: (message, transfer) => worker.postMessage(message, transfer ?? []),
    onMessage: (listener) => worker.addEventListener('message', (e) => listener(e.data)),
    onError: (listener) =>
      worker.addEventListener('error', (e) =>
        listener(
          e.error ??
            new DeltapropError(
              'WORKER_FAILED',
              `the training worker could not load ${start.origin}${start.pathname}${e.message ? ` (${e.message})` : ''}: every file of deltaprop/dist and @deltaprop/kernels/dist must be served, with CORS headers from another origin`,
            ),
        ),
      ),
    terminate: () => worker.terminate(),
  };
}

export const importMapHost: WorkerHost = {
  spawn: () => spawn('entry.browser.js'),
  spawnTeam: () => spawn('team.browser.js'),
  cores: () => navigator.hardwareConcurrency || 1,
};
