/**
 * `npm run pack`: both published packages as the tarballs npm would publish, in
 * packs/ at the repository's root (emptied first, so that `npm install
 * <clone>/packs/*.tgz` installs exactly this version of both, in one install, as the
 * kernels must be: deltaprop depends on them by version, and npm would otherwise look
 * for them on the registry). The root script builds these two first (turbo
 * --filter=deltaprop: deltaprop and, as its dependency, the kernels; nothing else, so
 * that a pack run while other packages' tests run never rewrites their dist/).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const packs = fileURLToPath(new URL('../packs/', import.meta.url));

for (const f of (() => {
  try {
    return readdirSync(packs);
  } catch {
    return [];
  }
})()) {
  if (f.endsWith('.tgz')) rmSync(new URL(f, `file://${packs}`));
}
mkdirSync(packs, { recursive: true });
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const out = execFileSync(npm, ['pack', '--json', '--pack-destination', packs, '-w', '@deltaprop/kernels', '-w', 'deltaprop'], { cwd: root, encoding: 'utf8' });
for (const p of JSON.parse(out)) console.log(`packs/${p.filename}  ${p.name}@${p.version}, ${(p.size / 1000).toFixed(1)} kB`);
