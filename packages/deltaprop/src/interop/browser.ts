/** `deltaprop/interop` for browsers and bundlers: indexeddb://, localstorage:// and http(s):// (and the core's browser entry, for training in Web Workers). */
import '../browser.js';

export * from './index.js';
