/**
 * Checks and normalises what a user asks for (layers, activations, loss, training
 * options) before anything is allocated, so a bad request fails with a clear error
 * and touches nothing.
 */
import { Activation, Loss, Optimizer } from '@deltaprop/kernels';
import { fail } from './errors.js';
import { workerHost } from './worker/host.js';
export const activationCodes = {
    linear: Activation.Linear,
    sigmoid: Activation.Sigmoid,
    tanh: Activation.Tanh,
    relu: Activation.Relu,
    'leaky-relu': Activation.LeakyRelu,
    softmax: Activation.Softmax,
};
export const lossCodes = { mse: Loss.Mse, 'cross-entropy': Loss.CrossEntropy };
export const optimizerCodes = {
    sgd: Optimizer.Sgd,
    momentum: Optimizer.Momentum,
    nesterov: Optimizer.Nesterov,
    adam: Optimizer.Adam,
    rmsprop: Optimizer.RmsProp,
};
const inits = ['auto', 'glorot-uniform', 'glorot-normal', 'he-uniform', 'he-normal', 'lecun-uniform', 'lecun-normal'];
const list = (names) => names.map((n) => `'${n}'`).join(', ');
export function checkSpec(layers, activation, loss) {
    if (!Array.isArray(layers) || layers.length < 2) {
        fail('INVALID_LAYERS', `layers must be an array of at least two sizes (inputs and outputs), got ${describe(layers)}`);
    }
    layers.forEach((s, i) => {
        if (!Number.isInteger(s) || s < 1)
            fail('INVALID_LAYERS', `layers[${i}] must be an integer ≥ 1, got ${describe(s)}`, { index: i });
        if (s > 1 << 20)
            fail('INVALID_LAYERS', `layers[${i}] = ${s} is larger than the 1,048,576 neurons a layer may have`, { index: i });
    });
    const weightLayers = layers.length - 1;
    const names = Array.isArray(activation) ? activation : new Array(weightLayers).fill(activation ?? 'sigmoid');
    if (names.length !== weightLayers) {
        fail('INVALID_OPTION', `activation has ${names.length} entries but the network has ${weightLayers} weight layers (layers.length − 1)`);
    }
    names.forEach((name, l) => {
        if (typeof name !== 'string' || !(name in activationCodes)) {
            fail('UNKNOWN_ACTIVATION', `unknown activation ${describe(name)} for layer ${l + 1}; use one of ${list(Object.keys(activationCodes))}`, { layer: l + 1 });
        }
        if (name === 'softmax' && l !== weightLayers - 1) {
            fail('INVALID_OPTION', `softmax is only allowed on the output layer, not on hidden layer ${l + 1}`, { layer: l + 1 });
        }
    });
    const lossName = loss ?? 'mse';
    if (typeof lossName !== 'string' || !(lossName in lossCodes)) {
        fail('UNKNOWN_LOSS', `unknown loss ${describe(lossName)}; use one of ${list(Object.keys(lossCodes))}`);
    }
    const out = names[weightLayers - 1];
    if (lossName === 'cross-entropy' && out !== 'softmax' && out !== 'sigmoid') {
        fail('INVALID_OPTION', `cross-entropy needs a softmax or sigmoid output layer, the output layer is ${out}`);
    }
    return { layers: [...layers], activation: names, loss: lossName };
}
export function checkNetworkOptions(options) {
    if (typeof options !== 'object' || options === null)
        fail('INVALID_OPTION', 'Network.create needs an options object with at least { layers }');
    const spec = checkSpec(options.layers, options.activation, options.loss);
    const seed = options.seed ?? 1;
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
        fail('INVALID_OPTION', `seed must be an integer in [0, 2³²), got ${describe(seed)}`);
    const init = options.init ?? 'auto';
    if (!inits.includes(init))
        fail('INVALID_OPTION', `unknown init ${describe(init)}; use one of ${list(inits)}`);
    const kernels = options.kernels ?? 'auto';
    if (!['auto', 'simd', 'relaxed-simd'].includes(kernels))
        fail('INVALID_OPTION', `kernels must be 'auto', 'simd' or 'relaxed-simd', got ${describe(kernels)}`);
    const backend = options.backend ?? 'wasm';
    if (backend !== 'wasm' && backend !== 'reference')
        fail('UNKNOWN_BACKEND', `unknown backend ${describe(backend)}; use 'wasm' or 'reference'`);
    const threads = options.threads ?? 'auto';
    if (threads !== 'auto' && !(Number.isInteger(threads) && threads >= 1 && threads <= 64)) {
        fail('INVALID_OPTION', `threads must be 'auto' or an integer from 1 to 64, got ${describe(threads)}`);
    }
    return { ...spec, seed, init, kernels, threads: threads === 'auto' ? autoThreads(spec.layers) : threads };
}
export function checkTrainOptions(options, rows, layers) {
    if (typeof options !== 'object' || options === null)
        fail('INVALID_OPTION', 'train options must be an object');
    const epochs = options.epochs ?? 1;
    if (!Number.isInteger(epochs) || epochs < 1)
        fail('INVALID_OPTION', `epochs must be an integer ≥ 1, got ${describe(epochs)}`);
    const batchSize = options.batchSize ?? Math.min(32, rows);
    if (!Number.isInteger(batchSize) || batchSize < 1)
        fail('INVALID_OPTION', `batchSize must be an integer ≥ 1, got ${describe(batchSize)}`);
    const shuffle = options.shuffle ?? true;
    if (typeof shuffle !== 'boolean')
        fail('INVALID_OPTION', `shuffle must be true or false, got ${describe(shuffle)}`);
    const weightDecay = options.weightDecay ?? 0;
    if (typeof weightDecay !== 'number' || !Number.isFinite(weightDecay) || weightDecay < 0) {
        fail('INVALID_OPTION', `weightDecay must be a finite number ≥ 0, got ${describe(weightDecay)}`);
    }
    const rates = options.dropout ?? 0;
    const hidden = layers - 2;
    const perLayer = Array.isArray(rates) ? rates : new Array(hidden).fill(rates);
    if (perLayer.length !== hidden)
        fail('INVALID_OPTION', `dropout has ${perLayer.length} rates but the network has ${hidden} hidden layers`);
    perLayer.forEach((p, i) => {
        if (typeof p !== 'number' || !(p >= 0 && p < 1))
            fail('INVALID_OPTION', `dropout for hidden layer ${i + 1} must be a number in [0, 1), got ${describe(p)}`);
    });
    const dropout = [...perLayer, 0];
    return { epochs, batchSize: Math.min(batchSize, rows), shuffle, weightDecay, dropout, optimizer: checkOptimizer(options.optimizer, options.learningRate) };
}
function checkOptimizer(optimizer, learningRate) {
    const o = typeof optimizer === 'object' && optimizer !== null ? { ...optimizer } : { type: optimizer ?? 'sgd' };
    const type = o.type;
    if (typeof type !== 'string' || !(type in optimizerCodes)) {
        fail('UNKNOWN_OPTIMIZER', `unknown optimizer ${describe(type)}; use one of ${list(Object.keys(optimizerCodes))}`);
    }
    const name = type;
    const rate = o.learningRate ?? learningRate ?? (name === 'adam' ? 0.001 : 0.01);
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
        fail('INVALID_OPTION', `learningRate must be a positive finite number, got ${describe(rate)}`);
    }
    const unit = (key, fallback, open = false) => {
        const v = o[key] ?? fallback;
        if (typeof v !== 'number' || !(v >= 0 && (open ? v < 1 : v <= 1)))
            fail('INVALID_OPTION', `${name} ${key} must be a number in [0, 1${open ? ')' : ']'}, got ${describe(v)}`);
        return v;
    };
    const positive = (key, fallback) => {
        const v = o[key] ?? fallback;
        if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
            fail('INVALID_OPTION', `${name} ${key} must be a positive finite number, got ${describe(v)}`);
        return v;
    };
    const plan = { type: name, code: optimizerCodes[name], learningRate: rate, beta1: 0, beta2: 0, epsilon: 0 };
    if (name === 'momentum' || name === 'nesterov')
        plan.beta1 = unit('momentum', 0.9);
    if (name === 'adam') {
        plan.beta1 = unit('beta1', 0.9, true);
        plan.beta2 = unit('beta2', 0.999, true);
        plan.epsilon = positive('epsilon', 1e-8);
    }
    if (name === 'rmsprop') {
        plan.beta1 = unit('rho', 0.9, true);
        plan.epsilon = positive('epsilon', 1e-7);
    }
    return plan;
}
export function describe(v) {
    if (typeof v === 'string')
        return `'${v}'`;
    if (Array.isArray(v))
        return `an array of ${v.length}`;
    if (v === null)
        return 'null';
    if (typeof v === 'object')
        return 'an object';
    return String(v);
}
/** The `auto` thread count: every core (up to 4) for networks of at least 100,000 weights. */
function autoThreads(layers) {
    let weights = 0;
    for (let l = 0; l + 1 < layers.length; l++)
        weights += layers[l] * layers[l + 1];
    if (weights < 100_000)
        return 1;
    return Math.max(1, Math.min(4, workerHost()?.cores() ?? 1));
}
//# sourceMappingURL=spec.js.map