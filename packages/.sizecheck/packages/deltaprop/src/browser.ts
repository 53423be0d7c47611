/** The entry for browsers and bundlers: everything in index.ts, with training in Web Workers. */
import { setWorkerHost } from './worker/host.js';
import { browserHost } from './worker/host.browser.js';

setWorkerHost(browserHost);
export * from './index.js';
