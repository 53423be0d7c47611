/**
 * The interop code stays behind its own entry: the core entries never import it
 * (so a page that only trains and predicts never downloads it), and
 * `deltaprop/interop` resolves to the built entry as a user's import would.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Network } from '../../src/index.js';
import { toONNX, toTFJS } from '../../src/interop/node.js';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

/** The source files `entry` reaches by relative static imports. */
function reach(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(entry, 'utf8');
  for (const [, spec] of code.matchAll(/(?:import|export)\s*(?:[^'";]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+)\.js['"]/g))
    reach(path.resolve(path.dirname(entry), `${spec}.ts`), seen);
  return seen;
}

describe('the deltaprop/interop entry', () => {
  it('is never reached from the core entries', () => {
    for (const entry of ['node.ts', 'browser.ts', 'index.ts']) {
      const files = [...reach(path.join(src, entry))].map((f) => path.relative(src, f));
      expect(files.length, entry).toBeGreaterThan(10);
      expect(
        files.filter((f) => f.startsWith('interop')),
        entry,
      ).toEqual([]);
    }
    // …while the interop entries do reach the core they build networks with.
    expect([...reach(path.join(src, 'interop', 'browser.ts'))].map((f) => path.relative(src, f))).toContain('network.ts');
  });

  it('resolves as `deltaprop/interop` to the built Node entry, which works with the core entry', async () => {
    const resolved = import.meta.resolve('deltaprop/interop');
    expect(resolved).toMatch(/dist\/interop\/node\.js$/);
    const interop = await import('deltaprop/interop');
    const { Network } = await import('deltaprop');
    const net = await Network.create({ layers: [2, 3, 1], seed: 1, backend: 'reference' });
    expect(Object.keys(interop).sort()).toEqual(['formatOf', 'fromONNX', 'fromTFJS', 'load', 'onnxModel', 'save', 'tfjsModel', 'toONNX', 'toTFJS']);
    const back = await interop.load(interop.toONNX(net), { backend: 'reference' });
    expect(back.toJSON()).toEqual(net.toJSON());
  });

  it("adds its functions as methods of Network, which stay out of the object's keys", async () => {
    const net = await Network.create({ layers: [3, 4, 2], activation: ['relu', 'softmax'], loss: 'cross-entropy', seed: 2, backend: 'reference' });
    expect(net.toONNX()).toEqual(toONNX(net));
    expect(net.toTFJS()).toEqual(toTFJS(net));
    expect((await Network.fromONNX(net.toONNX())).toJSON()).toEqual(net.toJSON());
    const t = net.toTFJS();
    expect((await Network.fromTFJS({ modelTopology: t.modelTopology, weightSpecs: t.weightSpecs }, t.weightData, { loss: 'cross-entropy' })).toJSON()).toEqual(
      net.toJSON(),
    );
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'deltaprop-methods-')), 'm.onnx');
    await net.save(file);
    expect((await Network.load(file, { backend: 'reference' })).toJSON()).toEqual(net.toJSON());
    expect(Object.keys(net)).not.toContain('save');
    expect(Object.keys(Network)).toEqual([]);
  });
});
