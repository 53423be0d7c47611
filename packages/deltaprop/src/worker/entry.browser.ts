import { setWorkerHost } from './host.js';
import { browserHost } from './host.browser.js';
import { serve } from './serve.js';

// The network this worker trains starts its own team (threads > 1) from here: a team
// led from a worker, whose thread 0 may block at the barriers as its helpers do (a
// page's main thread may only spin; see wasm/team.ts).
setWorkerHost(browserHost);
const scope = globalThis as unknown as { postMessage(m: unknown): void; addEventListener(type: 'message', f: (e: MessageEvent) => void): void };
serve(
  (message) => scope.postMessage(message),
  (listener) => scope.addEventListener('message', (e) => listener(e.data)),
);
