/**
 * The digit pad: draw with mouse, pen or finger; a 784-64-10 network trained at build
 * time on the mnist package's digits (scripts/build-model.mjs) reads the drawing.
 */
import { Network } from 'deltaprop';
import { inkOf, SIDE, toMnist } from './preprocess';

export interface DigitState {
  status: 'loading' | 'ready' | 'error';
  prediction: number | null;
  probabilities: number[] | null;
}

interface ModelInfo {
  accuracy: number;
  trainRows: number;
  testRows: number;
  epochs: number;
  layers: number[];
}

const LINE_WIDTH = 24; // CSS pixels on a 280-pixel pad: 2–3 pixels after scaling to 20, as in MNIST

export function mountPad(root: HTMLElement, state: DigitState): void {
  const pad = root.querySelector<HTMLCanvasElement>('#pad')!;
  const preview = root.querySelector<HTMLCanvasElement>('#pad-preview')!;
  const bars = root.querySelector<HTMLElement>('#digit-bars')!;
  const answer = root.querySelector<HTMLElement>('#digit-answer')!;
  const note = root.querySelector<HTMLElement>('#digit-model')!;
  const clear = root.querySelector<HTMLButtonElement>('#pad-clear')!;

  // ten bars
  const rows: { bar: HTMLElement; value: HTMLElement; row: HTMLElement }[] = [];
  for (let d = 0; d < 10; d++) {
    const row = document.createElement('div');
    row.className = 'digit-row';
    row.dataset.digit = String(d);
    row.innerHTML = `<span class="digit-label">${d}</span><span class="digit-track"><span class="digit-bar"></span></span><span class="digit-value">–</span>`;
    bars.append(row);
    rows.push({ row, bar: row.querySelector('.digit-bar')!, value: row.querySelector('.digit-value')! });
  }

  const ratio = Math.min(window.devicePixelRatio || 1, 2);
  const size = pad.getBoundingClientRect().width || 280;
  pad.width = Math.round(size * ratio);
  pad.height = Math.round(size * ratio);
  const ctx = pad.getContext('2d', { willReadFrequently: true })!;
  ctx.scale(ratio, ratio);
  const blank = () => {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, size, size);
  };
  blank();

  let net: Network | null = null;
  let drawing = false;
  let dirty = false;
  let last: { x: number; y: number } | null = null;

  const show = (probabilities: number[] | null) => {
    state.probabilities = probabilities;
    if (!probabilities) {
      state.prediction = null;
      answer.textContent = 'Draw a digit';
      answer.dataset.prediction = '';
      for (const r of rows) {
        r.bar.style.width = '0%';
        r.value.textContent = '–';
        r.row.classList.remove('best');
      }
      bars.dataset.ready = 'false';
      return;
    }
    let best = 0;
    for (let d = 1; d < 10; d++) if (probabilities[d] > probabilities[best]) best = d;
    state.prediction = best;
    answer.innerHTML = `<span class="big-digit">${best}</span><span class="muted">${(probabilities[best] * 100).toFixed(1)}% sure</span>`;
    answer.dataset.prediction = String(best);
    rows.forEach((r, d) => {
      const p = probabilities[d];
      r.bar.style.width = `${(p * 100).toFixed(1)}%`;
      r.value.textContent = `${(p * 100).toFixed(1)}%`;
      r.row.dataset.p = p.toFixed(6);
      r.row.classList.toggle('best', d === best);
    });
    bars.dataset.ready = 'true';
  };

  const drawPreview = (pixels: Float32Array | null) => {
    const pctx = preview.getContext('2d')!;
    const image = pctx.createImageData(SIDE, SIDE);
    for (let i = 0; i < SIDE * SIDE; i++) {
      const v = pixels ? Math.round(pixels[i] * 255) : 0;
      image.data[4 * i] = v;
      image.data[4 * i + 1] = v;
      image.data[4 * i + 2] = v;
      image.data[4 * i + 3] = 255;
    }
    pctx.putImageData(image, 0, 0);
  };
  drawPreview(null);

  const predict = () => {
    dirty = false;
    const image = ctx.getImageData(0, 0, pad.width, pad.height);
    const pixels = toMnist(inkOf(image.data), pad.width, pad.height);
    drawPreview(pixels);
    if (!pixels || !net) {
      show(null);
      return;
    }
    show(Array.from(net.predict(pixels) as number[]));
  };

  const schedule = () => {
    if (dirty) return;
    dirty = true;
    requestAnimationFrame(predict);
  };

  const point = (e: PointerEvent) => {
    const rect = pad.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) / rect.width) * size, y: ((e.clientY - rect.top) / rect.height) * size };
  };

  const stroke = (from: { x: number; y: number }, to: { x: number; y: number }) => {
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = LINE_WIDTH;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
  };

  pad.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    pad.setPointerCapture(e.pointerId);
    drawing = true;
    last = point(e);
    stroke(last, last);
    pad.classList.add('inked');
    schedule();
  });
  pad.addEventListener('pointermove', (e) => {
    if (!drawing || !last) return;
    const p = point(e);
    stroke(last, p);
    last = p;
    schedule();
  });
  const end = () => {
    if (!drawing) return;
    drawing = false;
    last = null;
    schedule();
  };
  pad.addEventListener('pointerup', end);
  pad.addEventListener('pointercancel', end);
  clear.addEventListener('click', () => {
    blank();
    pad.classList.remove('inked');
    drawPreview(null);
    show(null);
  });
  show(null);

  const base = import.meta.env.BASE_URL;
  Promise.all([
    fetch(`${base}models/digits.json`).then((r) => {
      if (!r.ok) throw new Error(`models/digits.json: HTTP ${r.status} (run npm run build)`);
      return r.json();
    }),
    fetch(`${base}models/digits.info.json`)
      .then((r) => (r.ok ? (r.json() as Promise<ModelInfo>) : null))
      .catch(() => null),
  ])
    .then(async ([json, info]) => {
      net = await Network.fromJSON(json);
      state.status = 'ready';
      root.dataset.model = 'ready';
      note.textContent = info
        ? `${info.layers.join('-')} network, trained at build time on ${info.trainRows.toLocaleString('en')} digits; ${(info.accuracy * 100).toFixed(1)}% right on ${info.testRows.toLocaleString('en')} held-out digits.`
        : 'Network trained at build time on the mnist digits.';
      if (pad.classList.contains('inked')) predict();
    })
    .catch((err: Error) => {
      state.status = 'error';
      root.dataset.model = 'error';
      note.textContent = `The digit model did not load: ${err.message}`;
      note.classList.add('error-text');
    });
}
