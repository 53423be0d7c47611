/**
 * The playground page: reads the controls, drives the training worker and draws what
 * it reports. The digit pad lives in pad.ts.
 */
import './style.css';
import { BoundaryPlot, LossChart } from './charts';
import { makeSplit, type DatasetName, type Points } from './datasets';
import { mountPad, type DigitState } from './pad';
import type { FromWorker, ToWorker } from './protocol';
import {
  parseBatchSize,
  parseHidden,
  parseLearningRate,
  type Backend,
  type HyperSettings,
  type Hidden,
  type Loss,
  type ModelSettings,
  type Optimizer,
} from './settings';

const GRID = 72;
const SEED = 7;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const controls = {
  dataset: $<HTMLSelectElement>('dataset'),
  noise: $<HTMLInputElement>('noise'),
  noiseValue: $<HTMLOutputElement>('noise-value'),
  layers: $<HTMLInputElement>('layers'),
  activation: $<HTMLSelectElement>('activation'),
  loss: $<HTMLSelectElement>('loss'),
  optimizer: $<HTMLSelectElement>('optimizer'),
  backend: $<HTMLSelectElement>('backend'),
  lr: $<HTMLInputElement>('lr'),
  batch: $<HTMLInputElement>('batch'),
};
const buttons = {
  train: $<HTMLButtonElement>('train'),
  pause: $<HTMLButtonElement>('pause'),
  step: $<HTMLButtonElement>('step'),
  reset: $<HTMLButtonElement>('reset'),
};
const stats = {
  root: $<HTMLElement>('stats'),
  epoch: $<HTMLElement>('stat-epoch'),
  rate: $<HTMLElement>('stat-rate'),
  loss: $<HTMLElement>('stat-loss'),
  val: $<HTMLElement>('stat-val'),
  acc: $<HTMLElement>('stat-acc'),
  params: $<HTMLElement>('stat-params'),
};
const errors = {
  layers: $<HTMLElement>('err-layers'),
  learningRate: $<HTMLElement>('err-lr'),
  batchSize: $<HTMLElement>('err-batch'),
  general: $<HTMLElement>('err-general'),
};
const inputsOf = {
  layers: controls.layers,
  learningRate: controls.lr,
  batchSize: controls.batch,
  general: null,
} as const;
type Where = keyof typeof errors;

/** What the page knows; the end-to-end test reads it as `window.__demo`. */
const demo = {
  status: 'starting' as 'starting' | 'ready' | 'running' | 'paused' | 'error',
  engine: '',
  epoch: 0,
  loss: NaN,
  valLoss: NaN,
  trainAccuracy: NaN,
  valAccuracy: NaN,
  epochsPerSecond: 0,
  digit: { status: 'loading', prediction: null, probabilities: null } as DigitState,
  /** Outputs of the playground's current network for (x, y) points. */
  predict: (points: number[][]) => predict(points),
};
(window as unknown as { __demo: typeof demo }).__demo = demo;

const ENGINE_LABEL: Record<string, string> = {
  'wasm-simd': 'WebAssembly SIMD',
  'wasm-relaxed-simd': 'WebAssembly relaxed SIMD',
  reference: 'reference (TypeScript)',
};

// ---------------------------------------------------------------- errors beside controls

function showError(where: Where, message: string): void {
  errors[where].textContent = message;
  errors[where].classList.toggle('visible', message !== '');
  const input = inputsOf[where];
  if (input) input.setAttribute('aria-invalid', message ? 'true' : 'false');
}

function clearWorkerErrors(): void {
  showError('general', '');
}

// ---------------------------------------------------------------- reading the controls

function readModel(): ModelSettings | null {
  const hidden = parseHidden(controls.layers.value);
  showError('layers', hidden.ok ? '' : hidden.message);
  if (!hidden.ok) return null;
  return {
    dataset: controls.dataset.value as DatasetName,
    noise: Number(controls.noise.value) / 100,
    hidden: hidden.value,
    activation: controls.activation.value as Hidden,
    loss: controls.loss.value as Loss,
    backend: controls.backend.value as Backend,
    seed: SEED,
  };
}

function readHyper(): HyperSettings | null {
  const lr = parseLearningRate(controls.lr.value);
  const batch = parseBatchSize(controls.batch.value);
  showError('learningRate', lr.ok ? '' : lr.message);
  showError('batchSize', batch.ok ? '' : batch.message);
  if (!lr.ok || !batch.ok) return null;
  return { optimizer: controls.optimizer.value as Optimizer, learningRate: lr.value, batchSize: batch.value };
}

// ---------------------------------------------------------------- the worker

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const send = (message: ToWorker) => worker.postMessage(message);

const plot = new BoundaryPlot($<HTMLCanvasElement>('boundary'), GRID);
const chart = new LossChart($<HTMLCanvasElement>('loss-chart'));

let generation = 0;
let current: ModelSettings | null = null;
/** The worker has no usable network (creating it failed): the next Train sets up again. */
let broken = false;
let data: { train: Points; val: Points } | null = null;
let nextPredictId = 1;
const pendingPredictions = new Map<number, (outputs: number[]) => void>();

function predict(points: number[][]): Promise<number[]> {
  const id = nextPredictId++;
  return new Promise((resolve) => {
    pendingPredictions.set(id, resolve);
    send({ type: 'predict', id, points });
  });
}

function sameModel(a: ModelSettings | null, b: ModelSettings): boolean {
  return a !== null && JSON.stringify(a) === JSON.stringify(b);
}

/** New data and a new network for these settings; training stops. */
function setup(model: ModelSettings, hyper: HyperSettings): void {
  generation++;
  current = model;
  broken = false;
  data = makeSplit(model.dataset, model.noise, model.seed);
  plot.setData(data.train, data.val);
  chart.reset();
  clearWorkerErrors();
  Object.assign(demo, { epoch: 0, loss: NaN, valLoss: NaN, trainAccuracy: NaN, valAccuracy: NaN, epochsPerSecond: 0 });
  renderStats();
  setStatus('starting');
  send({
    type: 'setup',
    model,
    hyper,
    // copies: the page keeps its own points for drawing
    train: { x: data.train.x.slice(), y: data.train.y.slice(), rows: data.train.rows },
    val: { x: data.val.x.slice(), y: data.val.y.slice(), rows: data.val.rows },
    gridSize: GRID,
  });
}

/** Reads every control; sets up again when the network or data changed. Null when a control is invalid. */
function prepare(): HyperSettings | null {
  const model = readModel();
  const hyper = readHyper();
  if (!model || !hyper) return null;
  if (!sameModel(current, model) || broken) setup(model, hyper);
  else send({ type: 'hyper', hyper });
  clearWorkerErrors();
  if (demo.status === 'error') setStatus(demo.epoch > 0 ? 'paused' : 'ready');
  return hyper;
}

function setStatus(status: typeof demo.status): void {
  demo.status = status;
  document.body.dataset.status = status;
  const running = status === 'running';
  buttons.train.disabled = running;
  buttons.pause.disabled = !running;
  buttons.train.textContent = demo.epoch > 0 && !running ? '▶ Resume' : '▶ Train';
}

const fmt = (v: number, digits = 4) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

function renderStats(): void {
  stats.epoch.textContent = demo.epoch.toLocaleString('en');
  stats.rate.textContent = demo.epochsPerSecond > 0 ? Math.round(demo.epochsPerSecond).toLocaleString('en') : '–';
  stats.loss.textContent = fmt(demo.loss);
  stats.val.textContent = fmt(demo.valLoss);
  stats.acc.textContent = Number.isFinite(demo.valAccuracy) ? `${(demo.valAccuracy * 100).toFixed(1)}%` : '–';
  stats.root.dataset.epoch = String(demo.epoch);
  stats.root.dataset.loss = String(demo.loss);
  stats.root.dataset.valLoss = String(demo.valLoss);
}

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const msg = event.data;
  switch (msg.type) {
    case 'ready': {
      if (msg.generation !== generation) return;
      demo.engine = msg.engine;
      $('engine').textContent = ENGINE_LABEL[msg.engine] ?? msg.engine;
      $('engine-dot').dataset.engine = msg.engine;
      document.body.dataset.engine = msg.engine;
      stats.params.textContent = msg.parameters.toLocaleString('en');
      if (demo.status === 'starting') setStatus('ready');
      break;
    }
    case 'progress': {
      if (msg.generation !== generation) return;
      demo.epoch = msg.epoch;
      if (msg.losses.length) demo.loss = msg.losses[msg.losses.length - 1];
      demo.valLoss = msg.valLoss;
      demo.trainAccuracy = msg.trainAccuracy;
      demo.valAccuracy = msg.valAccuracy;
      if (Number.isFinite(msg.epochsPerSecond)) demo.epochsPerSecond = msg.epochsPerSecond;
      plot.setGrid(msg.grid);
      if (msg.losses.length || msg.val.length) chart.add(msg.losses, msg.val);
      renderStats();
      if (!msg.running && demo.status === 'running') setStatus('paused');
      else setStatus(demo.status);
      break;
    }
    case 'state':
      if (demo.status === 'error' || demo.status === 'starting') {
        if (msg.running) setStatus('running');
        break;
      }
      setStatus(msg.running ? 'running' : demo.epoch > 0 ? 'paused' : 'ready');
      break;
    case 'prediction':
      pendingPredictions.get(msg.id)?.(msg.outputs);
      pendingPredictions.delete(msg.id);
      break;
    case 'error':
      if (msg.generation !== generation) return;
      // deltaprop's messages start in lower case: "training diverged in epoch 1, …"
      showError(msg.where, `${msg.message.charAt(0).toUpperCase()}${msg.message.slice(1)}${msg.code && msg.code !== 'ERROR' ? ` (${msg.code})` : ''}`);
      broken = !msg.recoverable;
      setStatus('error');
      if (msg.where !== 'general') showError('general', 'Fix the highlighted setting, then press Train.');
      break;
  }
};

worker.onerror = (event) => {
  event.preventDefault();
  showError('general', `The training worker stopped: ${event.message || 'it could not load'}`);
  setStatus('error');
};

// ---------------------------------------------------------------- buttons and controls

buttons.train.addEventListener('click', () => {
  if (!prepare()) return;
  send({ type: 'run' });
});
buttons.pause.addEventListener('click', () => send({ type: 'pause' }));
buttons.step.addEventListener('click', () => {
  if (!prepare()) return;
  send({ type: 'step' });
});
buttons.reset.addEventListener('click', () => {
  const model = readModel();
  const hyper = readHyper();
  if (model && hyper) setup(model, hyper);
});

// Changing the data or the network starts over (like pressing Reset); optimizer,
// learning rate and batch size apply to the next chunk of training.
for (const el of [controls.dataset, controls.activation, controls.loss, controls.backend, controls.noise]) {
  el.addEventListener('change', () => buttons.reset.click());
}
controls.noise.addEventListener('input', () => {
  controls.noiseValue.textContent = `${controls.noise.value}%`;
});
controls.layers.addEventListener('input', () => readModel());
controls.layers.addEventListener('change', () => {
  const model = readModel();
  if (model && !sameModel(current, model)) buttons.reset.click();
});
for (const el of [controls.lr, controls.batch, controls.optimizer]) {
  el.addEventListener('input', () => {
    const hyper = readHyper();
    if (hyper) send({ type: 'hyper', hyper });
  });
}
controls.lr.form?.addEventListener('submit', (e) => e.preventDefault());

window.addEventListener('resize', () => {
  plot.draw();
  chart.draw();
});

// start with the defaults
{
  const model = readModel();
  const hyper = readHyper();
  if (model && hyper) setup(model, hyper);
}

mountPad($('digits'), demo.digit);
