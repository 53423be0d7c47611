/** Node's console and util.inspect call this instead of showing `[Getter]`. */
const INSPECT = Symbol.for('nodejs.util.inspect.custom');
export class BulkFigures {
    history;
    rows;
    chunks = [];
    keys;
    settled = false;
    /** `rows`: the training rows, for accuracy = right / rows. The history's arrays must be empty. */
    constructor(history, rows) {
        this.history = history;
        this.rows = rows;
        this.keys = history.accuracy ? ['loss', 'learningRate', 'accuracy'] : ['loss', 'learningRate'];
        for (const key of this.keys) {
            Object.defineProperty(history, key, {
                configurable: true,
                enumerable: true,
                get: () => {
                    this.settle();
                    return history[key];
                },
                set: (value) => {
                    this.settle();
                    history[key] = value;
                },
            });
        }
        Object.defineProperty(history, INSPECT, {
            configurable: true,
            enumerable: false,
            value: (_depth, options, inspect) => {
                this.settle();
                return inspect(history, options);
            },
        });
    }
    add(result, learningRate) {
        if (this.settled)
            throw new Error('BulkFigures: add after the figures were read');
        this.chunks.push({ losses: result.losses, correct: result.correct, completed: result.completed, learningRate });
    }
    /** Turns the figures into the history's arrays (data properties from now on). */
    settle() {
        if (this.settled)
            return;
        this.settled = true;
        const n = this.chunks.reduce((sum, c) => sum + c.completed, 0);
        const arrays = { loss: new Array(n), learningRate: new Array(n), accuracy: new Array(n) };
        let at = 0;
        for (const { losses, correct, completed, learningRate } of this.chunks) {
            for (let i = 0; i < completed; i++) {
                arrays.loss[at + i] = losses[i];
                arrays.learningRate[at + i] = learningRate;
                arrays.accuracy[at + i] = correct[i] / this.rows;
            }
            at += completed;
        }
        const history = this.history;
        delete history[INSPECT];
        for (const key of this.keys)
            Object.defineProperty(history, key, { configurable: true, enumerable: true, writable: true, value: arrays[key] });
    }
}
//# sourceMappingURL=history.js.map