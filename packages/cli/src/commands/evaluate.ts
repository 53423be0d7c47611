/** `deltaprop evaluate model.dpm test.csv`: the model's figures on rows with known answers. */
import type { Evaluation } from 'deltaprop';
import { CliError, EXIT, step } from '../failure.js';
import { type CommonOptions, type Io, printJSON, println } from '../io.js';
import { loadModel } from '../model-file.js';
import { renderEvaluation } from '../report.js';
import { type ReadOptions, readTable } from '../table.js';

export interface EvaluateOptions extends CommonOptions {
  missing?: ReadOptions['missing'];
}

export async function evaluate(modelFile: string, dataFile: string, o: EvaluateOptions, io: Io): Promise<number> {
  const { net } = await loadModel(modelFile, { threads: 1 });
  try {
    const encoder = net.preprocessing;
    if (!encoder) {
      throw new CliError(
        EXIT.MODEL,
        `${modelFile} carries no preprocessing, so it cannot read a CSV file's columns`,
        'use a model written by `deltaprop train --out`',
      );
    }
    const spec = encoder.toJSON();
    const targets = spec.targets.names;
    const many = targets.length > 1;
    const data = await readTable(dataFile, targets, {
      // The kinds the model was trained on, not guessed again from this file.
      ...(o.missing ? { missing: o.missing } : {}),
      types: Object.fromEntries(spec.features.map((f) => [f.name, f.kind])),
      targetHint: `evaluate needs the answers: a file with the column${many ? 's' : ''} ${targets.join(', ')} (predict takes rows without ${many ? 'them' : 'it'})`,
    });
    const rows = await step(EXIT.DATA, dataFile, () => encoder.transform(data));
    const report: Evaluation = await step(EXIT.DATA, dataFile, () => net.evaluate(rows.inputs, rows.targets));
    if (o.json) printJSON(io, { model: modelFile, data: dataFile, ...report });
    else {
      println(io, `${modelFile} on ${dataFile} (${report.rows} rows, target ${targets.join(', ')}):`);
      println(io, renderEvaluation(report));
    }
    return EXIT.OK;
  } finally {
    net.dispose();
  }
}
