/**
 * The playground page: reads the controls, drives the training worker and draws what
 * it reports — the output over the plane, the network with every neuron's heat map
 * and every weight, the loss and gradient-size charts, and the δ view. The digit pad
 * lives in pad.ts.
 *
 * The worker sends `net.getParameters()` with every progress report; what the library
 * does not return (u, t and δ of single neurons) the page computes from them with the
 * README's formulas (backprop.ts), and the tests hold those numbers to `net.gradients`.
 */
import './style.css';
import { activationNames, lossNames, optimizerNames } from 'deltaprop';
import { activationPair, forward, backward, forwardMany, type NetworkShape } from './backprop';
import { BoundaryPlot, GradientChart, LossChart } from './charts';
import { gridPoints, makeSplit, taskOf, type DatasetName, type Points } from './datasets';
import { Diagram, MAP_SIZE } from './diagram';
import { FEATURES, isFeatureId, orderFeatures, toFeatures, type FeatureId } from './features';
import { mountPad, type DigitState } from './pad';
import type { FromWorker, ParametersMessage, ToWorker } from './protocol';
import { deltaSteps, type DeltaPass } from './stepper';
import {
  MAX_LAYERS,
  MAX_WIDTH,
  networkOptions,
  parseBatchSize,
  parseHidden,
  parseLearningRate,
  type Backend,
  type HyperSettings,
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
  ratio: $<HTMLInputElement>('ratio'),
  layers: $<HTMLInputElement>('layers'),
  activation: $<HTMLSelectElement>('activation'),
  loss: $<HTMLSelectElement>('loss'),
  optimizer: $<HTMLSelectElement>('optimizer'),
  backend: $<HTMLSelectElement>('backend'),
  threads: $<HTMLSelectElement>('threads'),
  lr: $<HTMLInputElement>('lr'),
  batch: $<HTMLInputElement>('batch'),
  l2: $<HTMLSelectElement>('l2'),
  dropout: $<HTMLInputElement>('dropout'),
  speed: $<HTMLSelectElement>('speed'),
};
const featureBox = $<HTMLElement>('features');
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
  threads: $<HTMLElement>('stat-threads'),
};
const errors = {
  layers: $<HTMLElement>('err-layers'),
  learningRate: $<HTMLElement>('err-lr'),
  batchSize: $<HTMLElement>('err-batch'),
  weightDecay: $<HTMLElement>('err-l2'),
  dropout: $<HTMLElement>('err-dropout'),
  features: $<HTMLElement>('err-features'),
  general: $<HTMLElement>('err-general'),
};
const inputsOf: Record<keyof typeof errors, HTMLElement | null> = {
  layers: controls.layers,
  learningRate: controls.lr,
  batchSize: controls.batch,
  weightDecay: controls.l2,
  dropout: controls.dropout,
  features: featureBox,
  general: null,
};
type Where = keyof typeof errors;

// ---------------------------------------------------------------- menus and limits

// The menus list deltaprop's own names (activationNames, lossNames, optimizerNames). A
// hidden activation needs its forward and derivative in backprop.ts (the tests check
// that every name has them); softmax is for multi-class outputs and not offered here.
for (const name of activationNames) {
  if (name === 'softmax') continue;
  controls.activation.add(new Option(activationPair(name).label, name, name === 'tanh', name === 'tanh'));
}
const LOSS_LABEL: Record<string, string> = { mse: 'MSE' };
for (const name of lossNames)
  controls.loss.add(new Option(Object.hasOwn(LOSS_LABEL, name) ? LOSS_LABEL[name] : name, name, name === 'cross-entropy', name === 'cross-entropy'));
const OPTIMIZER_LABEL: Record<string, string> = { sgd: 'SGD', nesterov: 'Nesterov', adam: 'Adam', rmsprop: 'RMSprop' };
for (const name of optimizerNames) {
  controls.optimizer.add(new Option(Object.hasOwn(OPTIMIZER_LABEL, name) ? OPTIMIZER_LABEL[name] : name, name, name === 'adam', name === 'adam'));
}

const cores = Math.max(1, navigator.hardwareConcurrency || 1);
const isolated = globalThis.crossOriginIsolated === true;
// 'auto' is deltaprop's own choice: one thread below 100,000 weights (every network of
// this page), where a team of threads mostly waits at its barriers — measured here: 48
// epochs/s on two threads against 170 on one for the default spiral network. The
// menu offers every core to try it; threads share one WebAssembly memory, which needs a
// cross-origin-isolated page.
controls.threads.add(new Option('auto', 'auto', true, true));
for (let n = 1; n <= Math.min(cores, 8); n++) controls.threads.add(new Option(n === cores ? `${n} (all cores)` : String(n), String(n)));
controls.threads.disabled = !isolated;
controls.threads.title = isolated
  ? `${cores} cores: deltaprop trains on a team of workers`
  : 'Needs a cross-origin-isolated page (npm run demo serves one): one thread here';

$('max-layers').textContent = String(MAX_LAYERS);
$('max-width').textContent = String(MAX_WIDTH);

for (const f of FEATURES) {
  const label = document.createElement('label');
  label.className = 'feature';
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.value = f.id;
  box.id = `feature-${f.id}`;
  box.checked = f.id === 'x1' || f.id === 'x2';
  label.append(box, document.createTextNode(f.label));
  featureBox.append(label);
}
const featureInputs = () => Array.from(featureBox.querySelectorAll<HTMLInputElement>('input[type=checkbox]'));

// ---------------------------------------------------------------- the page's state

interface Snapshot {
  shape: NetworkShape;
  parameters: ParametersMessage;
}

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
  threads: 0,
  isolated,
  cores,
  /** Milliseconds after navigation start of the first progress report with validation accuracy ≥ 90 %. */
  accuracy90At: NaN,
  /** Milliseconds after navigation start when training last started from epoch 0. */
  trainStartedAt: NaN,
  digit: { status: 'loading', prediction: null, probabilities: null } as DigitState,
  /** The current network's shape and parameters (getParameters) as last reported. */
  snapshot: null as Snapshot | null,
  /** Outputs of the playground's current network for (x₁, x₂) points. */
  predict: (points: number[][]) => predict(points),
  /** `net.gradients` in the worker for training point `index` (one row). */
  gradientsOf: (index: number) => workerGradients(index),
  /** The δ view's point and its pass, computed by the page. */
  delta: () => deltaState(),
  /** The diagram's neurons and lines as drawn. */
  diagram: () => ({ boxes: diagram.boxes, lines: diagram.lines }),
  gradientSizes: () => gradChart.series,
  /** Training loss of every epoch since the last setup. */
  losses: () => chart.train,
  /** Training and validation points of the current split. */
  rows: () => ({ train: data?.train.rows ?? 0, val: data?.val.rows ?? 0 }),
  /** The boundary plot has the network's output (true from setup on, before training). */
  answered: () => plot.hasGrid,
  /** Selects training point `index` for the δ view. */
  follow: (index: number) => follow(index),
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

// ---------------------------------------------------------------- reading the controls

function chosenFeatures(): FeatureId[] {
  return orderFeatures(
    featureInputs()
      .filter((b) => b.checked && isFeatureId(b.value))
      .map((b) => b.value as FeatureId),
  );
}

function readModel(): ModelSettings | null {
  const hidden = parseHidden(controls.layers.value);
  showError('layers', hidden.ok ? '' : hidden.message);
  const features = chosenFeatures();
  showError('features', features.length ? '' : 'Choose at least one input feature');
  if (!hidden.ok || !features.length) return null;
  return {
    dataset: controls.dataset.value as DatasetName,
    noise: Number(controls.noise.value) / 100,
    trainFraction: Number(controls.ratio.value) / 100,
    features,
    hidden: hidden.value,
    activation: controls.activation.value,
    loss: controls.loss.value as Loss,
    backend: controls.backend.value as Backend,
    threads: controls.threads.value === 'auto' ? 'auto' : Number(controls.threads.value),
    seed: SEED,
  };
}

function readHyper(): HyperSettings | null {
  const lr = parseLearningRate(controls.lr.value);
  const batch = parseBatchSize(controls.batch.value);
  showError('learningRate', lr.ok ? '' : lr.message);
  showError('batchSize', batch.ok ? '' : batch.message);
  if (!lr.ok || !batch.ok) return null;
  return {
    optimizer: controls.optimizer.value as Optimizer,
    learningRate: lr.value,
    batchSize: batch.value,
    weightDecay: Number(controls.l2.value),
    dropout: Number(controls.dropout.value) / 100,
    speed: Number(controls.speed.value),
  };
}

/** Live labels of the range inputs, the loss menu (regression trains on mse), the legend. */
function renderLabels(): void {
  $('noise-value').textContent = `${controls.noise.value}%`;
  $('ratio-value').textContent = `${controls.ratio.value}%`;
  $('dropout-value').textContent = `${controls.dropout.value}%`;
  const regression = taskOf(controls.dataset.value as DatasetName) === 'regression';
  controls.loss.disabled = regression;
  controls.loss.title = regression ? 'Regression trains a linear output on mse' : '';
  $('legend-0').textContent = regression ? 'value −1' : 'class 0';
  $('legend-1').textContent = regression ? 'value +1' : 'class 1';
}

// ---------------------------------------------------------------- shareable state in the URL

/** URL key → control. Checkboxes travel as one comma-separated list. */
const URL_KEYS: Record<string, HTMLInputElement | HTMLSelectElement> = {
  data: controls.dataset,
  noise: controls.noise,
  ratio: controls.ratio,
  layers: controls.layers,
  act: controls.activation,
  loss: controls.loss,
  backend: controls.backend,
  threads: controls.threads,
  opt: controls.optimizer,
  lr: controls.lr,
  batch: controls.batch,
  l2: controls.l2,
  dropout: controls.dropout,
  speed: controls.speed,
};

function writeUrl(): void {
  const q = new URLSearchParams();
  for (const [key, el] of Object.entries(URL_KEYS)) q.set(key, el.value);
  q.set('features', chosenFeatures().join(','));
  history.replaceState(null, '', `${location.pathname}?${q.toString()}`);
}

/** Puts the URL's settings into the controls; values a menu does not offer are ignored. */
function readUrl(): void {
  const q = new URLSearchParams(location.search);
  for (const [key, el] of Object.entries(URL_KEYS)) {
    const v = q.get(key);
    if (v === null) continue;
    if (el instanceof HTMLSelectElement) {
      if (Array.from(el.options).some((o) => o.value === v)) el.value = v;
    } else if (el.type === 'range') {
      const n = Number(v);
      if (Number.isFinite(n)) el.value = String(n);
    } else el.value = v; // text: the parsers show what is wrong with it
  }
  const features = q.get('features');
  if (features !== null) {
    const wanted = features.split(',');
    for (const box of featureInputs()) box.checked = wanted.includes(box.value);
  }
}

// ---------------------------------------------------------------- the worker

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const send = (message: ToWorker) => worker.postMessage(message);

const plot = new BoundaryPlot($<HTMLCanvasElement>('boundary'), GRID);
const chart = new LossChart($<HTMLCanvasElement>('loss-chart'));
const gradChart = new GradientChart($<HTMLCanvasElement>('grad-chart'));
const diagram = new Diagram($<HTMLCanvasElement>('diagram'));

let generation = 0;
let current: ModelSettings | null = null;
let shape: NetworkShape | null = null;
let inputNames: string[] = [];
/** The worker has no usable network (creating it failed): the next Train sets up again. */
let broken = false;
let data: { train: Points; val: Points } | null = null;
/** Feature rows of the training points, and of the diagram's MAP_SIZE² grid. */
let trainFeatures: Float32Array = new Float32Array(0);
let mapFeatures: Float32Array = new Float32Array(0);
let nextId = 1;
const pending = new Map<number, (msg: FromWorker) => void>();

function request(message: ToWorker & { id: number }): Promise<FromWorker> {
  return new Promise((resolve) => {
    pending.set(message.id, resolve);
    send(message);
  });
}

async function predict(points: number[][]): Promise<number[]> {
  const chosen = current?.features ?? ['x1', 'x2'];
  const rows = toFeatures(new Float32Array(points.flat()), chosen);
  const k = chosen.length;
  const x = Array.from({ length: points.length }, (_, r) => Array.from(rows.subarray(r * k, (r + 1) * k)));
  const msg = await request({ type: 'predict', id: nextId++, points: x });
  return msg.type === 'prediction' ? msg.outputs : [];
}

function trainRow(index: number): { x: number[]; y: number[] } {
  const k = current!.features.length;
  return { x: Array.from(trainFeatures.subarray(index * k, (index + 1) * k)), y: [data!.train.y[index]] };
}

async function workerGradients(index: number): Promise<{ loss: number; weights: number[][]; biases: number[][] } | null> {
  if (!current || !data) return null;
  const row = trainRow(index);
  const msg = await request({ type: 'gradients', id: nextId++, x: [row.x], y: [row.y] });
  return msg.type === 'gradients' ? { loss: msg.loss, weights: msg.weights, biases: msg.biases } : null;
}

function sameModel(a: ModelSettings | null, b: ModelSettings): boolean {
  return a !== null && JSON.stringify(a) === JSON.stringify(b);
}

/** New data and a new network for these settings; training stops. */
function setup(model: ModelSettings, hyper: HyperSettings): void {
  generation++;
  current = model;
  broken = false;
  const options = networkOptions(model);
  shape = { layers: options.layers, activation: options.activation, loss: options.loss };
  inputNames = model.features.map((id) => FEATURES.find((f) => f.id === id)!.label);
  data = makeSplit(model.dataset, model.noise, model.seed, model.trainFraction);
  plot.regression = taskOf(model.dataset) === 'regression';
  trainFeatures = toFeatures(data.train.x, model.features);
  mapFeatures = toFeatures(gridPoints(MAP_SIZE), model.features);
  deltaView.index = Math.min(deltaView.index, data.train.rows - 1);
  plot.highlight = [data.train.x[2 * deltaView.index], data.train.x[2 * deltaView.index + 1]];
  plot.setData(data.train, data.val);
  chart.reset();
  gradChart.reset();
  demo.snapshot = null;
  diagram.set(shape, inputNames, null, []);
  renderGradLegend();
  $('net-shape').textContent = options.layers.join(' – ');
  showError('general', '');
  Object.assign(demo, { epoch: 0, loss: NaN, valLoss: NaN, trainAccuracy: NaN, valAccuracy: NaN, epochsPerSecond: 0 });
  renderStats();
  setStatus('starting');
  const val = toFeatures(data.val.x, model.features);
  send({
    type: 'setup',
    model,
    hyper,
    train: { x: trainFeatures.slice(), y: data.train.y.slice(), rows: data.train.rows },
    val: { x: val, y: data.val.y.slice(), rows: data.val.rows },
    grid: toFeatures(gridPoints(GRID), model.features),
  });
  writeUrl();
}

/** Reads every control; sets up again when the network or data changed. Null when a control is invalid. */
function prepare(): HyperSettings | null {
  const model = readModel();
  const hyper = readHyper();
  if (!model || !hyper) return null;
  if (!sameModel(current, model) || broken) setup(model, hyper);
  else send({ type: 'hyper', hyper });
  showError('general', '');
  if (demo.status === 'error') setStatus(demo.epoch > 0 ? 'paused' : 'ready');
  writeUrl();
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

function renderGradLegend(): void {
  const n = shape ? shape.layers.length - 1 : 0;
  $('grad-legend').innerHTML = Array.from(
    { length: n },
    (_, k) => `<span><i class="line" style="background:${GradientChart.color(k, n)}"></i>W<sup>(${k + 2})</sup></span>`,
  ).join(' ');
}

/** The diagram's heat maps: the page's forward pass over the MAP_SIZE² grid. */
function drawNetwork(parameters: ParametersMessage): void {
  if (!shape) return;
  const maps = forwardMany(shape, parameters, mapFeatures, MAP_SIZE * MAP_SIZE);
  diagram.set(shape, inputNames, parameters, maps);
}

/**
 * The last progress report not drawn yet. Reports are drawn once per animation frame at
 * most: when drawing falls behind (a slow machine), the newest one is drawn and the
 * ones in between only add their points to the charts.
 */
let latest: Extract<FromWorker, { type: 'progress' }> | null = null;
let drawScheduled = false;

function drawLatest(): void {
  drawScheduled = false;
  const msg = latest;
  latest = null;
  if (!msg || msg.generation !== generation) return;
  plot.setGrid(msg.grid);
  drawNetwork(msg.parameters);
  gradChart.draw();
  chart.draw();
  renderStats();
  renderDelta(false);
}

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const msg = event.data;
  switch (msg.type) {
    case 'ready': {
      if (msg.generation !== generation) return;
      demo.engine = msg.engine;
      demo.threads = msg.threads;
      $('engine').textContent = ENGINE_LABEL[msg.engine] ?? msg.engine;
      $('engine-dot').dataset.engine = msg.engine;
      document.body.dataset.engine = msg.engine;
      stats.params.textContent = msg.parameters.toLocaleString('en');
      stats.threads.textContent = `${msg.threads} of ${cores}${isolated ? '' : ' (page not isolated)'}`;
      stats.root.dataset.threads = String(msg.threads);
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
      if (msg.valAccuracy >= 0.9 && !Number.isFinite(demo.accuracy90At)) demo.accuracy90At = performance.now();
      demo.snapshot = { shape: shape!, parameters: msg.parameters };
      renderStats();
      gradChart.add(msg.gradientSizes, false);
      if (msg.losses.length || msg.val.length) chart.add(msg.losses, msg.val, false);
      latest = msg;
      if (!drawScheduled) {
        drawScheduled = true;
        requestAnimationFrame(drawLatest);
      }
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
    case 'gradients':
      pending.get(msg.id)?.(msg);
      pending.delete(msg.id);
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

// ---------------------------------------------------------------- hovering a neuron

const tip = $<HTMLElement>('neuron-tip');
const diagramCanvas = $<HTMLCanvasElement>('diagram');

/** The label of the training point nearest to (x₁, x₂): the target y for δ off the data. */
function nearestTrainingPoint(x1: number, x2: number): number {
  let best = 0;
  let bestD = Infinity;
  const p = data!.train;
  for (let i = 0; i < p.rows; i++) {
    const d = (p.x[2 * i] - x1) ** 2 + (p.x[2 * i + 1] - x2) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

const n4 = (v: number) => (Number.isFinite(v) ? v.toPrecision(4).replace('-', '−') : '–');

diagramCanvas.addEventListener('pointermove', (event) => {
  const rect = diagramCanvas.getBoundingClientRect();
  const hit = diagram.hit(event.clientX - rect.left, event.clientY - rect.top);
  const snap = demo.snapshot;
  if (!hit || !snap || !current || !data) {
    tip.hidden = true;
    return;
  }
  const x = toFeatures(new Float32Array([hit.x1, hit.x2]), current.features);
  const y = [data.train.y[nearestTrainingPoint(hit.x1, hit.x2)]];
  const pass = forward(snap.shape, snap.parameters, x);
  const back = backward(snap.shape, snap.parameters, pass, y);
  const k = hit.layer;
  const l = k + 1; // README numbering
  const name = k === 0 ? `input ${inputNames[hit.index]}` : k === snap.shape.layers.length - 1 ? 'output' : `layer ${l}, neuron ${hit.index + 1}`;
  const u = k === 0 ? NaN : pass.u[k][hit.index];
  const t = pass.t[k][hit.index];
  const delta = k === 0 ? NaN : back.delta[k][hit.index];
  tip.innerHTML = `<b>${name}</b> at (x₁, x₂) = (${hit.x1.toFixed(2)}, ${hit.x2.toFixed(2)}), y = ${n4(y[0])}
    <span class="tip-row">u<sup>(${l})</sup> = <b data-key="u">${k === 0 ? '—' : n4(u)}</b></span>
    <span class="tip-row">t<sup>(${l})</sup> = <b data-key="t">${n4(t)}</b></span>
    <span class="tip-row">δ<sup>(${l})</sup> = <b data-key="delta">${k === 0 ? '—' : n4(delta)}</b></span>
    <span class="tip-note">y: the nearest training point's ${plot.regression ? 'target' : 'label'}</span>`;
  tip.dataset.layer = String(k);
  tip.dataset.index = String(hit.index);
  tip.dataset.u = String(u);
  tip.dataset.t = String(t);
  tip.dataset.delta = String(delta);
  tip.dataset.x1 = String(hit.x1);
  tip.dataset.x2 = String(hit.x2);
  tip.hidden = false;
  // beside the neuron, inside the box
  const box = diagramCanvas.parentElement!.getBoundingClientRect();
  const left = hit.box.x + hit.box.size + 10;
  tip.style.left = `${Math.min(left, box.width - tip.offsetWidth - 4)}px`;
  tip.style.top = `${Math.max(0, Math.min(hit.box.y, box.height - tip.offsetHeight))}px`;
});
diagramCanvas.addEventListener('pointerleave', () => {
  tip.hidden = true;
});

// ---------------------------------------------------------------- the δ view

const deltaView = { index: 0, step: 0, all: false, drawnAt: 0, pass: null as DeltaPass | null };

function follow(index: number): void {
  if (!data) return;
  deltaView.index = Math.max(0, Math.min(data.train.rows - 1, index));
  plot.highlight = [data.train.x[2 * deltaView.index], data.train.x[2 * deltaView.index + 1]];
  plot.draw();
  renderDelta(true);
}

function deltaState() {
  const p = deltaView.pass;
  if (!p || !current) return null;
  return {
    index: deltaView.index,
    ...trainRow(deltaView.index),
    loss: p.back.loss,
    weights: p.back.weights.map((w) => Array.from(w)),
    biases: p.back.biases.map((b) => Array.from(b)),
    steps: p.steps.length,
    step: deltaView.step,
  };
}

/** Redraws the δ view from the latest parameters (while training, once a second). */
function renderDelta(force: boolean): void {
  const snap = demo.snapshot;
  if (!snap || !current || !data) return;
  const now = performance.now();
  if (!force && demo.status === 'running' && now - deltaView.drawnAt < 1000) return;
  deltaView.drawnAt = now;
  const row = trainRow(deltaView.index);
  deltaView.pass = deltaSteps(snap.shape, snap.parameters, row.x, row.y, inputNames);
  const steps = deltaView.pass.steps;
  deltaView.step = Math.min(deltaView.step, steps.length - 1);
  const px = data.train.x[2 * deltaView.index];
  const py = data.train.x[2 * deltaView.index + 1];
  $('delta-point').innerHTML =
    `Training point #${deltaView.index}: (x₁, x₂) = (${px.toFixed(3)}, ${py.toFixed(3)}), y = ${n4(row.y[0])} · after epoch ${demo.epoch.toLocaleString('en')}`;
  const list = $('delta-steps');
  list.innerHTML = steps
    .map(
      (s, i) =>
        `<li class="step${i === deltaView.step ? ' current' : ''}" data-kind="${s.kind}" data-layer="${s.layer}" data-index="${i}"${deltaView.all || i <= deltaView.step ? '' : ' hidden'}><span class="phase">${i < steps.findIndex((q) => q.kind === 'loss') ? 'forward' : 'backward'}</span>${s.html}</li>`,
    )
    .join('');
  $('delta-count').textContent = `step ${deltaView.step + 1} of ${steps.length}`;
  $<HTMLButtonElement>('delta-prev').disabled = deltaView.step === 0;
  $<HTMLButtonElement>('delta-next').disabled = deltaView.step === steps.length - 1;
}

$('delta-next').addEventListener('click', () => {
  deltaView.step++;
  deltaView.all = false;
  renderDelta(true);
  document.querySelector('#delta-steps .current')?.scrollIntoView({ block: 'nearest' });
});
$('delta-prev').addEventListener('click', () => {
  deltaView.step = Math.max(0, deltaView.step - 1);
  deltaView.all = false;
  renderDelta(true);
});
$('delta-all').addEventListener('click', () => {
  deltaView.all = true;
  deltaView.step = (deltaView.pass?.steps.length ?? 1) - 1;
  renderDelta(true);
});

$<HTMLCanvasElement>('boundary').addEventListener('click', (event) => {
  if (!data) return;
  const rect = (event.target as HTMLCanvasElement).getBoundingClientRect();
  const [x1, x2] = plot.pointAt(event.clientX - rect.left, event.clientY - rect.top);
  follow(nearestTrainingPoint(x1, x2));
});

// ---------------------------------------------------------------- buttons and controls

buttons.train.addEventListener('click', () => {
  if (!prepare()) return;
  if (demo.epoch === 0) demo.trainStartedAt = performance.now();
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

// Changing the data or the network starts over (like pressing Reset); the training
// settings apply to the next chunk of training.
for (const el of [controls.dataset, controls.activation, controls.loss, controls.backend, controls.threads, controls.noise, controls.ratio]) {
  el.addEventListener('change', () => {
    renderLabels();
    buttons.reset.click();
  });
}
featureBox.addEventListener('change', () => {
  if (readModel()) buttons.reset.click();
});
for (const el of [controls.noise, controls.ratio, controls.dropout]) el.addEventListener('input', renderLabels);
controls.layers.addEventListener('input', () => readModel());
controls.layers.addEventListener('change', () => {
  const model = readModel();
  if (model && !sameModel(current, model)) buttons.reset.click();
});
for (const el of [controls.lr, controls.batch, controls.optimizer, controls.l2, controls.dropout, controls.speed]) {
  el.addEventListener(el instanceof HTMLSelectElement || el.type === 'range' ? 'change' : 'input', () => {
    const hyper = readHyper();
    if (hyper) {
      send({ type: 'hyper', hyper });
      writeUrl();
    }
  });
}
controls.lr.form?.addEventListener('submit', (e) => e.preventDefault());

window.addEventListener('resize', () => {
  plot.draw();
  chart.draw();
  gradChart.draw();
  diagram.draw();
});

// start with the URL's settings, or the defaults; the untrained network's answer is drawn at once
readUrl();
renderLabels();
{
  const model = readModel();
  const hyper = readHyper();
  if (model && hyper) setup(model, hyper);
}

mountPad($('digits'), demo.digit);
