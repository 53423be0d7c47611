import { serve } from './serve.js';

const scope = globalThis as unknown as { postMessage(m: unknown): void; addEventListener(type: 'message', f: (e: MessageEvent) => void): void };
serve(
  (message) => scope.postMessage(message),
  (listener) => scope.addEventListener('message', (e) => listener(e.data)),
);
