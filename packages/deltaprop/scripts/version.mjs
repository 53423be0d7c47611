// Writes the package's version (package.json, which `changeset version` bumps) into
// src/interop/version.ts, so that exported files name the deltaprop that wrote them
// (ONNX producer_version, TF.js generatedBy) in Node and in browsers alike. Runs
// before every build (npm's prebuild); writes only when the version changed.
import { readFileSync, writeFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const file = new URL('../src/interop/version.ts', import.meta.url);
const text = `/** The package version, written from package.json by scripts/version.mjs before each build. */\nexport const VERSION = '${version}';\n`;
let old = '';
try {
  old = readFileSync(file, 'utf8');
} catch {}
if (old !== text) writeFileSync(file, text);
