/**
 * Serving dist/ and driving Debian's Chromium with playwright-core, shared by the
 * browser tests. `turbo run test` builds dist/ first; `npm run build` does it by hand.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
// @ts-expect-error: a plain .mjs script without type declarations
import { serve, DIST } from '../scripts/serve.mjs';
import { CHROMIUM_ARGS, requireChromium } from '@deltaprop/test-browser';

const CHROMIUM = requireChromium();
const ROOT = process.env.DEMO_DIST ?? DIST;

export interface Browser {
  base: string;
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors, failed requests and HTTP errors seen so far. */
  problems: string[];
  close(): Promise<void>;
}

export async function openDemo(viewport = { width: 1280, height: 900 }): Promise<Browser> {
  if (!existsSync(path.join(ROOT, 'index.html'))) {
    throw new Error('dist/ is missing: run `npm run build` in apps/demo (turbo runs it before this test)');
  }
  const started = (await serve({ root: ROOT, port: 0 })) as { server: Server; port: number };
  const base = `http://127.0.0.1:${started.port}/`;
  const profile = mkdtempSync(path.join(tmpdir(), 'deltaprop-demo-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport,
    deviceScaleFactor: 1,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return {
    base,
    context,
    page,
    problems,
    async close() {
      await context.close();
      await new Promise((resolve) => started.server.close(resolve));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
