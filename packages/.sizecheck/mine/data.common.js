/** What both builds of deltaprop/data export besides readCSV and csvChunks. */
export { fromRows } from './csv/read.js';
//# sourceMappingURL=data.common.js.map