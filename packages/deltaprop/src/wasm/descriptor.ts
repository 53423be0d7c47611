/**
 * The one writer (and reader) of the network descriptor on the TypeScript side: the
 * block of words that tells the fused kernels where a network's numbers are. Its
 * fields are named as in the kernels' typed structs (packages/kernels/assembly/
 * descriptor.ts, with the layout drawn there); both sides place them by the word
 * numbers of Slot and LayerSlot (src/codes.ts), which the kernels' build checks
 * against their structs. Addresses are byte offsets; floats are stored as float32.
 */
import { LayerSlot, Slot } from '@deltaprop/kernels';
import type { Kernels } from './kernels.js';

const netFields = {
  layers: Slot.Layers,
  loss: Slot.Loss,
  optimizer: Slot.Optimizer,
  batchCapacity: Slot.BatchCapacity,
  scratch: Slot.Scratch,
  theta: Slot.Theta,
  grad: Slot.Grad,
  moment1: Slot.Moment1,
  moment2: Slot.Moment2,
  thetaLength: Slot.ThetaLength,
  input: Slot.Input,
  target: Slot.Target,
  rng: Slot.Rng,
  step: Slot.Step,
  learningRate: Slot.LearningRate,
  beta1: Slot.Beta1,
  beta2: Slot.Beta2,
  epsilon: Slot.Epsilon,
  weightDecay: Slot.WeightDecay,
  shuffle: Slot.Shuffle,
  failedEpoch: Slot.FailedEpoch,
  dropoutRng: Slot.DropoutRng,
  correct: Slot.Correct,
  weights: Slot.Weights,
} as const;

const layerFields = {
  in: LayerSlot.In,
  out: LayerSlot.Out,
  activation: LayerSlot.Activation,
  W: LayerSlot.W,
  b: LayerSlot.B,
  gradW: LayerSlot.GradW,
  gradB: LayerSlot.GradB,
  T: LayerSlot.T,
  delta: LayerSlot.Delta,
  dropout: LayerSlot.Dropout,
  mask: LayerSlot.Mask,
  dropped: LayerSlot.Dropped,
  U: LayerSlot.U,
} as const;

/** The fields that hold a float32; every other holds a uint32 (a count, a code, an address or a generator's state). */
const reals: ReadonlySet<string> = new Set(['learningRate', 'beta1', 'beta2', 'epsilon', 'weightDecay', 'dropout']);

export type NetField = keyof typeof netFields;
export type LayerField = keyof typeof layerFields;

export class Descriptor {
  /** Bytes of the descriptor of a network with L weight layers. */
  static bytes(L: number): number {
    return (Slot.Header + L * LayerSlot.Stride) * 4;
  }

  constructor(
    private readonly k: Kernels,
    /** Byte offset of the descriptor in linear memory. */
    readonly at: number,
  ) {}

  /** Writes the given header fields. */
  set(values: Partial<Record<NetField, number>>): void {
    for (const [field, value] of Object.entries(values) as [NetField, number][]) this.put(netFields[field], reals.has(field), value);
  }

  /** Writes the given fields of weight layer l (0-based). */
  setLayer(l: number, values: Partial<Record<LayerField, number>>): void {
    for (const [field, value] of Object.entries(values) as [LayerField, number][])
      this.put(Slot.Header + l * LayerSlot.Stride + layerFields[field], reals.has(field), value);
  }

  get(field: NetField): number {
    return this.take(netFields[field], reals.has(field));
  }

  getLayer(l: number, field: LayerField): number {
    return this.take(Slot.Header + l * LayerSlot.Stride + layerFields[field], reals.has(field));
  }

  /** Copies this descriptor (L weight layers) to byte offset `to`, and returns the copy. */
  copyTo(to: number, L: number): Descriptor {
    this.k.u32.copyWithin(to >>> 2, this.at >>> 2, (this.at + Descriptor.bytes(L)) >>> 2);
    return new Descriptor(this.k, to);
  }

  private put(word: number, real: boolean, value: number): void {
    if (real) this.k.f32[(this.at >>> 2) + word] = value;
    else this.k.u32[(this.at >>> 2) + word] = value;
  }

  private take(word: number, real: boolean): number {
    return real ? this.k.f32[(this.at >>> 2) + word]! : this.k.u32[(this.at >>> 2) + word]!;
  }
}
