import { parentPort } from 'node:worker_threads';
import { setWorkerHost } from './host.js';
import { nodeHost } from './host.node.js';
import { serve } from './serve.js';

// The network this worker trains starts its own team (threads > 1) from here.
setWorkerHost(nodeHost);
const port = parentPort!;
serve(
  (message) => port.postMessage(message),
  (listener) => port.on('message', listener),
);
