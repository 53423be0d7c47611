import type { WorkerHost } from './host.js';
export declare const browserHost: WorkerHost;
