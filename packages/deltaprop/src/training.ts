/**
 * The training loop of Network.train: runs the kernels in as few calls as it can,
 * records the figures, calls the callbacks, and on any failure puts the network back
 * as it was before the call.
 *
 * Each call into the kernels runs as many epochs as it can: all of them; one at a
 * time when anything happens between epochs (onEpochEnd, validation, early stopping,
 * a schedule); or slices of about 20 ms when only `signal` is given, so that an abort
 * (and a dispose) is seen.
 */
import { type Backend, MAX_EPOCHS_PER_RUN } from './backend.js';
import type { Matrix } from './data.js';
import { trainingDiverged } from './divergence.js';
import type { EarlyStopper } from './early-stopping.js';
import { BulkFigures } from './history.js';
import type { Activity } from './lifetime.js';
import type { TrainPlan } from './spec.js';
import type { EpochInfo, TrainHistory, TrainOptions } from './types.js';

/** Without callbacks, a training call with a signal returns to the event loop about this often. */
const SLICE_MS = 20;

export interface Pair {
  x: Matrix;
  y: Matrix;
}

export interface TrainingJob {
  train: Pair;
  validation: Pair | null;
  plan: TrainPlan;
  rateAt: (epoch: number) => number;
  early: EarlyStopper | null;
  /** Whether the history carries accuracy figures. */
  classifies: boolean;
  events: Pick<TrainOptions, 'onEpochEnd' | 'onBatchEnd' | 'signal' | 'schedule'>;
}

/** An empty history of the shape a training with these facts returns. */
export function newHistory(validation: boolean, classifies: boolean): TrainHistory {
  const history: TrainHistory = { epochs: 0, loss: [], learningRate: [], aborted: false, stoppedEarly: false };
  if (validation) history.valLoss = [];
  if (classifies) history.accuracy = [];
  if (validation && classifies) history.valAccuracy = [];
  return history;
}

/** Trains; ends `activity` when it stops, whatever the way (in the same turn when nothing awaited). */
export async function runTraining(backend: Backend, job: TrainingJob, activity: Activity): Promise<TrainHistory> {
  try {
    const { train, validation, plan, rateAt, early } = job;
    const { onEpochEnd, onBatchEnd, signal } = job.events;
    const history = newHistory(validation !== null, job.classifies);
    const perEpoch = Boolean(onEpochEnd || validation || early || job.events.schedule);
    const bulk = perEpoch ? null : new BulkFigures(history, train.x.rows);
    let lastLoss = NaN;
    const batchesPerEpoch = Math.ceil(train.x.rows / plan.batchSize);

    const saved = backend.saveState();
    const session = backend.startTraining(train.x.data, train.y.data, train.x.rows, plan);
    try {
      let slice = 1;
      while (history.epochs < plan.epochs && !history.stoppedEarly) {
        if (signal?.aborted) {
          history.aborted = true;
          break;
        }
        const rate = rateAt(history.epochs + 1);
        const left = plan.epochs - history.epochs;
        const chunk = perEpoch ? 1 : Math.min(signal ? Math.min(slice, left) : left, MAX_EPOCHS_PER_RUN);
        const started = performance.now();
        const result = session.run(chunk, rate);
        if (bulk) {
          // Nothing to do between epochs: take the figures in bulk.
          history.epochs += result.completed;
          bulk.add(result, rate);
          if (result.completed > 0) lastLoss = result.losses[result.completed - 1]!;
        }
        for (let i = 0; perEpoch && i < result.completed; i++) {
          const info: EpochInfo = { epoch: history.epochs + 1, loss: result.losses[i]!, learningRate: rate };
          if (history.accuracy) info.accuracy = result.correct[i]! / train.x.rows;
          if (validation) {
            const v = backend.evaluate(validation.x.data, validation.y.data, validation.x.rows);
            info.valLoss = v.loss;
            if (history.valAccuracy) info.valAccuracy = v.correct / validation.x.rows;
          }
          record(history, info);
          onEpochEnd?.(info);
          activity.check();
          if (early?.observe(info)) {
            history.stoppedEarly = info.epoch < plan.epochs;
            break;
          }
        }
        if (result.diverged) {
          throw trainingDiverged(history.epochs + 1, result.diverged.batch + 1, backend.locateNonFinite(), rate);
        }
        if (!bulk) lastLoss = history.loss[history.loss.length - 1]!;
        onBatchEnd?.({ epoch: history.epochs, batches: history.epochs * batchesPerEpoch, loss: lastLoss });
        activity.check();
        if (signal) {
          const ms = performance.now() - started;
          slice = Math.max(1, Math.min(slice * 4, Math.round((chunk * SLICE_MS) / Math.max(ms, 0.01))));
          await yieldToEventLoop();
          activity.check();
        }
      }
      early?.finish(history);
    } catch (e) {
      saved.restore();
      throw e;
    } finally {
      session.end();
    }
    return history;
  } finally {
    activity.end();
  }
}

function record(history: TrainHistory, info: EpochInfo): void {
  history.epochs = info.epoch;
  history.loss.push(info.loss);
  history.learningRate.push(info.learningRate);
  if (info.accuracy !== undefined) history.accuracy?.push(info.accuracy);
  if (info.valLoss !== undefined) history.valLoss?.push(info.valLoss);
  if (info.valAccuracy !== undefined) history.valAccuracy?.push(info.valAccuracy);
}

/** Lets timers and messages run: setImmediate in Node, a message round trip in browsers (setTimeout waits ≥ 1 ms or more). */
function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
