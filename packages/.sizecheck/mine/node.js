/** The entry for Node: everything in index.ts, with training in worker_threads. */
import { setWorkerHost } from './worker/host.js';
import { nodeHost } from './worker/host.node.js';
setWorkerHost(nodeHost);
export * from './index.js';
//# sourceMappingURL=node.js.map