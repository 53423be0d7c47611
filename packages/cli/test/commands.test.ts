/**
 * The command's surface, end to end through `node bin/deltaprop.js`: help, usage
 * errors and their exit code, `info` on both model formats, and the refusal of
 * missing and corrupt model files.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Network } from 'deltaprop';
import { beforeAll, describe, expect, it } from 'vitest';
import { run, scratch } from './run.js';

/** The commands this package has; each must show up in help with examples. */
const COMMANDS = ['train', 'cross-validate', 'evaluate', 'predict', 'info', 'export'];

let dir: string;
let binary: string;
let json: string;

beforeAll(async () => {
  dir = scratch();
  const net = await Network.create({ layers: [4, 8, 3], activation: ['relu', 'softmax'], loss: 'cross-entropy', seed: 3 });
  binary = path.join(dir, 'model.dpm');
  json = path.join(dir, 'model.json');
  writeFileSync(binary, net.toBinary());
  writeFileSync(json, JSON.stringify(net.toJSON()));
  net.dispose();
});

describe('help and usage', () => {
  it('--help lists every command, examples and the exit codes, and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code, r.stderr).toBe(0);
    for (const command of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toMatch(/^ {2}130 +interrupted/m);
  });

  it('each command has its own help with examples', async () => {
    for (const command of COMMANDS) {
      const r = await run([command, '--help']);
      expect(r.code, command).toBe(0);
      expect(r.stdout, command).toContain(`Usage: deltaprop ${command}`);
      expect(r.stdout, command).toMatch(new RegExp(`Examples:\\n {2}deltaprop ${command} `));
      expect(r.stdout, command).toContain('--json');
    }
  });

  it('an unknown option is a usage error (exit 1) that suggests the right one and points to --help', async () => {
    const r = await run(['info', binary, '--jsno']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("unknown option '--jsno'");
    expect(r.stderr).toContain('Did you mean --json?');
    expect(r.stderr).toContain('deltaprop info --help');
  });

  it('an unknown command and a missing argument are usage errors too', async () => {
    const unknown = await run(['trian', 'data.csv']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("unknown command 'trian'");
    expect(unknown.stderr).toContain('Did you mean train?');
    const missing = await run(['info']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("missing required argument 'model'");
  });

  it('with --json a usage error is one JSON object on standard error', async () => {
    const r = await run(['info', '--json', binary, '--bogus']);
    expect(r.code, r.stderr).toBe(1);
    const error = JSON.parse(r.stderr).error;
    expect(error).toMatchObject({ kind: 'usage', exitCode: 1 });
    expect(error.message).toContain("unknown option '--bogus'");
  });
});

describe('info', () => {
  it('describes a binary model: layers, activations, loss, parameters and size', async () => {
    const r = await run(['info', binary]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('deltaprop binary model');
    expect(r.stdout).toContain(`${readFileSync(binary).length} B`);
    expect(r.stdout).toContain('4 → 8 → 3 neurons, cross-entropy loss, 67 parameters');
    expect(r.stdout).toMatch(/│ 2 +│ 8 +│ relu +│ 32 +│ 8 +│/);
    expect(r.stdout).toMatch(/│ 3 +│ 3 +│ softmax +│ 24 +│ 3 +│/);
  });

  it('--json gives the same facts as one JSON object, for the JSON model file too', async () => {
    const r = await run(['info', json, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({
      format: 'deltaprop-json',
      size: readFileSync(json).length,
      layers: [4, 8, 3],
      activation: ['relu', 'softmax'],
      loss: 'cross-entropy',
      parameters: { total: 67, weights: 56, biases: 11 },
    });
  });
});

describe('bad model files', () => {
  it('a missing model file: exit 3, the path named, how to make one', async () => {
    const r = await run(['info', path.join(dir, 'nope.dpm')]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`the model file ${path.join(dir, 'nope.dpm')} does not exist`);
    expect(r.stderr).toContain('fix: ');
  });

  it('a truncated binary model: exit 3 with CORRUPT_MODEL (in --json)', async () => {
    const cut = path.join(dir, 'cut.dpm');
    writeFileSync(cut, readFileSync(binary).subarray(0, 200));
    const r = await run(['info', cut]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('damaged');
    const j = await run(['info', cut, '--json']);
    expect(j.code).toBe(3);
    expect(JSON.parse(j.stderr).error).toMatchObject({ kind: 'model', code: 'CORRUPT_MODEL' });
  });

  it('a JSON model with a wrong field and a file that is no model at all: exit 3, saying what is wrong', async () => {
    const edited = path.join(dir, 'edited.json');
    const model = JSON.parse(readFileSync(json, 'utf8'));
    model.weights[1].pop();
    writeFileSync(edited, JSON.stringify(model));
    const r = await run(['info', edited]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('weights[1] has 23 values');
    const csv = path.join(dir, 'data.csv');
    writeFileSync(csv, 'a,b\n1,2\n');
    const notModel = await run(['info', csv]);
    expect(notModel.code).toBe(3);
    expect(notModel.stderr).toContain('not a deltaprop (JSON or binary), TF.js or ONNX model');
  });
});
