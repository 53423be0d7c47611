// Copies Papa Parse into dist/vendor as an ES module, so that the installed package
// needs no runtime dependency for its CSV reader (deltaprop/data imports it; the core
// entry never does). papaparse.min.js is a UMD bundle: given a `module` object it
// assigns Papa to module.exports, which the wrapper then default-exports. Its licence
// header stays at the top and its LICENSE file goes beside it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = dirname(require.resolve('papaparse/package.json'));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const source = readFileSync(join(root, 'papaparse.min.js'), 'utf8');
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'vendor');
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'papaparse.js'),
  `${source.match(/^\/\*[\s\S]*?\*\//)[0]}\n` +
    `// Papa Parse ${version} (MIT, see papaparse.LICENSE), wrapped as an ES module by deltaprop's build.\n` +
    'const module = { exports: {} };\nconst exports = module.exports;\n' +
    `${source}\n` +
    'export default module.exports;\n',
);
writeFileSync(join(out, 'papaparse.LICENSE'), readFileSync(join(root, 'LICENSE'), 'utf8'));
