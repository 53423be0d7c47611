/**
 * The entry for pages without a bundler, which load deltaprop through an import map
 * or from a CDN: everything in index.ts, with training in Web Workers that are told
 * where the page's import map put the kernels (a worker cannot see the map). Bundlers
 * use browser.ts, which this does not add to.
 */
import { setWorkerHost } from './worker/host.js';
import { importMapHost } from './worker/host.importmap.js';

setWorkerHost(importMapHost);
export * from './index.js';
