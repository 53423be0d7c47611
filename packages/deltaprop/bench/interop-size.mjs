// What `deltaprop/interop` adds to a browser page, beyond the core it shares: the
// built files reachable from dist/interop/browser.js and not from dist/browser.js,
// gzipped (level 9) one after the other, as a bundler's chunk of them would be.
// Run after a build: node bench/interop-size.mjs
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/** Every file of dist/ that `entry` reaches by relative static imports (import … from './x.js', import './x.js'). */
export function reach(entry, seen = new Set()) {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(entry, 'utf8');
  for (const [, spec] of code.matchAll(/(?:import|export)\s*(?:[^'";]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]/g))
    reach(path.resolve(path.dirname(entry), spec), seen);
  return seen;
}

const core = reach(path.join(dist, 'browser.js'));
const own = [...reach(path.join(dist, 'interop', 'browser.js'))].filter((f) => !core.has(f));
const bytes = Buffer.concat(own.map((f) => readFileSync(f)));
const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
for (const f of own) console.log(`  ${path.relative(dist, f)}: ${kB(readFileSync(f).length)}`);
console.log(`deltaprop/interop (browser) beyond the core: ${own.length} files, ${kB(bytes.length)} raw, ${kB(gzipSync(bytes, { level: 9 }).length)} gzip`);
const leaked = [...core].filter((f) => path.relative(dist, f).startsWith(`interop${path.sep}`));
if (leaked.length) {
  console.error(`the core entry reaches interop files: ${leaked.join(', ')}`);
  process.exit(1);
}

// The same files as a minifying bundler emits them: one chunk, the core left outside.
const { build } = await import('vite');
const interopDir = path.join(dist, 'interop');
const output = await build({
  logLevel: 'silent',
  configFile: false,
  build: {
    write: false,
    minify: true,
    lib: { entry: path.join(interopDir, 'browser.js'), formats: ['es'], fileName: 'interop' },
    rollupOptions: {
      external: (id, importer) => {
        const file = id.startsWith('.') && importer ? path.resolve(path.dirname(importer), id) : id;
        return !file.startsWith(interopDir + path.sep);
      },
    },
  },
});
const chunk = (Array.isArray(output) ? output[0] : output).output.find((o) => o.type === 'chunk');
console.log(`minified by vite ${(await import('vite')).version}: ${kB(chunk.code.length)} raw, ${kB(gzipSync(chunk.code, { level: 9 }).length)} gzip`);
