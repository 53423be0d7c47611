#!/usr/bin/env node
import { main } from '../dist/main.js';

// A reader that stops early (`deltaprop predict … | head`) closes the pipe: that is
// the reader's choice, not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
process.exitCode = await main(process.argv);
