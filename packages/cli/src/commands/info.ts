/** `deltaprop info model.dpm`: what a model file holds. */
import Table from 'cli-table3';
import type { PreprocessingJSON } from 'deltaprop';
import { type Io, type CommonOptions, bytes, printJSON, println } from '../io.js';
import { kindName, loadModel } from '../model-file.js';
import { COMPACT, PLAIN } from '../report.js';

export interface ModelSummary {
  file: string;
  format: string;
  size: number;
  layers: number[];
  activation: string[];
  loss: string;
  parameters: { total: number; weights: number; biases: number };
  preprocessing: unknown;
}

export async function info(file: string, options: CommonOptions, io: Io): Promise<void> {
  const { net, kind, size } = await loadModel(file, { threads: 1 });
  try {
    const model = net.toJSON() as ReturnType<typeof net.toJSON> & { preprocessing?: unknown };
    const weights = model.weights.reduce((s, w) => s + w.length, 0);
    const biases = model.biases.reduce((s, b) => s + b.length, 0);
    const summary: ModelSummary = {
      file,
      format: kind,
      size,
      layers: model.layers,
      activation: model.activation,
      loss: model.loss,
      parameters: { total: weights + biases, weights, biases },
      preprocessing: model.preprocessing ?? null,
    };
    if (options.json) return printJSON(io, summary);

    println(io, `${file}: ${kindName(kind)}, ${bytes(size)}`);
    println(io, `${model.layers.join(' → ')} neurons, ${model.loss} loss, ${summary.parameters.total.toLocaleString('en')} parameters`);
    const table = new Table({ head: ['layer', 'neurons', 'activation', 'weights', 'biases'], style: PLAIN, chars: COMPACT });
    table.push([1, model.layers[0]!, 'input', '', '']);
    model.activation.forEach((a, l) => {
      table.push([l + 2, model.layers[l + 1]!, a, model.weights[l]!.length, model.biases[l]!.length]);
    });
    println(io, table.toString());
    println(io, describePreprocessing(summary.preprocessing));
  } finally {
    net.dispose();
  }
}

/** The preprocessing a model carries (the `preprocessing` field of the library's model files), as a table. */
export function describePreprocessing(p: unknown): string {
  if (p === null || p === undefined) return 'preprocessing: none (the model takes numbers already scaled, one value per input neuron)';
  const spec = p as PreprocessingJSON;
  const table = new Table({ head: ['input column', 'encoding'], style: PLAIN, chars: COMPACT });
  for (const f of spec.features) {
    const encoding =
      f.kind === 'categorical'
        ? `categorical, one-hot over ${f.categories.length}: ${f.categories.join(', ')}`
        : f.scale === 'standard'
          ? `numeric, standardised (mean ${round(f.mean)}, std ${round(f.std)})`
          : f.scale === 'minmax'
            ? `numeric, scaled from [${round(f.min)}, ${round(f.max)}] to [${f.range.join(', ')}]`
            : 'numeric, as is';
    table.push([f.name, encoding]);
  }
  const { names, classes } = spec.targets;
  const target = classes ? `classes of ${names[0]}: ${classes.join(', ')}` : `predicts ${names.join(', ')} (regression)`;
  return `preprocessing (raw rows in, ${classes ? 'class names' : 'values'} out):\n${table.toString()}\n${target}`;
}

const round = (v: number) => String(Number(v.toPrecision(4)));
