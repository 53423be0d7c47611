/**
 * Where the browser tests find Chromium, and how they launch it.
 *
 * Order: $CHROMIUM_PATH (an error if it names nothing runnable: a typo should not
 * fall back silently), then Debian's `chromium`, Ubuntu's `chromium-browser`, Google
 * Chrome, looked up on $PATH and at their usual install paths. No browser is ever
 * downloaded by npm: playwright-core drives the system's Chromium.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Executable names tried on $PATH, then absolute paths, in this order. */
export const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
export const KNOWN_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/opt/google/chrome/chrome', '/snap/bin/chromium'];

/** The one line a test prints when there is no browser and none could be installed. */
export const INSTALL_HINT =
  'no Chromium found for the browser tests: install it (Debian: apt-get install chromium; Ubuntu: apt-get install chromium-browser; or Google Chrome) or set CHROMIUM_PATH to a Chromium or Chrome executable';

export class ChromiumNotFound extends Error {
  constructor(message = INSTALL_HINT) {
    super(message);
    this.name = 'ChromiumNotFound';
  }
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The path of a Chromium or Chrome executable, or null when there is none.
 * `env` and `isExecutable` are parameters so that the search can be tested without
 * touching the machine's browser.
 */
export function findChromium({ env = process.env, isExecutable = executable } = {}) {
  const chosen = env.CHROMIUM_PATH;
  if (chosen) {
    if (!isExecutable(chosen))
      throw new ChromiumNotFound(`CHROMIUM_PATH=${chosen} is not an executable file: point it at a Chromium or Chrome binary, or unset it`);
    return chosen;
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of CANDIDATES) {
    for (const dir of dirs) {
      const path = join(dir, name);
      if (isExecutable(path)) return path;
    }
  }
  for (const path of KNOWN_PATHS) if (isExecutable(path)) return path;
  return null;
}

/** Like findChromium, but throws the one-line install hint when there is no browser. */
export function requireChromium(options) {
  const path = findChromium(options);
  if (!path) throw new ChromiumNotFound();
  return path;
}

/** Whether this process may install Debian's chromium itself: root, with apt-get on $PATH. */
export function canInstall({ env = process.env, isExecutable = executable, uid = process.getuid?.() } = {}) {
  if (uid !== 0) return false;
  return (env.PATH ?? '').split(delimiter).some((dir) => isExecutable(join(dir, 'apt-get')));
}

/**
 * Finds Chromium, or installs Debian's `chromium` package where this process can
 * (root with apt-get: a fresh container or CI machine), or throws the install hint.
 * Called once per `npm test` (the root `pretest` script), never by the tests
 * themselves, so parallel test files do not race to install it.
 */
export function ensureChromium({
  log = (line) => console.log(line),
  find = () => findChromium(),
  mayInstall = () => canInstall(),
  aptGet = (args) => spawnSync('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, stdio: ['ignore', 'ignore', 'inherit'] }).status,
} = {}) {
  const found = find();
  if (found) return found;
  if (!mayInstall()) throw new ChromiumNotFound();
  log('no Chromium found: installing Debian’s chromium with apt-get (once; the browser tests need it)');
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', 'chromium'],
  ]) {
    const status = aptGet(args);
    if (status !== 0) throw new ChromiumNotFound(`apt-get ${args.join(' ')} failed (exit ${status}); ${INSTALL_HINT}`);
  }
  const installed = find();
  if (!installed) throw new ChromiumNotFound(`apt-get installed chromium, but no executable was found afterwards; ${INSTALL_HINT}`);
  return installed;
}

/**
 * Flags for a headless Chromium run as root in a container on a closed network:
 * without the networking ones it floods the network with refused connections.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * A headless Chromium with a fresh profile (removed again on close). `options` go to
 * playwright's launchPersistentContext (viewport, deviceScaleFactor, …).
 */
export async function launchChromium(options = {}) {
  const executablePath = requireChromium();
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'deltaprop-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    headless: true,
    ...options,
    executablePath,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
  // The profile goes once the browser has exited (on 'close' Chromium may still be writing to it).
  const close = context.close.bind(context);
  context.close = async (closeOptions) => {
    await close(closeOptions);
    rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  };
  return context;
}
