/**
 * The family tables and the kernels' enums are one list: every value of the
 * Activation, Loss and Optimizer enums (packages/kernels/src/codes.ts) has exactly
 * one table entry and every entry's code is a value of its enum. A code added on
 * one side only fails here, not as a silently wrong computation.
 */
import { describe, expect, it } from 'vitest';
import { Activation, Loss, Optimizer } from '@deltaprop/kernels';
import { activationNames, initNames, lossNames, optimizerNames } from '../src/index.js';
import { activations, initialisers, losses, optimizers } from '../src/families/index.js';

const values = (e: Record<string, string | number>) => Object.values(e).filter((v): v is number => typeof v === 'number');

describe.each([
  ['activations', Activation, activations],
  ['losses', Loss, losses],
  ['optimizers', Optimizer, optimizers],
] as const)('the %s table and its enum', (_, codes, table) => {
  const entries = Object.entries(table as Record<string, { code: number }>);
  it('every enum value has exactly one entry', () => {
    for (const code of values(codes))
      expect(
        entries.filter(([, e]) => e.code === code).map(([n]) => n),
        `code ${code} (${codes[code as keyof typeof codes]})`,
      ).toHaveLength(1);
  });
  it('every entry has a value of the enum', () => {
    for (const [name, e] of entries) expect(values(codes), name).toContain(e.code);
  });
});

describe('the name lists of the package entry', () => {
  it('are the tables’ names, in table order', () => {
    expect(activationNames).toEqual(Object.keys(activations));
    expect(lossNames).toEqual(Object.keys(losses));
    expect(optimizerNames).toEqual(Object.keys(optimizers));
    expect(initNames).toEqual(['auto', ...Object.keys(initialisers)]);
  });
});
