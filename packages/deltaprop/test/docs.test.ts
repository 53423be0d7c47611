/**
 * The API reference: TypeDoc (configured in the repository's typedoc.json) must find
 * a doc comment on every public export of the package entries (deltaprop,
 * deltaprop/data, deltaprop/interop) and on every member of
 * the classes and interfaces it exports, and no broken links. Its validation warnings
 * are errors there, so a new export without a comment fails this test with TypeDoc's
 * own list of what is missing. `npm run docs` writes the same reference as HTML.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const typedoc = join(dirname(createRequire(import.meta.url).resolve('typedoc/package.json')), 'bin/typedoc');

it('documents every public export (typedoc validation, warnings as errors)', async () => {
  const { code, output } = await new Promise<{ code: number; output: string }>((done) => {
    execFile(
      process.execPath,
      [typedoc, '--emit', 'none', '--logLevel', 'Warn'],
      { cwd: root, timeout: 170_000, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
      (error, stdout, stderr) => {
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` });
      },
    );
  });
  expect(output.trim(), 'what TypeDoc found undocumented').toBe('');
  expect(code).toBe(0);
}, 180_000);
