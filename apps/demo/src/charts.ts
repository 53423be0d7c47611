/** Canvas drawing: the decision boundary heat map and the loss curves. */
import { EXTENT, type Points } from './datasets';

export const CLASS0: [number, number, number] = [245, 159, 76]; // orange
export const CLASS1: [number, number, number] = [76, 163, 245]; // blue
export const NEUTRAL: [number, number, number] = [22, 28, 42];
/** Side of the heat map picture in pixels (scaled to the canvas afterwards). */
const RESOLUTION = 192;

/** A line chart's cleared canvas: its CSS size, the margins for the axes' labels and the plot's size inside them. */
function plotArea(canvas: HTMLCanvasElement) {
  const ctx = fitCanvas(canvas);
  const rect = canvas.getBoundingClientRect();
  const w = rect.width;
  const h = rect.height;
  ctx.clearRect(0, 0, w, h);
  const pad = { l: 44, r: 18, t: 10, b: 24 };
  return { ctx, w, h, pad, pw: w - pad.l - pad.r, ph: h - pad.t - pad.b };
}

/** Sizes the canvas backing store to its CSS size times the device pixel ratio. */
export function fitCanvas(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ratio = Math.min(window.devicePixelRatio || 1, 2);
  const rect = canvas.getBoundingClientRect();
  const w = Math.max(1, Math.round(rect.width * ratio));
  const h = Math.max(1, Math.round(rect.height * ratio));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}

function mix(p: number): [number, number, number] {
  // p is the network's output (probability of class 1); 0.5 is the boundary.
  const side = p >= 0.5 ? CLASS1 : CLASS0;
  const strength = Math.min(1, Math.abs(p - 0.5) * 2) * 0.62;
  return [NEUTRAL[0] + (side[0] - NEUTRAL[0]) * strength, NEUTRAL[1] + (side[1] - NEUTRAL[1]) * strength, NEUTRAL[2] + (side[2] - NEUTRAL[2]) * strength];
}

/** A regression value in [-1, 1]: orange below 0, blue above. */
function mixValue(v: number): [number, number, number] {
  return mix(0.5 + 0.5 * Math.max(-1, Math.min(1, Number.isFinite(v) ? v : 0)));
}

export class BoundaryPlot {
  private readonly cells: HTMLCanvasElement;
  private grid: Float32Array | null = null;
  private train: Points | null = null;
  private val: Points | null = null;
  /** Regression: outputs and targets are values in [-1, 1], not probabilities. */
  regression = false;
  get hasGrid(): boolean {
    return this.grid !== null;
  }
  /** The training point followed by the δ view. */
  highlight: [number, number] | null = null;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly gridSize: number,
  ) {
    this.cells = document.createElement('canvas');
    this.cells.width = RESOLUTION;
    this.cells.height = RESOLUTION;
  }

  setData(train: Points, val: Points): void {
    this.train = train;
    this.val = val;
    this.grid = null;
    this.draw();
  }

  /**
   * `grid` holds the network's outputs at the centres of a gridSize × gridSize grid.
   * The picture is drawn at a finer resolution by interpolating the outputs' logits
   * bilinearly, so the boundary (output 0.5) comes out as a smooth curve instead of
   * grid-sized steps.
   */
  setGrid(grid: Float32Array): void {
    this.grid = grid;
    const n = this.gridSize;
    // regression outputs are interpolated as they are; probabilities by their logits
    const logits = new Float32Array(grid.length);
    for (let i = 0; i < grid.length; i++) {
      if (this.regression) {
        logits[i] = Number.isFinite(grid[i]) ? grid[i] : 0;
        continue;
      }
      const p = Number.isFinite(grid[i]) ? Math.min(Math.max(grid[i], 1e-6), 1 - 1e-6) : 0.5;
      logits[i] = Math.log(p / (1 - p));
    }
    const res = this.cells.width;
    const ctx = this.cells.getContext('2d')!;
    const image = ctx.createImageData(res, res);
    for (let r = 0; r < res; r++) {
      const gy = Math.min(n - 1, Math.max(0, ((r + 0.5) / res) * n - 0.5));
      const y0 = Math.min(n - 2, Math.floor(gy));
      const fy = gy - y0;
      for (let c = 0; c < res; c++) {
        const gx = Math.min(n - 1, Math.max(0, ((c + 0.5) / res) * n - 0.5));
        const x0 = Math.min(n - 2, Math.floor(gx));
        const fx = gx - x0;
        const i = y0 * n + x0;
        const l = (logits[i] * (1 - fx) + logits[i + 1] * fx) * (1 - fy) + (logits[i + n] * (1 - fx) + logits[i + n + 1] * fx) * fy;
        const [red, green, blue] = this.regression ? mixValue(l) : mix(1 / (1 + Math.exp(-l)));
        const o = 4 * (r * res + c);
        image.data[o] = red;
        image.data[o + 1] = green;
        image.data[o + 2] = blue;
        image.data[o + 3] = 255;
      }
    }
    ctx.putImageData(image, 0, 0);
    this.draw();
  }

  draw(): void {
    const ctx = fitCanvas(this.canvas);
    const rect = this.canvas.getBoundingClientRect();
    const w = rect.width;
    const h = rect.height;
    ctx.fillStyle = `rgb(${NEUTRAL.join(',')})`;
    ctx.fillRect(0, 0, w, h);
    if (this.grid) {
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(this.cells, 0, 0, w, h);
    }
    // axes
    ctx.strokeStyle = 'rgba(255,255,255,0.12)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(w / 2, 0);
    ctx.lineTo(w / 2, h);
    ctx.moveTo(0, h / 2);
    ctx.lineTo(w, h / 2);
    ctx.stroke();
    const toX = (x: number) => ((x + EXTENT) / (2 * EXTENT)) * w;
    const toY = (y: number) => ((EXTENT - y) / (2 * EXTENT)) * h;
    const dots = (points: Points | null, radius: number, hollow: boolean) => {
      if (!points) return;
      for (let i = 0; i < points.rows; i++) {
        const color = this.regression ? dotValue(points.y[i]) : points.y[i] >= 0.5 ? CLASS1 : CLASS0;
        ctx.beginPath();
        ctx.arc(toX(points.x[2 * i]), toY(points.x[2 * i + 1]), radius, 0, 2 * Math.PI);
        if (hollow) {
          ctx.strokeStyle = `rgb(${color.join(',')})`;
          ctx.lineWidth = 1.5;
          ctx.stroke();
        } else {
          ctx.fillStyle = `rgb(${color.join(',')})`;
          ctx.fill();
          ctx.strokeStyle = 'rgba(255,255,255,0.85)';
          ctx.lineWidth = 1;
          ctx.stroke();
        }
      }
    };
    dots(this.val, 3.2, true);
    dots(this.train, 3.6, false);
    if (this.highlight) {
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(toX(this.highlight[0]), toY(this.highlight[1]), 8, 0, 2 * Math.PI);
      ctx.stroke();
    }
  }

  /** The plane's point under (px, py), CSS pixels of the canvas. */
  pointAt(px: number, py: number): [number, number] {
    const rect = this.canvas.getBoundingClientRect();
    return [-EXTENT + (px / rect.width) * 2 * EXTENT, EXTENT - (py / rect.height) * 2 * EXTENT];
  }
}

function dotValue(v: number): [number, number, number] {
  const c = Math.max(-1, Math.min(1, v));
  const side = c >= 0 ? CLASS1 : CLASS0;
  const a = 0.35 + 0.65 * Math.abs(c);
  return [0, 1, 2].map((k) => Math.round(NEUTRAL[k] + (side[k] - NEUTRAL[k]) * a)) as [number, number, number];
}

/** A figure per weight layer over the epochs, on a log scale: the gradient sizes. */
export class GradientChart {
  series: { epoch: number; rms: number[] }[] = [];

  constructor(private readonly canvas: HTMLCanvasElement) {}

  reset(): void {
    this.series = [];
    this.draw();
  }

  add(point: { epoch: number; rms: number[] }, draw = true): void {
    const last = this.series[this.series.length - 1];
    if (last && last.epoch === point.epoch) this.series[this.series.length - 1] = point;
    else this.series.push(point);
    // long runs: keep every other point, so that drawing stays cheap
    if (this.series.length > 1000) this.series = this.series.filter((_, i) => i % 2 === 0 || i === this.series.length - 1);
    if (draw) this.draw();
  }

  /** Colour of weight layer k of n: light for the first layer, deep for the output's. */
  static color(k: number, n: number): string {
    const f = n <= 1 ? 1 : k / (n - 1);
    return `hsl(${200 + 120 * f}, 80%, ${72 - 22 * f}%)`;
  }

  draw(): void {
    const { ctx, w, h, pad, pw, ph } = plotArea(this.canvas);
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of this.series) {
      for (const v of p.rms) {
        if (Number.isFinite(v) && v > 0) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (lo > hi) {
      lo = 1e-4;
      hi = 1;
    }
    const lgLo = Math.floor(Math.log10(lo));
    const lgHi = Math.max(lgLo + 1, Math.ceil(Math.log10(hi)));
    const epochs = Math.max(10, this.series.length ? this.series[this.series.length - 1].epoch : 0);
    const toX = (e: number) => pad.l + (e / epochs) * pw;
    const toY = (v: number) => pad.t + (1 - (Math.log10(Math.max(v, 10 ** lgLo)) - lgLo) / (lgHi - lgLo)) * ph;
    ctx.font = '11px ui-monospace, SFMono-Regular, Menlo, monospace';
    ctx.fillStyle = 'rgba(200,210,230,0.6)';
    ctx.strokeStyle = 'rgba(255,255,255,0.08)';
    ctx.lineWidth = 1;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const every = Math.max(1, Math.ceil((lgHi - lgLo) / 5));
    for (let d = lgLo; d <= lgHi; d += every) {
      const y = toY(10 ** d);
      ctx.beginPath();
      ctx.moveTo(pad.l, y);
      ctx.lineTo(w - pad.r, y);
      ctx.stroke();
      ctx.fillText(`1e${d}`, pad.l - 6, y);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'top';
    ctx.fillText(`${epochs >= 10000 ? `${Math.round(epochs / 1000)}k` : epochs} epochs`, w - pad.r, h - pad.b + 6);
    const n = this.series.length ? this.series[0].rms.length : 0;
    for (let k = 0; k < n; k++) {
      ctx.strokeStyle = GradientChart.color(k, n);
      ctx.lineWidth = 1.8;
      ctx.beginPath();
      this.series.forEach((p, i) => {
        const x = toX(p.epoch);
        const y = toY(p.rms[k]);
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      });
      ctx.stroke();
      // before training there is one point per layer: a dot instead of a line
      if (this.series.length === 1) {
        ctx.fillStyle = ctx.strokeStyle;
        ctx.beginPath();
        ctx.arc(toX(this.series[0].epoch), toY(this.series[0].rms[k]), 3, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
  }
}

export class LossChart {
  /** Training loss of every epoch so far. */
  train: number[] = [];
  private val: { epoch: number; loss: number }[] = [];

  constructor(private readonly canvas: HTMLCanvasElement) {}

  reset(): void {
    this.train = [];
    this.val = [];
    this.draw();
  }

  add(trainLosses: number[], val: { epoch: number; loss: number }[], draw = true): void {
    for (const l of trainLosses) this.train.push(l);
    for (const v of val) if (Number.isFinite(v.loss)) this.val.push(v);
    if (draw) this.draw();
  }

  draw(): void {
    const { ctx, w, h, pad, pw, ph } = plotArea(this.canvas);

    let lo = Infinity;
    let hi = -Infinity;
    const see = (v: number) => {
      if (Number.isFinite(v) && v > 0) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    };
    for (const v of this.train) see(v);
    for (const v of this.val) see(v.loss);
    if (lo > hi) {
      lo = 0.01;
      hi = 1;
    }
    const epochs = Math.max(this.train.length, this.val.length ? this.val[this.val.length - 1].epoch : 0, 10);
    // log scale, whole decades
    const lgLo = Math.floor(Math.log10(Math.max(lo, 1e-6)));
    let lgHi = Math.ceil(Math.log10(Math.max(hi, 1e-6)));
    if (lgHi <= lgLo) lgHi = lgLo + 1;
    lo = 10 ** lgLo;
    hi = 10 ** lgHi;
    const toX = (e: number) => pad.l + (e / epochs) * pw;
    const toY = (v: number) => pad.t + (1 - (Math.log10(Math.max(v, lo)) - lgLo) / (lgHi - lgLo)) * ph;

    ctx.font = '11px ui-monospace, SFMono-Regular, Menlo, monospace';
    ctx.fillStyle = 'rgba(200,210,230,0.6)';
    ctx.strokeStyle = 'rgba(255,255,255,0.08)';
    ctx.lineWidth = 1;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let d = lgLo; d <= lgHi; d++) {
      const y = toY(10 ** d);
      ctx.beginPath();
      ctx.moveTo(pad.l, y);
      ctx.lineTo(w - pad.r, y);
      ctx.stroke();
      ctx.fillText(d >= 0 ? String(10 ** d) : `1e${d}`, pad.l - 6, y);
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    // epoch ticks at 1, 2 or 5 times a power of ten
    const raw = epochs / 4;
    const pow = 10 ** Math.floor(Math.log10(raw));
    const tick = ([1, 2, 5, 10].find((m) => m * pow >= raw) ?? 10) * pow;
    for (let e = 0; e <= epochs; e += tick) {
      const x = toX(e);
      ctx.textAlign = x > w - 24 ? 'right' : 'center';
      ctx.fillText(e >= 10000 ? `${e / 1000}k` : String(e), Math.min(x, w - 2), h - pad.b + 6);
    }

    // training loss: at most one point per pixel column (the mean of that column)
    if (this.train.length) {
      ctx.strokeStyle = '#8ec5ff';
      ctx.lineWidth = 1.8;
      ctx.beginPath();
      const columns = Math.max(1, Math.floor(pw));
      const per = Math.max(1, this.train.length / columns);
      let first = true;
      for (let c = 0; c * per < this.train.length; c++) {
        const start = Math.floor(c * per);
        const end = Math.min(this.train.length, Math.floor((c + 1) * per));
        let s = 0;
        let n = 0;
        for (let i = start; i < Math.max(end, start + 1); i++) {
          if (Number.isFinite(this.train[i])) {
            s += this.train[i];
            n++;
          }
        }
        if (!n) continue;
        const x = toX(Math.min(end, this.train.length));
        const y = toY(s / n);
        if (first) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
        first = false;
      }
      ctx.stroke();
    }
    if (this.val.length) {
      ctx.strokeStyle = '#f5a35c';
      ctx.lineWidth = 1.8;
      ctx.beginPath();
      const step = Math.max(1, Math.floor(this.val.length / Math.max(1, pw)));
      this.val.forEach((v, i) => {
        if (i % step && i !== this.val.length - 1) return;
        const x = toX(v.epoch);
        const y = toY(v.loss);
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      });
      ctx.stroke();
    }
  }
}
