import { serve } from './serve.js';
const scope = globalThis;
serve((message) => scope.postMessage(message), (listener) => scope.addEventListener('message', (e) => listener(e.data)));
//# sourceMappingURL=entry.browser.js.map