/** `deltaprop/interop` for Node: file paths for save and load (and the core's Node entry, for training in worker threads). */
import '../node.js';
import { filePlace } from './files.node.js';
import { setFileAccess } from './storage.js';

setFileAccess(filePlace);
export * from './index.js';
