/**
 * The network drawn: one column per layer, every neuron a small heat map of its output
 * t over the plane, every weight a line from neuron i of layer l to neuron j of layer
 * l + 1 whose width grows with |w_ij| and whose colour is its sign. One canvas holds it
 * all (a 64 × 64 layer is 4,096 lines: too many DOM nodes, easy for a canvas).
 */
import { CLASS0, CLASS1, NEUTRAL, fitCanvas } from './charts';
import { EXTENT } from './datasets';
import type { NetworkShape, ParametersLike } from './backprop';

/** Heat maps are computed on this many points per side (the page's own forward pass). */
export const MAP_SIZE = 20;

export interface NeuronBox {
  /** Array index of the layer: 0 is the input layer (README layer 1). */
  layer: number;
  index: number;
  /** Top-left corner and side, in CSS pixels of the canvas. */
  x: number;
  y: number;
  size: number;
}

export interface LineInfo {
  layer: number;
  from: number;
  to: number;
  w: number;
  width: number;
  color: 'pos' | 'neg';
}

/** Colour of one neuron output: t ↦ [−1, 1] (a sigmoid's 0.5 and a tanh's 0 are neutral). */
export function shade(t: number, activation: string): [number, number, number] {
  const centred = activation === 'sigmoid' ? 2 * t - 1 : t;
  const v = Math.max(-1, Math.min(1, Number.isFinite(centred) ? centred : 0));
  const side = v >= 0 ? CLASS1 : CLASS0;
  const a = Math.abs(v) * 0.85;
  return [0, 1, 2].map((c) => NEUTRAL[c] + (side[c] - NEUTRAL[c]) * a) as [number, number, number];
}

const LABEL_MARGIN = 52;
const LINE_STEPS = 10;
const TOP_MARGIN = 20;

export class Diagram {
  private shape: NetworkShape | null = null;
  private labels: string[] = [];
  private params: ParametersLike | null = null;
  /** Every neuron's heat map side by side in one canvas (one canvas per neuron was slow to make 20 times a second). */
  private readonly atlas = document.createElement('canvas');
  /** Column of each neuron's map in the atlas, per layer; empty before the first maps. */
  private slots: number[][] = [];
  boxes: NeuronBox[][] = [];
  lines: LineInfo[] = [];

  constructor(private readonly canvas: HTMLCanvasElement) {}

  set(shape: NetworkShape, inputLabels: string[], params: ParametersLike | null, maps: Float32Array[]): void {
    this.shape = shape;
    this.labels = inputLabels;
    this.params = params;
    this.slots = [];
    if (maps.length) {
      const count = shape.layers.reduce((a, s) => a + s, 0);
      const width = MAP_SIZE * count;
      if (this.atlas.width !== width) this.atlas.width = width;
      this.atlas.height = MAP_SIZE;
      const ctx = this.atlas.getContext('2d')!;
      const img = ctx.createImageData(width, MAP_SIZE);
      let slot = 0;
      maps.forEach((map, k) => {
        const s = shape.layers[k];
        const act = k === 0 ? 'linear' : shape.activation[k - 1];
        const column: number[] = [];
        for (let j = 0; j < s; j++, slot++) {
          column.push(slot);
          for (let p = 0; p < MAP_SIZE * MAP_SIZE; p++) {
            const [r, g, b] = shade(map[p * s + j], act);
            const o = 4 * (((p / MAP_SIZE) | 0) * width + slot * MAP_SIZE + (p % MAP_SIZE));
            img.data[o] = r;
            img.data[o + 1] = g;
            img.data[o + 2] = b;
            img.data[o + 3] = 255;
          }
        }
        this.slots.push(column);
      });
      ctx.putImageData(img, 0, 0);
    }
    this.draw();
  }

  private layout(w: number, h: number): void {
    const layers = this.shape!.layers;
    const L = layers.length;
    const widest = Math.max(...layers);
    const colW = (w - LABEL_MARGIN - 8) / L;
    const size = Math.max(4, Math.min(34, colW * 0.5, ((h - TOP_MARGIN - 4) / widest) * 0.82));
    this.boxes = layers.map((s, k) => {
      const cx = LABEL_MARGIN + colW * (k + 0.5);
      const gap = Math.min(size * 0.5, (h - TOP_MARGIN - 4 - s * size) / Math.max(1, s - 1));
      const total = s * size + (s - 1) * gap;
      const top = TOP_MARGIN + (h - TOP_MARGIN - total) / 2;
      return Array.from({ length: s }, (_, j) => ({ layer: k, index: j, x: cx - size / 2, y: top + j * (size + gap), size }));
    });
  }

  draw(): void {
    const ctx = fitCanvas(this.canvas);
    const rect = this.canvas.getBoundingClientRect();
    const w = rect.width;
    const h = rect.height;
    ctx.clearRect(0, 0, w, h);
    if (!this.shape) return;
    this.layout(w, h);
    const layers = this.shape.layers;
    // weights, widest last so that the big ones stay visible
    this.lines = [];
    if (this.params) {
      let max = 1e-9;
      for (const W of this.params.weights) for (const v of W) max = Math.max(max, Math.abs(v));
      for (let k = 0; k + 1 < layers.length; k++) {
        const W = this.params.weights[k];
        const cols = layers[k + 1];
        for (let i = 0; i < layers[k]; i++) {
          for (let j = 0; j < cols; j++) {
            const v = W[i * cols + j];
            // widths in LINE_STEPS steps: one path per step and colour, a few strokes in all
            const step = Math.min(LINE_STEPS - 1, Math.floor((Math.abs(v) / max) * LINE_STEPS));
            this.lines.push({ layer: k, from: i, to: j, w: v, width: 0.4 + (4.6 * (step + 0.5)) / LINE_STEPS, color: v >= 0 ? 'pos' : 'neg' });
          }
        }
      }
      // the widest drawn last, so that the big weights stay visible
      const paths = new Map<string, Path2D>();
      for (const line of this.lines) {
        const a = this.boxes[line.layer][line.from];
        const b = this.boxes[line.layer + 1][line.to];
        const key = `${line.width.toFixed(2)} ${line.color}`;
        let path = paths.get(key);
        if (!path) paths.set(key, (path = new Path2D()));
        path.moveTo(a.x + a.size, a.y + a.size / 2);
        path.lineTo(b.x, b.y + b.size / 2);
      }
      for (const key of [...paths.keys()].sort((p, q) => parseFloat(p) - parseFloat(q))) {
        ctx.strokeStyle = key.endsWith('pos') ? 'rgba(76,163,245,0.75)' : 'rgba(245,159,76,0.75)';
        ctx.lineWidth = parseFloat(key);
        ctx.stroke(paths.get(key)!);
      }
    }
    // neurons
    ctx.imageSmoothingEnabled = true;
    for (let k = 0; k < layers.length; k++) {
      for (const box of this.boxes[k]) {
        const slot = this.slots[k]?.[box.index];
        if (slot !== undefined) ctx.drawImage(this.atlas, slot * MAP_SIZE, 0, MAP_SIZE, MAP_SIZE, box.x, box.y, box.size, box.size);
        else {
          ctx.fillStyle = `rgb(${NEUTRAL.join(',')})`;
          ctx.fillRect(box.x, box.y, box.size, box.size);
        }
        ctx.strokeStyle = 'rgba(255,255,255,0.35)';
        ctx.lineWidth = 1;
        ctx.strokeRect(box.x + 0.5, box.y + 0.5, box.size - 1, box.size - 1);
      }
    }
    // the inputs' names, and each column's size on top
    ctx.font = '12px ui-monospace, SFMono-Regular, Menlo, monospace';
    ctx.fillStyle = 'rgba(220,228,240,0.85)';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const box of this.boxes[0]) {
      if (box.size >= 10) ctx.fillText(this.labels[box.index] ?? '', box.x - 6, box.y + box.size / 2);
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillStyle = 'rgba(200,210,230,0.6)';
    ctx.font = '11px ui-sans-serif, system-ui, sans-serif';
    for (let k = 0; k < layers.length; k++) {
      const b = this.boxes[k][0];
      const name = k === 0 ? 'in' : k === layers.length - 1 ? 'out' : String(layers[k]);
      ctx.fillText(name, b.x + b.size / 2, 2);
    }
  }

  /** The neuron under (px, py) in CSS pixels, and that spot's point of the plane. */
  hit(px: number, py: number): { layer: number; index: number; box: NeuronBox; x1: number; x2: number } | null {
    for (const column of this.boxes) {
      for (const box of column) {
        if (px >= box.x && px < box.x + box.size && py >= box.y && py < box.y + box.size) {
          const x1 = -EXTENT + ((px - box.x) / box.size) * 2 * EXTENT;
          const x2 = EXTENT - ((py - box.y) / box.size) * 2 * EXTENT;
          return { layer: box.layer, index: box.index, box, x1, x2 };
        }
      }
    }
    return null;
  }
}
