import { parentPort } from 'node:worker_threads';
import { serveTeam } from './team.js';

const port = parentPort!;
serveTeam(
  (message) => port.postMessage(message),
  (listener) => port.on('message', listener),
);
