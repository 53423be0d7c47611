import type { ModelJSON } from './types.js';
export declare function encodeModel(model: ModelJSON): Uint8Array<ArrayBuffer>;
/** Reads a binary model into the JSON form (then checked by checkModel like any JSON file). */
export declare function decodeModel(input: unknown): ModelJSON;
/** CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320). */
export declare function crc32(bytes: Uint8Array): number;
