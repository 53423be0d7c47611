#!/usr/bin/env node
// Run once before the test suite (the root package's `pretest`): finds Chromium or
// installs it, or stops `npm test` at once with one line saying what to install.
import { ensureChromium } from './index.mjs';

try {
  ensureChromium();
} catch (error) {
  console.error(`npm test: ${error.message}`);
  process.exit(1);
}
