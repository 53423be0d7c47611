/**
 * Bundles the page of the browser run (index.html, page.js and everything they
 * import: the harness, the contenders, the libraries) with vite, into `outDir`.
 *
 * Why a bundle and not the packages' own ESM files behind an import map: brain.js,
 * synaptic, ConvNetJS and ml-fnn are CommonJS, which a browser cannot
 * import, and deltaprop's team workers are found by bundlers through
 * `new Worker(new URL(…, import.meta.url))`; vite turns both into plain ES modules, as
 * a user's build would.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { packageVersion } from '../platform/node.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The version of every dependency of the bench, read in Node (the page has no package.json to read). */
function versions() {
  const pkg = JSON.parse(readFileSync(path.join(here, '..', '..', 'package.json'), 'utf8'));
  /** @type {Record<string, string>} */
  const out = {};
  for (const name of Object.keys(pkg.dependencies)) {
    try {
      out[name] = packageVersion(name);
    } catch {} // a package without an entry to resolve (none today): the page says '?'
  }
  return out;
}

/** @param {string} outDir */
export async function bundlePage(outDir) {
  await build({
    configFile: false,
    root: here,
    base: '/',
    logLevel: 'warn',
    define: { __BENCH_VERSIONS__: JSON.stringify(versions()) },
    // brain.js's Node entry extends Node's stream.Writable (its TrainStream); the package
    // ships a browser build of the same version for pages, which is what a page loads.
    resolve: { alias: [{ find: /^brain\.js$/, replacement: 'brain.js/browser.js' }] },
    // deltaprop's team workers are ES modules
    worker: { format: 'es' },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      // The libraries run as they were written (not minified), as in Node; the page is read from disk.
      minify: false,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 1 << 20,
      rolldownOptions: {
        // brain.js's browser build compiles its GPU kernels with a direct eval: its own business
        onwarn(warning, warn) {
          if (warning.code !== 'EVAL') warn(warning);
        },
      },
    },
  });
}
