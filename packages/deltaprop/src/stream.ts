/**
 * Training on data larger than memory: `net.train(chunks, options)` with an async
 * iterable of `{ inputs, targets }` chunks (for example csvChunks of deltaprop/data).
 * Each chunk is copied into the kernels' memory, trained on for one pass of
 * mini-batches by the same fused kernels as `train` on arrays, and freed; so memory
 * holds one chunk at a time, whatever the size of the data. One pass over the
 * stream is one epoch: for several, the iterable must start afresh each time it is
 * iterated (csvChunks of a file path or text does).
 *
 * Rows are shuffled within a chunk (when `shuffle` is on), chunks come in the
 * stream's order. The epoch's loss is the mean over all its rows, as for arrays.
 */
import type { Backend } from './backend.js';
import type { Matrix } from './data.js';
import { trainingDiverged } from './divergence.js';
import { checkEarlyStopping, EarlyStopper } from './early-stopping.js';
import { fail } from './errors.js';
import type { Activity } from './lifetime.js';
import { describe } from './options.js';
import { checkSchedule } from './schedule.js';
import { checkTrainOptions } from './spec.js';
import { newHistory } from './training.js';
import type { EpochInfo, Rows, TrainHistory, TrainOptions } from './types.js';

/** One chunk of a stream of training rows. */
export interface RowChunk {
  /** The chunk's input rows. */
  inputs: Rows;
  /** Their targets. */
  targets: Rows;
}

/** What stream training needs of the network. */
export interface StreamHost {
  backend: Backend;
  layers: readonly number[];
  classifies: boolean;
  pair(inputs: Rows, targets: Rows, names: string[], check: boolean): { x: Matrix; y: Matrix };
  /** The class and sample weights of a chunk's rows (see weights.ts), or null. */
  weigh(y: Matrix): Float32Array | null;
}

export function isChunkStream(x: unknown): x is AsyncIterable<RowChunk> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && typeof (x as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

/** `o`: the train options as readTrainOptions read them; `events` as checked by the network. */
export async function trainStream(
  host: StreamHost,
  source: AsyncIterable<RowChunk>,
  o: TrainOptions,
  events: Pick<TrainOptions, 'onEpochEnd' | 'onBatchEnd' | 'signal'>,
  activity: Activity,
): Promise<TrainHistory> {
  try {
    return await trainOn(host, source, o, events, activity);
  } finally {
    // The last thing the training does: the network is free again (see lifetime.ts).
    activity.end();
  }
}

async function trainOn(
  host: StreamHost,
  source: AsyncIterable<RowChunk>,
  o: TrainOptions,
  events: Pick<TrainOptions, 'onEpochEnd' | 'onBatchEnd' | 'signal'>,
  activity: Activity,
): Promise<TrainHistory> {
  const { backend } = host;
  const { onEpochEnd, onBatchEnd, signal } = events;
  if (o.validationSplit !== undefined) fail('INVALID_OPTION', 'validationSplit needs the rows in memory; with a stream of chunks give validationData');
  if (o.sampleWeight !== undefined) fail('INVALID_OPTION', 'sampleWeight needs the rows in memory; with a stream of chunks give classWeight');
  if (o.classWeight === 'balanced')
    fail('INVALID_OPTION', "classWeight 'balanced' needs the class counts of all rows; with a stream of chunks give { [class]: weight }");
  // The batch size is checked against an unbounded row count; each chunk then takes min(batchSize, its rows).
  const plan = checkTrainOptions(o, Number.MAX_SAFE_INTEGER, host.layers.length);
  const rateAt = checkSchedule(o.schedule, plan.optimizer.learningRate, plan.epochs);
  let validation: { x: Matrix; y: Matrix } | null = null;
  if (o.validationData !== undefined) {
    const data = o.validationData;
    if (typeof data !== 'object' || data === null) fail('INVALID_OPTION', 'validationData must be { inputs, targets }');
    const v = host.pair(data.inputs, data.targets, ['validationData.inputs', 'validationData.targets'], true);
    validation = { x: { ...v.x, data: v.x.data.slice() }, y: { ...v.y, data: v.y.data.slice() } };
  }
  const rule = checkEarlyStopping(o.earlyStopping, validation !== null);
  const early = rule ? new EarlyStopper(rule, backend) : null;

  const history = newHistory(validation !== null, host.classifies);
  let batches = 0;
  const saved = backend.saveState();
  try {
    epochs: for (let epoch = 1; epoch <= plan.epochs; epoch++) {
      const rate = rateAt(epoch);
      let rows = 0;
      let lossSum = 0;
      let correct = 0;
      let chunks = 0;
      for await (const chunk of source) {
        activity.check();
        if (signal?.aborted) {
          history.aborted = true;
          break epochs;
        }
        if (typeof chunk !== 'object' || chunk === null)
          fail('INVALID_OPTION', `chunk ${chunks + 1} of the stream must be { inputs, targets }, got ${describe(chunk)}`);
        const what = `chunk ${chunks + 1}`;
        const { x, y } = host.pair(chunk.inputs, chunk.targets, [`${what} inputs`, `${what} targets`], !backend.checksData);
        const batchSize = Math.min(plan.batchSize, x.rows);
        const session = backend.startTraining(x.data, y.data, x.rows, { ...plan, epochs: 1, batchSize, weights: host.weigh(y) });
        let result;
        try {
          result = session.run(1, rate);
        } finally {
          session.end();
        }
        if (result.diverged) throw trainingDiverged(epoch, result.diverged.batch + 1, backend.locateNonFinite(), rate);
        chunks += 1;
        rows += x.rows;
        lossSum += result.losses[0]! * x.rows;
        correct += result.correct[0]!;
        batches += Math.ceil(x.rows / batchSize);
        onBatchEnd?.({ epoch, batches, loss: result.losses[0]! });
      }
      activity.check();
      if (rows === 0) {
        fail(
          'INVALID_OPTION',
          epoch === 1
            ? 'the stream gave no rows'
            : `the stream gave no rows in epoch ${epoch}: it can be read once only; for several epochs pass an iterable that starts afresh each time it is iterated (csvChunks of a path or text does)`,
        );
      }
      const info: EpochInfo = { epoch, loss: lossSum / rows, learningRate: rate };
      if (history.accuracy) info.accuracy = correct / rows;
      if (validation) {
        const v = backend.evaluate(validation.x.data, validation.y.data, validation.x.rows);
        info.valLoss = v.loss;
        if (history.valAccuracy) info.valAccuracy = v.correct / validation.x.rows;
      }
      history.epochs = epoch;
      history.loss.push(info.loss);
      history.learningRate.push(rate);
      if (info.accuracy !== undefined) history.accuracy?.push(info.accuracy);
      if (info.valLoss !== undefined) history.valLoss?.push(info.valLoss);
      if (info.valAccuracy !== undefined) history.valAccuracy?.push(info.valAccuracy);
      onEpochEnd?.(info);
      activity.check();
      if (early?.observe(info)) {
        history.stoppedEarly = epoch < plan.epochs;
        break;
      }
    }
    early?.finish(history);
  } catch (e) {
    saved.restore();
    throw e;
  }
  return history;
}
