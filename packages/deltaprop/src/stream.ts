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
import { DeltapropError, fail } from './errors.js';
import type { Matrix } from './data.js';
import { checkEarlyStopping, checkSchedule } from './schedule.js';
import { checkTrainOptions, describe } from './spec.js';
import type { EpochInfo, Parameters, Rows, TrainHistory, TrainOptions } from './types.js';

export interface RowChunk {
  inputs: Rows;
  targets: Rows;
}

/** What stream training needs of the network. */
export interface StreamHost {
  backend: Backend;
  layers: readonly number[];
  classifies: boolean;
  pair(inputs: Rows, targets: Rows, names: string[], check: boolean): { x: Matrix; y: Matrix };
}

export function isChunkStream(x: unknown): x is AsyncIterable<RowChunk> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && typeof (x as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

export async function trainStream(host: StreamHost, source: AsyncIterable<RowChunk>, options: TrainOptions = {}): Promise<TrainHistory> {
  const { backend } = host;
  if (typeof options !== 'object' || options === null) fail('INVALID_OPTION', 'train options must be an object');
  const { onEpochEnd, onBatchEnd, signal } = options;
  for (const [name, fn] of [['onEpochEnd', onEpochEnd], ['onBatchEnd', onBatchEnd]] as const) {
    if (fn !== undefined && typeof fn !== 'function') fail('INVALID_OPTION', `${name} must be a function`);
  }
  if (signal !== undefined && !(typeof signal === 'object' && signal !== null && 'aborted' in signal)) fail('INVALID_OPTION', 'signal must be an AbortSignal');
  if (options.validationSplit !== undefined) fail('INVALID_OPTION', 'validationSplit needs the rows in memory; with a stream of chunks give validationData');
  // The batch size is checked against an unbounded row count; each chunk then takes min(batchSize, its rows).
  const plan = checkTrainOptions(options, Number.MAX_SAFE_INTEGER, host.layers.length);
  const rateAt = checkSchedule(options.schedule, plan.optimizer.learningRate, plan.epochs);
  let validation: { x: Matrix; y: Matrix } | null = null;
  if (options.validationData !== undefined) {
    const data = options.validationData;
    if (typeof data !== 'object' || data === null) fail('INVALID_OPTION', 'validationData must be { inputs, targets }');
    const v = host.pair(data.inputs, data.targets, ['validationData.inputs', 'validationData.targets'], true);
    validation = { x: { ...v.x, data: v.x.data.slice() }, y: { ...v.y, data: v.y.data.slice() } };
  }
  const early = checkEarlyStopping(options.earlyStopping, validation !== null);

  const history: TrainHistory = { epochs: 0, loss: [], learningRate: [], aborted: false, stoppedEarly: false };
  if (validation) history.valLoss = [];
  if (host.classifies) history.accuracy = [];
  if (validation && host.classifies) history.valAccuracy = [];
  let best = { value: Infinity, epoch: 0, parameters: null as Parameters | null };
  let waited = 0;
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
        if (signal?.aborted) {
          history.aborted = true;
          break epochs;
        }
        if (typeof chunk !== 'object' || chunk === null) fail('INVALID_OPTION', `chunk ${chunks + 1} of the stream must be { inputs, targets }, got ${describe(chunk)}`);
        const what = `chunk ${chunks + 1}`;
        const { x, y } = host.pair(chunk.inputs, chunk.targets, [`${what} inputs`, `${what} targets`], !backend.checksData);
        const batchSize = Math.min(plan.batchSize, x.rows);
        const session = backend.startTraining(x.data, y.data, x.rows, { ...plan, epochs: 1, batchSize });
        let result;
        try {
          result = session.run(1, rate);
        } finally {
          session.end();
        }
        if (result.diverged) {
          throw new DeltapropError(
            'DIVERGED',
            `training diverged in epoch ${epoch}, chunk ${chunks + 1}: the loss or the parameters became NaN or infinite. The network was restored to its state before this call. ` +
              `Try a smaller learning rate (it was ${rate}) or standardize the inputs.`,
            { epoch, chunk: chunks + 1, learningRate: rate },
          );
        }
        chunks += 1;
        rows += x.rows;
        lossSum += result.losses[0]! * x.rows;
        correct += result.correct[0]!;
        batches += Math.ceil(x.rows / batchSize);
        onBatchEnd?.({ epoch, batches, loss: result.losses[0]! });
      }
      if (rows === 0) {
        fail('INVALID_OPTION', epoch === 1 ? 'the stream gave no rows' : `the stream gave no rows in epoch ${epoch}: it can be read once only; for several epochs pass an iterable that starts afresh each time it is iterated (csvChunks of a path or text does)`);
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
      if (early) {
        const value = early.monitor === 'valLoss' ? info.valLoss! : info.loss;
        if (value < best.value - early.minDelta) {
          best = { value, epoch, parameters: early.restoreBestWeights ? backend.getParameters() : null };
          waited = 0;
        } else if (++waited >= early.patience) {
          history.stoppedEarly = epoch < plan.epochs;
          break;
        }
      }
    }
    if (early) {
      history.bestEpoch = best.epoch;
      if (best.parameters) backend.setParameters(best.parameters);
    }
  } catch (e) {
    saved.restore();
    throw e;
  }
  return history;
}
