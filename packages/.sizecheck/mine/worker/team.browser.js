import { serveTeam } from './team.js';
const scope = globalThis;
serveTeam((message) => scope.postMessage(message), (listener) => scope.addEventListener('message', (e) => listener(e.data)));
//# sourceMappingURL=team.browser.js.map