/**
 * The shape every contender adapter fills in. Each `run` builds a fresh network,
 * times only the training (and prediction) calls, and returns raw figures; the
 * harness turns them into rates and statistics.
 *
 * @typedef {import('../data.js').Dataset} Dataset
 *
 * @typedef {object} W1Config
 * @property {number} epochs
 * @property {number} learningRate
 * @property {Dataset} data
 * @property {number} seed
 *
 * @typedef {object} W1Result
 * @property {number} ms    wall time of the training call(s)
 * @property {number} mse   mean over rows and outputs of (y − t)² after training
 *
 * @typedef {object} W2Config
 * @property {number[]} layers
 * @property {number} batchSize
 * @property {number} learningRate
 * @property {Dataset} train
 * @property {Dataset} test
 * @property {number} seed
 *
 * @typedef {object} W2Result
 * @property {number} trainMs
 * @property {number} trainSamples
 * @property {number} predictMs
 * @property {number} predictSamples
 * @property {number} accuracy   on the held-out rows, 0..1
 *
 * @typedef {object} W3Config
 * @property {number[]} layers
 * @property {number} batchSize
 * @property {number} learningRate
 * @property {Dataset} data      the rows to train on (one epoch)
 * @property {number} seed
 *
 * @typedef {object} W3Result
 * @property {number} trainMs
 * @property {number} samples
 *
 * @typedef {object} P1Config
 * @property {number[]} layers
 * @property {Float32Array[]} rows   held-out digits, one Float32Array per row (views)
 * @property {number} minMs          a repetition calls predict on one row at a time for this long
 * @property {number} seed
 *
 * @typedef {object} P1Result
 * @property {number} usPerRow   mean µs per call of one row
 *
 * @typedef {object} Task
 * @property {string} note   what the library really ran, shown in the table
 * @property {(cfg: any) => Promise<any>} run
 * @property {string} [skip] reason the contender does not run this task
 * @property {number} [learningRate] overrides the workload's η where the library's update rule needs another
 *
 * @typedef {object} Contender
 * @property {string} name
 * @property {string} version
 * @property {() => Promise<void>} [init]
 * @property {() => Promise<void>} [select]  called before each of its runs (tfjs: switch backend)
 * @property {() => string | undefined} [threads]  after the run: the threads it really ran on, where it may use several
 * @property {Task} w1
 * @property {Task} w2
 * @property {Task} w3
 * @property {Task} [p1]   single-row prediction (absent: the library has no prediction to time)
 */
export {};
