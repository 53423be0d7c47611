/**
 * Assertions several test files share: a call refused with a DeltapropError of a
 * given code and message, and rows of outputs equal to others within a tolerance.
 */
import { expect } from 'vitest';
import { DeltapropError, type ErrorCode } from '../src/index.js';

/** `fn()` throws a DeltapropError with this code, its message matching `message`. */
export function expectError(fn: () => unknown, code: ErrorCode, message: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a DeltapropError').toBeInstanceOf(DeltapropError);
  expect((caught as DeltapropError).code).toBe(code);
  expect((caught as DeltapropError).message).toMatch(message);
}

/** `p` rejects with a DeltapropError with this code, its message matching `message`. */
export async function expectRejection(p: Promise<unknown>, code: ErrorCode, message: RegExp): Promise<void> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, 'expected a DeltapropError').toBeInstanceOf(DeltapropError);
  expect((e as DeltapropError).code).toBe(code);
  expect((e as DeltapropError).message).toMatch(message);
}

/** Same shape, and no value further than `tolerance` from its counterpart. */
export function expectClose(actual: number[][], wanted: number[][], tolerance: number): void {
  expect(actual.length).toBe(wanted.length);
  let worst = 0;
  actual.forEach((row, r) => {
    expect(row.length).toBe(wanted[r]!.length);
    row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - wanted[r]![j]!))));
  });
  expect(worst).toBeLessThanOrEqual(tolerance);
}
