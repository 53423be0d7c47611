/**
 * The packages as a user gets them, following the README's "Install" section word
 * for word: `npm run pack` in the clone (this workspace), then its `npm install` line
 * in a fresh `npm init -y` project beside the clone, where the README's first example
 * (saved as index.mjs) and its CommonJS example (saved as index.js) must run. Then a
 * second project uses the same tarballs the other ways the README promises — Node
 * ESM, CommonJS require(), strict TypeScript, and a Vite production build in
 * Chromium — and what a browser downloads is checked against the size budget.
 *
 * The packages must be built first (`npm test` from the root does it through
 * turbo's `^build`). KEEP_CONSUMER_PROJECT=1 keeps the temporary project.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from '@deltaprop/test-browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relaxedSimdFlags } from '../../../scripts/v8-flags.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const workspace = resolve(here, '..');
const root = resolve(workspace, '../..');
const fixtures = join(workspace, 'fixtures');
const require = createRequire(import.meta.url);
const viteBin = join(dirname(require.resolve('vite/package.json')), 'bin/vite.js');
const tscBin = join(dirname(require.resolve('typescript/package.json')), 'bin/tsc');

/**
 * Gzip budget for what a page that trains and predicts downloads of the library: the
 * page's JavaScript chunks (the team worker's small chunk included: a page that trains
 * on several threads loads it) and one .wasm (the largest; a page fetches one build).
 */
const BUDGET_GZIP = 60_000;
/**
 * A page that also calls trainInWorker downloads the worker's chunk, which carries the
 * library again (a worker cannot share the page's modules): everything, with its own
 * ceiling so that growth there is seen too.
 */
const BUDGET_WITH_WORKER_GZIP = 80_000;
/** The chunk Vite emits for trainInWorker's worker (src/worker/entry.browser.ts). */
const isTrainingWorker = (file: string) => /^entry\.browser-[\w-]+\.js$/.test(file);

interface PackResult {
  name: string;
  version: string;
  filename: string;
  size: number;
  files: { path: string }[];
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of a user's shell: none of the npm settings of the `npm test` that started us. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    const key = k.toLowerCase();
    if (key.startsWith('npm_') && !['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig'].includes(key)) continue;
    if (key === 'node_options' || key.startsWith('vitest') || key === 'turbo_hash') continue;
    env[k] = v;
  }
  return env;
}

function run(cmd: string, args: string[], cwd: string, timeout = 120_000, env = userEnv()): Promise<Run> {
  return new Promise((done) => {
    execFile(cmd, args, { cwd, env, timeout, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

async function ok(cmd: string, args: string[], cwd: string, timeout?: number, env?: NodeJS.ProcessEnv): Promise<Run> {
  const r = await run(cmd, args, cwd, timeout, env);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited with ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;

/** The fenced blocks of one `## heading` section of the README, with their language. */
function readmeBlocks(heading: string): { lang: string; code: string }[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const at = readme.indexOf(`\n## ${heading}\n`);
  if (at < 0) throw new Error(`README.md has no "## ${heading}" section`);
  const end = readme.indexOf('\n## ', at + 1);
  const section = readme.slice(at, end < 0 ? undefined : end);
  return [...section.matchAll(/```(\w*)\r?\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}

/** What one tarball holds, read from the tarball itself. */
async function describeTarball(file: string): Promise<PackResult> {
  const listing = await ok('tar', ['-tzf', file], root);
  const manifest = JSON.parse((await ok('tar', ['-xzOf', file, 'package/package.json'], root)).stdout);
  return {
    name: manifest.name,
    version: manifest.version,
    filename: file.split(sep).at(-1)!,
    size: statSync(file).size,
    files: listing.stdout
      .split('\n')
      .filter(Boolean)
      .map((path) => ({ path: path.replace(/^package\//, '') })),
  };
}

let project = '';
let packs: PackResult[] = [];
let tarballs: string[] = [];

beforeAll(async () => {
  for (const f of ['packages/kernels/dist/node.js', 'packages/kernels/dist/deltaprop-simd.wasm', 'packages/deltaprop/dist/index.js']) {
    if (!existsSync(join(root, f))) throw new Error(`${f} is missing: build the packages first (npm test from the root builds them)`);
  }
  project = mkdtempSync(join(tmpdir(), 'deltaprop-consumer-'));

  // The README's install section: an `npm install deltaprop` for after the release, the
  // clone's commands, and the project's one install of both tarballs.
  const [registry, clone, install, ...more] = readmeBlocks('Install').filter((b) => b.lang === 'sh');
  expect(more).toEqual([]);
  expect(registry?.code.trim()).toBe('npm install deltaprop');
  const cloneLines = clone!.code.trim().split('\n');
  expect(cloneLines[0]).toMatch(/^git clone \S+\/deltaprop\.git$/);
  // This workspace is that clone, already installed by `npm ci`: what follows runs here as written.
  const inClone = cloneLines[1]!.match(/^cd deltaprop && npm ci && (.+)$/);
  expect(inClone, `the second line of the clone block: ${cloneLines[1]}`).not.toBeNull();
  await ok('sh', ['-c', inClone![1]!], root, 170_000);
  tarballs = readdirSync(join(root, 'packs'))
    .filter((f) => f.endsWith('.tgz'))
    .map((f) => join(root, 'packs', f));
  packs = await Promise.all(tarballs.map(describeTarball));

  // "In your project beside the clone": ../deltaprop is the clone.
  symlinkSync(root, join(project, 'deltaprop'));
  const newcomer = join(project, 'newcomer');
  mkdirSync(newcomer);
  await ok(npm, ['init', '-y'], newcomer);
  // npm_config_offline: the README's command as written, with nothing from the registry.
  await ok('sh', ['-c', install!.code.trim()], newcomer, 150_000, { ...userEnv(), npm_config_offline: 'true' });

  const app = join(project, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'fresh-app', version: '1.0.0', private: true, type: 'module' }, null, 2));
  // Both tarballs in one install, and --offline: nothing may come from the registry.
  await ok(npm, ['install', '--offline', '--no-audit', '--no-fund', ...tarballs], app, 150_000);
  cpSync(fixtures, app, { recursive: true });
}, 360_000);

afterAll(() => {
  if (project && !process.env.KEEP_CONSUMER_PROJECT) rmSync(project, { recursive: true, force: true });
  else if (project) console.log(`consumer project kept at ${project}`);
});

const app = () => join(project, 'app');

describe("the README's install section, in an `npm init -y` project", () => {
  const newcomer = () => join(project, 'newcomer');
  /** `console.log(loss, predictions)`: the numbers it printed, in order. */
  const numbers = (stdout: string) => [...stdout.matchAll(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g)].map((m) => Number(m[0]));

  it('installed both packages from the tarballs of `npm run pack`', () => {
    const manifest = JSON.parse(readFileSync(join(newcomer(), 'package.json'), 'utf8'));
    expect(manifest.type).toBe('commonjs');
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['@deltaprop/kernels', 'deltaprop']);
    for (const spec of Object.values(manifest.dependencies)) expect(spec).toMatch(/^file:\.\.\/deltaprop\/packs\/deltaprop-.*\.tgz$/);
  });

  it("runs the README's first example saved as index.mjs", async () => {
    const first = /```js\r?\n([\s\S]*?)```/.exec(readFileSync(join(root, 'README.md'), 'utf8'))![1]!;
    writeFileSync(join(newcomer(), 'index.mjs'), first);
    const r = await ok(process.execPath, ['index.mjs'], newcomer());
    const [loss, p01, p11] = numbers(r.stdout);
    expect(loss, r.stdout).toBeLessThan(0.05);
    expect([Math.round(p01!), Math.round(p11!)], r.stdout).toEqual([1, 0]);
  });

  it("runs the README's CommonJS example saved as index.js", async () => {
    const [cjs, ...others] = readmeBlocks('Install').filter((b) => b.lang === 'js');
    expect(others).toEqual([]);
    expect(cjs!.code).toMatch(/require\('deltaprop'\)/);
    writeFileSync(join(newcomer(), 'index.js'), cjs!.code);
    const r = await ok(process.execPath, ['index.js'], newcomer());
    const [loss, p01, p11] = numbers(r.stdout);
    expect(loss, r.stdout).toBeLessThan(0.05);
    expect([Math.round(p01!), Math.round(p11!)], r.stdout).toEqual([1, 0]);
  });
});

describe('the packed tarballs', () => {
  it('hold the built code, the types, the four .wasm builds, the README and the LICENSE — and no tests', () => {
    const byName = new Map(packs.map((p) => [p.name, p]));
    const kernels = byName.get('@deltaprop/kernels')!;
    const deltaprop = byName.get('deltaprop')!;
    const kernelFiles = kernels.files.map((f) => f.path);
    const apiFiles = deltaprop.files.map((f) => f.path);
    for (const f of [
      'dist/node.js',
      'dist/browser.js',
      'dist/node.d.ts',
      'dist/deltaprop-simd.wasm',
      'dist/deltaprop-relaxed.wasm',
      'dist/deltaprop-simd-threads.wasm',
      'dist/deltaprop-relaxed-threads.wasm',
      'README.md',
      'LICENSE',
      'package.json',
    ]) {
      expect(kernelFiles).toContain(f);
    }
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'README.md', 'LICENSE', 'package.json']) expect(apiFiles).toContain(f);
    for (const f of [...kernelFiles, ...apiFiles]) expect(f).not.toMatch(/\.test\.|(^|\/)test\//);
    // The installed kernels are the tarball's, at the version deltaprop depends on.
    const installed = JSON.parse(readFileSync(join(app(), 'node_modules/@deltaprop/kernels/package.json'), 'utf8'));
    const api = JSON.parse(readFileSync(join(app(), 'node_modules/deltaprop/package.json'), 'utf8'));
    expect(api.dependencies['@deltaprop/kernels']).toBe(installed.version);
    expect(existsSync(join(app(), 'node_modules/deltaprop/node_modules'))).toBe(false);
    // The package README shows the same example as the repository's README (run below).
    const firstJs = (md: string) => /```js\r?\n([\s\S]*?)```/.exec(md)?.[1];
    const packageReadme = readFileSync(join(app(), 'node_modules/deltaprop/README.md'), 'utf8');
    expect(firstJs(packageReadme)).toBe(firstJs(readFileSync(join(root, 'README.md'), 'utf8')));
    for (const p of packs) console.log(`packed ${p.name}@${p.version}: ${kB(p.size)} (${p.files.length} files)`);
  });
});

describe('Node', () => {
  const readmeExample = () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const block = /```js\r?\n([\s\S]*?)```/.exec(readme);
    if (!block) throw new Error('README.md has no ```js block');
    return block[1]!;
  };
  const check = `
;{
  const p = net.predict([[0, 1], [1, 1]]);
  console.log('CHECK ' + JSON.stringify({ engine: net.engine, prediction: p, loss: history.loss.at(-1) }));
}
`;

  it.each([
    // Node 20 validates relaxed SIMD only behind the flag, which Node 24 refuses (relaxed
    // SIMD is on there by default); without it either build may run.
    ['default flags', [] as string[], /^wasm-(relaxed-)?simd$/],
    ['relaxed SIMD enabled', relaxedSimdFlags(), /^wasm-relaxed-simd$/],
  ])("runs the README's example verbatim as ESM and learns XOR (%s)", async (_, flags, engine) => {
    writeFileSync(join(app(), 'readme-example.mjs'), readmeExample() + check);
    const r = await ok(process.execPath, [...flags, 'readme-example.mjs'], app());
    const line = r.stdout.split('\n').find((l) => l.startsWith('CHECK '));
    expect(line, r.stdout + r.stderr).toBeDefined();
    const result = JSON.parse(line!.slice(6)) as { engine: string; prediction: number[][]; loss: number };
    expect(result.engine).toMatch(engine);
    expect(result.prediction.map((row) => Math.round(row[0]!))).toEqual([1, 0]);
    expect(result.loss).toBeLessThan(0.05);
  });

  it('uses the optional entries deltaprop/data and deltaprop/interop from the tarballs alone', async () => {
    // A CSV read by the vendored parser, a model with its preprocessing saved as ONNX and
    // loaded back: the installed package needs nothing but its kernels for either entry.
    const program = `
import { Encoder, Network } from 'deltaprop';
import { readCSV } from 'deltaprop/data';
import { readFile } from 'node:fs/promises';
import { fromONNX, load, save } from 'deltaprop/interop';
const text = 'x,y,label\\n' + Array.from({ length: 40 }, (_, i) => \`\${i % 2},\${(i >> 1) % 2},\${i % 2 === (i >> 1) % 2 ? 'same' : 'differ'}\`).join('\\n');
const data = await readCSV(text, { target: 'label' });
const encoder = Encoder.fit(data);
const net = await Network.create({ layers: [encoder.inputs, 8, encoder.outputs], activation: ['tanh', 'softmax'], loss: 'cross-entropy', preprocessing: encoder, seed: 2 });
const rows = encoder.transform(data);
await net.train(rows.inputs, rows.targets, { epochs: 300, optimizer: 'adam', learningRate: 0.05 });
await save(net, 'model.onnx');
const loaded = await load('model.onnx');
const onnx = await fromONNX(new Uint8Array(await readFile('model.onnx')));
const answers = (m) => [m.classify({ x: 0, y: 1 }).label, m.classify({ x: 1, y: 1 }).label];
console.log('CHECK ' + JSON.stringify({ loaded: answers(loaded), onnx: answers(onnx) }));
`;
    writeFileSync(join(app(), 'optional-entries.mjs'), program);
    const r = await ok(process.execPath, ['optional-entries.mjs'], app());
    const line = r.stdout.split('\n').find((l) => l.startsWith('CHECK '));
    expect(line, r.stdout + r.stderr).toBeDefined();
    const result = JSON.parse(line!.slice(6)) as { loaded: string[]; onnx: string[] };
    // XOR of x and y: the model read back (found from the content, and as ONNX explicitly)
    // answers raw rows with class names, from the preprocessing in the ONNX metadata.
    expect(result.loaded).toEqual(['differ', 'same']);
    expect(result.onnx).toEqual(['differ', 'same']);
  });

  it('works from CommonJS require()', async () => {
    const r = await ok(process.execPath, ['require.cjs'], app());
    const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(result.ok).toBe(true);
    expect(result.engine).toMatch(/^wasm-(relaxed-)?simd$/);
  });
});

describe('TypeScript', () => {
  it.each(['bundler', 'nodenext'])('type-checks a strict consumer (moduleResolution %s)', async (mode) => {
    const r = await run(process.execPath, [tscBin, '-p', `tsconfig.${mode}.json`], app());
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('type-checks a Node-only consumer (lib ES2022 and @types/node, no DOM library)', async () => {
    const config = {
      extends: './tsconfig.nodenext.json',
      compilerOptions: { lib: ['ES2022'], types: ['node'], typeRoots: [join(root, 'node_modules', '@types')] },
    };
    writeFileSync(join(app(), 'tsconfig.node.json'), JSON.stringify(config));
    const r = await run(process.execPath, [tscBin, '-p', 'tsconfig.node.json'], app());
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('a Vite build in Chromium', () => {
  let dist = '';
  let context: BrowserContext | undefined;
  const servers: Server[] = [];
  let dev: ChildProcess | undefined;

  beforeAll(async () => {
    const web = join(app(), 'web');
    const built = await ok(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], web, 150_000);
    // Rolldown's [PLUGIN_TIMINGS] note says only that the machine was busy (a plugin's
    // callbacks took over a second); every other line of output is a real warning.
    const warnings = (built.stdout + built.stderr).replace(/\u001b\[[0-9;]*m/g, '').replace(/\[PLUGIN_TIMINGS\][\s\S]*?for more details\.\s*/g, '');
    expect(warnings.trim(), 'vite build warnings').toBe('');
    dist = join(web, 'dist');
    context = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    for (const s of servers) s.close();
    dev?.kill();
  });

  /** A static server for the build; `wasmType` is what it says a .wasm file is. */
  async function serve(wasmType: string): Promise<string> {
    const types: Record<string, string> = {
      '.html': 'text/html; charset=utf-8',
      '.js': 'text/javascript; charset=utf-8',
      '.css': 'text/css; charset=utf-8',
      '.wasm': wasmType,
    };
    const server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
      const file = normalize(join(dist, path.endsWith('/') ? `${path}index.html` : path));
      if (!file.startsWith(dist + sep) || !existsSync(file)) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    });
    servers.push(server);
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    return `http://127.0.0.1:${address.port}/`;
  }

  /** Loads the page, waits for its result and checks it; returns the .wasm responses as "file content-type". */
  async function checkPage(url: string, label: string): Promise<string[]> {
    const page = await context!.newPage();
    const problems: string[] = [];
    const wasm: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
      if (new URL(r.url()).pathname.endsWith('.wasm')) wasm.push(`${new URL(r.url()).pathname.split('/').at(-1)} ${r.headers()['content-type']}`);
    });
    try {
      await page.goto(url);
      const out = page.locator('#out[data-state]');
      await out.waitFor({ timeout: 60_000 });
      const text = await out.textContent();
      expect(await out.getAttribute('data-state'), text ?? '').toBe('done');
      const result = JSON.parse(text!) as {
        prediction: number[];
        engine: string;
        plainEngine: string;
        plainPrediction: number;
        workerPrediction: number[];
        workerEpochs: number;
        info: { relaxedSimd: boolean };
      };
      expect(result.prediction.map(Math.round)).toEqual([1, 0]);
      expect(result.engine).toBe(result.info.relaxedSimd ? 'wasm-relaxed-simd' : 'wasm-simd');
      expect(result.plainEngine).toBe('wasm-simd');
      expect(Number.isFinite(result.plainPrediction)).toBe(true);
      expect(result.workerPrediction.map(Math.round)).toEqual([1, 0]);
      expect(result.workerEpochs).toBe(2000);
      expect(problems).toEqual([]);
      expect(wasm.length).toBeGreaterThan(0);
      console.log(`${label}: ${result.engine}, prediction ${result.prediction.map((p) => p.toFixed(3)).join(', ')}; fetched ${wasm.join(', ')}`);
      return wasm;
    } finally {
      await page.close();
    }
  }

  it.each(['application/wasm', 'application/octet-stream'])('shows a prediction, with .wasm served as %s', async (wasmType) => {
    const wasm = await checkPage(await serve(wasmType), wasmType);
    for (const w of wasm) expect(w).toContain(wasmType);
  });

  it('shows a prediction from the Vite dev server', async () => {
    const port = await new Promise<number>((found) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => found(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const url = `http://127.0.0.1:${port}/`;
    dev = spawn(process.execPath, [viteBin, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
      cwd: join(app(), 'web'),
      env: userEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    dev.stdout!.on('data', (b) => (log += b));
    dev.stderr!.on('data', (b) => (log += b));
    const deadline = Date.now() + 60_000;
    for (;;) {
      const up = await fetch(url).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (dev.exitCode !== null || Date.now() > deadline) throw new Error(`the Vite dev server did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await checkPage(url, 'vite dev');
  });

  it(`keeps what a page that trains and predicts downloads within ${BUDGET_GZIP / 1000} kB gzip`, () => {
    const assets = join(dist, 'assets');
    const files = readdirSync(assets).filter((f) => f.endsWith('.js') || f.endsWith('.wasm'));
    const sizes = files.map((f) => {
      const bytes = readFileSync(join(assets, f));
      return { file: f, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
    const js = sizes.filter((s) => s.file.endsWith('.js'));
    const page = js.filter((s) => !isTrainingWorker(s.file));
    const worker = js.filter((s) => isTrainingWorker(s.file));
    const wasm = sizes.filter((s) => s.file.endsWith('.wasm'));
    expect(wasm.length, 'the four .wasm builds (plain, relaxed, and their threads builds) are emitted as assets').toBe(4);
    expect(worker.length, "trainInWorker's worker is one chunk of its own").toBe(1);
    const sum = (list: typeof sizes, key: 'raw' | 'gzip') => list.reduce((a, s) => a + s[key], 0);
    for (const s of sizes) console.log(`  ${s.file}: ${kB(s.raw)}, ${kB(s.gzip)} gzip`);
    const oneWasm = Math.max(...wasm.map((s) => s.gzip));
    const pageTotal = sum(page, 'gzip') + oneWasm;
    const withWorker = pageTotal + sum(worker, 'gzip');
    console.log(
      `a page that trains and predicts: JS ${kB(sum(page, 'gzip'))} gzip + one .wasm ${kB(oneWasm)} gzip = ${kB(pageTotal)} (budget ${kB(BUDGET_GZIP)}); ` +
        `with trainInWorker's chunk ${kB(withWorker)} (ceiling ${kB(BUDGET_WITH_WORKER_GZIP)}); every asset of the build ${kB(sum(sizes, 'gzip'))} gzip`,
    );
    expect(pageTotal).toBeLessThanOrEqual(BUDGET_GZIP);
    expect(withWorker).toBeLessThanOrEqual(BUDGET_WITH_WORKER_GZIP);
  });
});
