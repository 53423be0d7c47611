/**
 * Seeded weight initialisation. For a layer with fan_in = s_l inputs and
 * fan_out = s_(l+1) outputs, weights are drawn with variance
 *
 *   glorot (Glorot & Bengio 2010)  2 / (fan_in + fan_out)
 *   he     (He et al. 2015)        2 / fan_in
 *   lecun  (LeCun et al. 1998)     1 / fan_in
 *
 * from a uniform distribution on [−a, a] with a = √(3 · variance), or a normal one.
 * `auto` is He for relu and leaky relu layers, Glorot otherwise. Biases start at 0.
 */
import { Random } from './random.js';
export function initialParameters(layers, activation, init, seed) {
    const random = new Random(seed);
    const weights = [];
    const biases = [];
    for (let l = 0; l + 1 < layers.length; l++) {
        const fanIn = layers[l];
        const fanOut = layers[l + 1];
        const act = activation[l];
        const kind = init === 'auto' ? (act === 'relu' || act === 'leaky-relu' ? 'he-uniform' : 'glorot-uniform') : init;
        const [family, shape] = kind.split('-');
        const variance = family === 'glorot' ? 2 / (fanIn + fanOut) : family === 'he' ? 2 / fanIn : 1 / fanIn;
        const w = new Float32Array(fanIn * fanOut);
        if (shape === 'uniform') {
            const a = Math.sqrt(3 * variance);
            for (let i = 0; i < w.length; i++)
                w[i] = (2 * random.uniform() - 1) * a;
        }
        else {
            const sd = Math.sqrt(variance);
            for (let i = 0; i < w.length; i++)
                w[i] = random.normal() * sd;
        }
        weights.push(w);
        biases.push(new Float32Array(fanOut));
    }
    return { weights, biases };
}
//# sourceMappingURL=init.js.map