/// <reference lib="webworker" />
/**
 * The training worker. It owns the network; the page sends settings and commands and
 * receives progress. Training runs in chunks of epochs (one `net.train` call each):
 * at a chosen speed, `speed` epochs every frame (1/60 s); as fast as possible, chunks
 * sized to take about 20 ms. Between chunks, Pause and new settings take effect.
 */
import { Network, DeltapropError, kernelInfo } from 'deltaprop';
import { networkOptions, type HyperSettings } from './settings';
import type { FromWorker, GradientSizes, PointsMessage, ToWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

let net: Network | null = null;
let generation = 0;
let hyper: HyperSettings = { optimizer: 'adam', learningRate: 0.01, batchSize: 16, weightDecay: 0, dropout: 0, speed: 0 };
let lossName: 'mse' | 'cross-entropy' = 'cross-entropy';
let regression = false;
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
/** Requests that arrived while a `train` call ran (the network answers BUSY then): run after it. */
const afterChunk: (() => void)[] = [];
function whenIdle(job: () => void): void {
  if (busy) afterChunk.push(job);
  else job();
}

/** Epochs per `net.train` call are sized to take about this long. */
const TARGET_CHUNK_MS = 20;
/** The page gets progress (and new heat maps) at most this often while training runs. */
const POST_EVERY_MS = 50;
const FRAME_MS = 1000 / 60;
/** At most this many epochs per call, so the validation curve gets a point at least this often. */
const MAX_CHUNK = 32;

function post(message: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function whereOf(err: unknown): 'layers' | 'learningRate' | 'batchSize' | 'weightDecay' | 'dropout' | 'general' {
  const text = `${(err as { code?: string }).code ?? ''} ${(err as Error).message ?? ''}`.toLowerCase();
  if (/learning.?rate/.test(text)) return 'learningRate';
  if (/weight.?decay/.test(text)) return 'weightDecay';
  if (/dropout/.test(text)) return 'dropout';
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
  if (lossName === 'mse' && regression) return NaN;
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
/** The epoch of the last progress report. */
let postedEpoch = -1;

function validationLoss(): number {
  return meanLoss(predictFlat(val!.x, val!.rows), val!.y);
}

/** RMS of every layer's ∂E/∂W over the training rows (net.gradients: no dropout, no weight decay). */
function gradientSizes(): GradientSizes {
  const g = net!.gradients({ data: train!.x, rows: train!.rows }, { data: train!.y, rows: train!.rows });
  return { epoch, rms: g.weights.map((w) => Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length)) };
}

function progress(): void {
  if (!net || !train || !val) return;
  const parameters = net.getParameters();
  const valOut = predictFlat(val.x, val.rows);
  const trainOut = predictFlat(train.x, train.rows);
  const gridOut = predictFlat(grid, grid.length / net.layers[0]).slice();
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
      parameters,
      gradientSizes: gradientSizes(),
      running,
    },
    [gridOut.buffer, ...parameters.weights.map((w) => w.buffer), ...parameters.biases.map((b) => b.buffer)],
  );
  pendingLosses = [];
  pendingVal = [];
  lastPost = now;
  postedEpoch = epoch;
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
    let frame = performance.now();
    while (net && train && (running || stepsPending > 0)) {
      const gen = generation;
      const paced = running && hyper.speed > 0;
      const epochs = !running ? 1 : paced ? hyper.speed : chunk;
      const t0 = performance.now();
      let history;
      busy = net;
      try {
        history = await net.train(
          { data: train.x, rows: train.rows },
          { data: train.y, rows: train.rows },
          {
            epochs,
            batchSize: hyper.batchSize,
            optimizer: optimizerOption(hyper),
            learningRate: hyper.learningRate,
            weightDecay: hyper.weightDecay,
            dropout: hyper.dropout,
          },
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
        for (const job of afterChunk.splice(0)) job();
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
      if (paced) {
        // the next frame starts FRAME_MS after this one did (a slow frame is not made up)
        frame = Math.max(frame + FRAME_MS, performance.now());
        const wait = frame - performance.now();
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
        else await yieldToMessages();
      } else await yieldToMessages();
    }
  } finally {
    looping = false;
  }
  // a pause can arrive between a chunk and its report: the page gets the final state
  if (net && epoch !== postedEpoch) progress();
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
  const options = networkOptions(msg.model);
  lossName = options.loss;
  regression = options.activation.at(-1) === 'linear';
  train = msg.train;
  val = msg.val;
  grid = msg.grid;
  let created: Network;
  try {
    created = await Network.create(options as Parameters<typeof Network.create>[0]);
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
  const layers = options.layers;
  let parameters = 0;
  for (let l = 1; l < layers.length; l++) parameters += layers[l - 1] * layers[l] + layers[l];
  pendingLosses = [];
  pendingVal = [];
  // the first report before 'ready': when the page says it is ready, it already shows the untrained network's losses
  progress();
  post({ type: 'ready', generation, engine, parameters, threads: created.threads });
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
    case 'predict':
      whenIdle(() => {
        let outputs: number[] = [];
        if (net) {
          const flat = new Float32Array(msg.points.flat());
          outputs = Array.from(predictFlat(flat, msg.points.length));
        }
        post({ type: 'prediction', id: msg.id, outputs });
      });
      break;
    case 'gradients':
      whenIdle(() => {
        if (!net) {
          post({ type: 'gradients', id: msg.id, loss: NaN, weights: [], biases: [] });
          return;
        }
        const g = net.gradients(msg.x, msg.y);
        post({ type: 'gradients', id: msg.id, loss: g.loss, weights: g.weights.map((w) => Array.from(w)), biases: g.biases.map((b) => Array.from(b)) });
      });
      break;
  }
};
