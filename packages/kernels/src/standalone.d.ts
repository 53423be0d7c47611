/**
 * The standalone forward pass's kernel (assembly/standalone.ts) as base64: the build
 * writes dist/standalone.js beside this declaration's compiled twin, after compiling
 * the module.
 */
export declare const standaloneWasm: string;
