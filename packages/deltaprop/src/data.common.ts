/** What both builds of deltaprop/data export besides readCSV and csvChunks. */
export { fromRows, type ReadCSVOptions, type FromRowsOptions, type MissingPolicy, type ChunkOptions, type Chunk, type TextSource } from './csv/read.js';
export type { Dataset, ColumnKind } from './dataset.js';
// Pages that read CSV files also load models with preprocessing: keep the encoder's reader.
import './encoder.js';
