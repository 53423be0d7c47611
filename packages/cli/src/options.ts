/**
 * Parsers for option values. Each refuses a bad value with a message that names the
 * option, what it got and what it takes; commander reports it as a usage error.
 */
import { InvalidArgumentError } from 'commander';

export function integer(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (text: string): number => {
    const v = Number(text);
    if (text.trim() === '' || !Number.isInteger(v) || v < min || v > max) {
      throw new InvalidArgumentError(`must be a whole number${max === Number.MAX_SAFE_INTEGER ? ` ≥ ${min}` : ` from ${min} to ${max}`}.`);
    }
    return v;
  };
}

/** A number in [min, max) (or [min, max] when `closed`). */
export function fraction(min: number, max: number, closed = false) {
  return (text: string): number => {
    const v = Number(text);
    if (text.trim() === '' || !Number.isFinite(v) || v < min || (closed ? v > max : v >= max)) {
      throw new InvalidArgumentError(`must be a number from ${min} to ${closed ? '' : 'below '}${max}.`);
    }
    return v;
  };
}

export function positive(text: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v <= 0) throw new InvalidArgumentError('must be a number greater than 0.');
  return v;
}

/** `32,16` → [32, 16]: the hidden layers' sizes, input and output sizes come from the data. */
export function layerList(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  const sizes = parts.map(Number);
  if (text.trim() === '' || !sizes.every((s) => Number.isInteger(s) && s >= 1 && s <= 1 << 16)) {
    throw new InvalidArgumentError('must be hidden layer sizes separated by commas, each a whole number ≥ 1 (for example 32,16).');
  }
  return sizes;
}

/** `a,b` → ['a', 'b']. */
export function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function threads(text: string): number | 'auto' {
  if (text === 'auto') return 'auto';
  return integer(1, 64)(text);
}

/** `balanced`, or `fog=4,snow=4`: the weight of each named class in the loss (the others weigh 1). */
export function classWeights(text: string): 'balanced' | Record<string, number> {
  if (text.trim() === 'balanced') return 'balanced';
  const weights: Record<string, number> = Object.create(null);
  for (const pair of text.split(',')) {
    const at = pair.lastIndexOf('=');
    const name = pair.slice(0, at).trim();
    const w = Number(pair.slice(at + 1));
    if (at < 0 || name === '' || pair.slice(at + 1).trim() === '' || !Number.isFinite(w) || w < 0 || Object.hasOwn(weights, name)) {
      throw new InvalidArgumentError(
        `must be 'balanced' or class=weight pairs separated by commas, each class once, each weight a number ≥ 0 (for example fog=4,snow=4); got '${pair}'.`,
      );
    }
    weights[name] = w;
  }
  return weights;
}
