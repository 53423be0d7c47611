/**
 * The weight initialisers. For a layer with fan_in = s_l inputs and fan_out =
 * s_(l+1) outputs, weights are drawn with the variance of the rule, from a uniform
 * distribution on [−a, a] with a = √(3 · variance), or a normal one. `auto` is the
 * initialiser the layer's activation names (its `init` in activations.ts).
 * From this table come the public name (InitName) and `initNames`.
 */
export interface InitEntry {
  variance(fanIn: number, fanOut: number): number;
  shape: 'uniform' | 'normal';
}

/** Glorot & Bengio 2010. */
const glorot = (fanIn: number, fanOut: number) => 2 / (fanIn + fanOut);
/** He et al. 2015. */
const he = (fanIn: number) => 2 / fanIn;
/** LeCun et al. 1998. */
const lecun = (fanIn: number) => 1 / fanIn;

export const initialisers = {
  'glorot-uniform': { variance: glorot, shape: 'uniform' },
  'glorot-normal': { variance: glorot, shape: 'normal' },
  'he-uniform': { variance: he, shape: 'uniform' },
  'he-normal': { variance: he, shape: 'normal' },
  'lecun-uniform': { variance: lecun, shape: 'uniform' },
  'lecun-normal': { variance: lecun, shape: 'normal' },
} as const satisfies Record<string, InitEntry>;

/** Weight initialisation; `auto` is He for relu-like layers, Glorot for the others (`init` in activations.ts). */
export type InitName = 'auto' | keyof typeof initialisers;
export const initNames = ['auto', ...Object.keys(initialisers)] as readonly InitName[];
