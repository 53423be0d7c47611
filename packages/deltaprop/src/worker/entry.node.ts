import { parentPort } from 'node:worker_threads';
import { serve } from './serve.js';

const port = parentPort!;
serve(
  (message) => port.postMessage(message),
  (listener) => port.on('message', listener),
);
