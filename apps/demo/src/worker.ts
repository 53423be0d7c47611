/// <reference lib="webworker" />
/**
 * The training worker. It owns the network; the page sends settings and commands and
 * receives progress. Training runs in chunks of epochs (one `net.train` call each),
 * sized to take about 50 ms, so that Pause and new settings take effect quickly and
 * the decision boundary is redrawn often.
 */
import { Network, DeltapropError, kernelInfo } from 'deltaprop';
import { gridPoints } from './datasets';
import { networkOptions, type HyperSettings } from './settings';
import type { FromWorker, PointsMessage, ToWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

let net: Network | null = null;
let generation = 0;
let hyper: HyperSettings = { optimizer: 'adam', learningRate: 0.03, batchSize: 16 };
let lossName: 'mse' | 'cross-entropy' = 'cross-entropy';
let train: PointsMessage | null = null;
let val: PointsMessage | null = null;
let grid: Float32Array = new Float32Array(0);
let epoch = 0;
let running = false;
let looping = false;
let stepsPending = 0;
let chunk = 1;
/** The network inside a `train` call right now; disposed only after that call returns. */
let busy: Network | null = null;
let retired: Network | null = null;

/** Epochs per `net.train` call are sized to take about this long. */
const TARGET_CHUNK_MS = 20;
/** The page gets progress (and a new heat map) at most this often while training runs. */
const POST_EVERY_MS = 80;
/** At most this many epochs per call, so the validation curve gets a point at least this often. */
const MAX_CHUNK = 32;

function post(message: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function whereOf(err: unknown): 'layers' | 'learningRate' | 'batchSize' | 'general' {
  const text = `${(err as { code?: string }).code ?? ''} ${(err as Error).message ?? ''}`.toLowerCase();
  if (/learning.?rate/.test(text)) return 'learningRate';
  if (/batch/.test(text)) return 'batchSize';
  if (/layer|shape|neuron/.test(text)) return 'layers';
  return 'general';
}

function reportError(err: unknown): void {
  const code = err instanceof DeltapropError ? String((err as { code?: string }).code ?? 'DELTAPROP') : 'ERROR';
  const message = err instanceof Error ? err.message : String(err);
  running = false;
  stepsPending = 0;
  post({ type: 'error', generation, code, message, where: whereOf(err), recoverable: net !== null });
  post({ type: 'state', running: false });
}

function optimizerOption(h: HyperSettings) {
  return { type: h.optimizer, learningRate: h.learningRate } as const;
}

/** Mean per-sample loss of outputs `t` against labels `y`, as the library defines it. */
function meanLoss(t: Float32Array, y: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    if (lossName === 'mse') {
      const d = y[i] - t[i];
      sum += 0.5 * d * d;
    } else {
      const p = Math.min(Math.max(t[i], 1e-7), 1 - 1e-7);
      sum -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);
    }
  }
  return sum / y.length;
}

function accuracy(t: Float32Array, y: Float32Array): number {
  let right = 0;
  for (let i = 0; i < y.length; i++) if ((t[i] >= 0.5 ? 1 : 0) === y[i]) right++;
  return right / y.length;
}

function predictFlat(x: Float32Array, rows: number): Float32Array {
  const out = net!.predict({ data: x, rows }) as { data: Float32Array };
  return out.data;
}

let rateWindow: { t: number; epochs: number }[] = [];
/** Training losses and validation points not yet sent to the page. */
let pendingLosses: number[] = [];
let pendingVal: { epoch: number; loss: number }[] = [];
let lastPost = 0;

function validationLoss(): number {
  return meanLoss(predictFlat(val!.x, val!.rows), val!.y);
}

function progress(): void {
  if (!net || !train || !val) return;
  const valOut = predictFlat(val.x, val.rows);
  const trainOut = predictFlat(train.x, train.rows);
  const gridOut = predictFlat(grid, grid.length / 2).slice();
  const now = performance.now();
  rateWindow = rateWindow.filter((w) => now - w.t < 1000);
  let eps = 0;
  if (rateWindow.length > 1) {
    const first = rateWindow[0];
    const total = rateWindow.slice(1).reduce((s, w) => s + w.epochs, 0);
    eps = total / Math.max((now - first.t) / 1000, 1e-3);
  }
  const valLoss = meanLoss(valOut, val.y);
  if (!pendingVal.length || pendingVal[pendingVal.length - 1].epoch !== epoch) pendingVal.push({ epoch, loss: valLoss });
  post(
    {
      type: 'progress',
      generation,
      epoch,
      losses: pendingLosses,
      val: pendingVal,
      valLoss,
      trainAccuracy: accuracy(trainOut, train.y),
      valAccuracy: accuracy(valOut, val.y),
      epochsPerSecond: running && eps > 0 ? eps : NaN,
      grid: gridOut,
      running,
    },
    [gridOut.buffer],
  );
  pendingLosses = [];
  pendingVal = [];
  lastPost = now;
}

/** Lets queued messages (Pause, new settings) in between two chunks; faster than setTimeout(0). */
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });
}

async function loop(): Promise<void> {
  if (looping) return;
  looping = true;
  rateWindow = [{ t: performance.now(), epochs: 0 }];
  try {
    while (net && train && (running || stepsPending > 0)) {
      const gen = generation;
      const epochs = running ? chunk : 1;
      const t0 = performance.now();
      let history;
      busy = net;
      try {
        history = await net.train(
          { data: train.x, rows: train.rows },
          { data: train.y, rows: train.rows },
          { epochs, batchSize: hyper.batchSize, optimizer: optimizerOption(hyper), learningRate: hyper.learningRate },
        );
      } catch (err) {
        if (gen === generation) reportError(err);
        break;
      } finally {
        busy = null;
        if (retired) {
          retired.dispose();
          retired = null;
        }
      }
      if (gen !== generation) continue; // a new setup arrived while this chunk ran
      const ms = performance.now() - t0;
      if (running) chunk = Math.max(1, Math.min(MAX_CHUNK, Math.round(chunk * Math.min(2, TARGET_CHUNK_MS / Math.max(ms, 0.5)))));
      else stepsPending = Math.max(0, stepsPending - 1);
      epoch += history.loss.length;
      rateWindow.push({ t: performance.now(), epochs: history.loss.length });
      pendingLosses.push(...history.loss);
      const bad = history.loss.find((l) => !Number.isFinite(l));
      if (bad !== undefined) {
        running = false;
        stepsPending = 0;
        post({
          type: 'error',
          generation,
          code: 'DIVERGED',
          message: 'The loss became infinite or NaN: lower the learning rate and press Reset.',
          where: 'learningRate',
          recoverable: false,
        });
        post({ type: 'state', running: false });
      }
      if (!running || performance.now() - lastPost >= POST_EVERY_MS) progress();
      else pendingVal.push({ epoch, loss: validationLoss() });
      await yieldToMessages();
    }
  } finally {
    looping = false;
  }
}

async function setup(msg: Extract<ToWorker, { type: 'setup' }>): Promise<void> {
  const gen = ++generation;
  running = false;
  stepsPending = 0;
  chunk = 1;
  epoch = 0;
  if (net && net === busy) retired = net;
  else net?.dispose();
  net = null;
  hyper = msg.hyper;
  lossName = msg.model.loss;
  train = msg.train;
  val = msg.val;
  grid = gridPoints(msg.gridSize);
  let created: Network;
  try {
    created = await Network.create(networkOptions(msg.model));
  } catch (err) {
    if (gen === generation) reportError(err);
    return;
  }
  if (gen !== generation) {
    created.dispose();
    return;
  }
  net = created;
  // kernelInfo().engine: which WebAssembly build runs ('wasm-simd' or 'wasm-relaxed-simd')
  const engine = msg.model.backend === 'reference' ? 'reference' : (kernelInfo().engine ?? created.engine);
  const layers = networkOptions(msg.model).layers;
  let parameters = 0;
  for (let l = 1; l < layers.length; l++) parameters += layers[l - 1] * layers[l] + layers[l];
  pendingLosses = [];
  pendingVal = [];
  post({ type: 'ready', generation, engine, parameters });
  progress();
}

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  switch (msg.type) {
    case 'setup':
      void setup(msg);
      break;
    case 'hyper':
      hyper = msg.hyper;
      break;
    case 'run':
      if (!net) return;
      running = true;
      post({ type: 'state', running: true });
      void loop();
      break;
    case 'pause':
      running = false;
      post({ type: 'state', running: false });
      break;
    case 'step':
      if (!net) return;
      running = false;
      stepsPending++;
      post({ type: 'state', running: false });
      void loop();
      break;
    case 'predict': {
      let outputs: number[] = [];
      if (net) {
        const flat = new Float32Array(msg.points.flat());
        outputs = Array.from(predictFlat(flat, msg.points.length));
      }
      post({ type: 'prediction', id: msg.id, outputs });
      break;
    }
  }
};
