/**
 * The browser finder's decisions, checked against made-up file systems (an
 * `isExecutable` over a set of paths) so that nothing here depends on, or changes,
 * the browser installed on this machine; then one real launch.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { canInstall, ensureChromium, findChromium, INSTALL_HINT, launchChromium, requireChromium } from '../index.mjs';

const files = (...paths) => {
  const set = new Set(paths);
  return (path) => set.has(path);
};

describe('findChromium', () => {
  it('takes CHROMIUM_PATH before anything on PATH', () => {
    const isExecutable = files('/opt/mine/chrome', '/usr/bin/chromium');
    expect(findChromium({ env: { CHROMIUM_PATH: '/opt/mine/chrome', PATH: '/usr/bin' }, isExecutable })).toBe('/opt/mine/chrome');
  });

  it('refuses a CHROMIUM_PATH that names no executable, naming it, instead of falling back', () => {
    const isExecutable = files('/usr/bin/chromium');
    expect(() => findChromium({ env: { CHROMIUM_PATH: '/opt/typo/chrom', PATH: '/usr/bin' }, isExecutable })).toThrow(
      /^CHROMIUM_PATH=\/opt\/typo\/chrom is not an executable file/,
    );
  });

  it("prefers Debian's chromium, then Ubuntu's chromium-browser, then Chrome, searching PATH in order", () => {
    const env = { PATH: '/a:/b' };
    expect(findChromium({ env, isExecutable: files('/b/chromium', '/a/google-chrome') })).toBe('/b/chromium');
    expect(findChromium({ env, isExecutable: files('/a/chromium-browser', '/a/google-chrome') })).toBe('/a/chromium-browser');
    expect(findChromium({ env, isExecutable: files('/b/google-chrome') })).toBe('/b/google-chrome');
  });

  it('looks at the usual install paths when PATH has none', () => {
    expect(findChromium({ env: { PATH: '/nowhere' }, isExecutable: files('/opt/google/chrome/chrome') })).toBe('/opt/google/chrome/chrome');
  });

  it('returns null when there is no browser, and requireChromium says in one line what to install', () => {
    const options = { env: { PATH: '/a:/b' }, isExecutable: files() };
    expect(findChromium(options)).toBeNull();
    expect(() => requireChromium(options)).toThrow(INSTALL_HINT);
    expect(INSTALL_HINT).not.toContain('\n');
    expect(INSTALL_HINT).toMatch(/apt-get install chromium/);
    expect(INSTALL_HINT).toMatch(/CHROMIUM_PATH/);
  });
});

describe('canInstall', () => {
  it('installs only as root with apt-get on PATH', () => {
    const env = { PATH: '/usr/bin' };
    expect(canInstall({ env, uid: 0, isExecutable: files('/usr/bin/apt-get') })).toBe(true);
    expect(canInstall({ env, uid: 1000, isExecutable: files('/usr/bin/apt-get') })).toBe(false);
    expect(canInstall({ env, uid: 0, isExecutable: files() })).toBe(false);
  });
});

describe('ensureChromium', () => {
  it('uses the browser it finds and installs nothing', () => {
    const calls = [];
    expect(ensureChromium({ find: () => '/usr/bin/chromium', mayInstall: () => true, aptGet: (a) => calls.push(a), log: () => {} })).toBe('/usr/bin/chromium');
    expect(calls).toEqual([]);
  });

  it("installs Debian's chromium with apt-get when there is none and it may, then finds it", () => {
    const calls = [];
    let installed = false;
    const path = ensureChromium({
      find: () => (installed ? '/usr/bin/chromium' : null),
      mayInstall: () => true,
      aptGet: (args) => {
        calls.push(args.join(' '));
        if (args[0] === 'install') installed = true;
        return 0;
      },
      log: () => {},
    });
    expect(path).toBe('/usr/bin/chromium');
    expect(calls).toEqual(['update -qq', 'install -y -qq --no-install-recommends chromium']);
  });

  it('stops with the install hint when it may not install, and says which apt-get step failed', () => {
    expect(() => ensureChromium({ find: () => null, mayInstall: () => false, aptGet: () => 0, log: () => {} })).toThrow(INSTALL_HINT);
    expect(() => ensureChromium({ find: () => null, mayInstall: () => true, aptGet: (args) => (args[0] === 'update' ? 100 : 0), log: () => {} })).toThrow(
      /^apt-get update -qq failed \(exit 100\); no Chromium found/,
    );
  });
});

describe('the pretest step', () => {
  it('stops with one line and exit code 1 when CHROMIUM_PATH names nothing', () => {
    const script = fileURLToPath(new URL('../ensure.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [script], { env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' }, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      'npm test: CHROMIUM_PATH=/nonexistent/chromium is not an executable file: point it at a Chromium or Chrome binary, or unset it',
    ]);
  });
});

describe('launchChromium', () => {
  it('starts the browser it finds and runs WebAssembly SIMD in a page', async () => {
    const context = await launchChromium();
    try {
      const page = await context.newPage();
      // v128.const + drop: the smallest module that validates only with SIMD.
      const simd = await page.evaluate(() =>
        WebAssembly.validate(
          new Uint8Array([
            0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 23, 1, 21, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 26, 11,
          ]),
        ),
      );
      expect(simd).toBe(true);
      expect(context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent))).toMatch(/\d+\./);
    } finally {
      await context.close();
    }
  });
});
