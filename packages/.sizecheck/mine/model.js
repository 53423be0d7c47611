/**
 * The model file, version 1 (see ModelJSON in types.ts), checked field by field
 * before a single number is copied: a corrupt or hand-edited file is refused with
 * CORRUPT_MODEL and the path of the bad field, never half loaded.
 */
import { Encoder } from './encoder.js';
import { DeltapropError, fail } from './errors.js';
import { checkSpec } from './spec.js';
export function checkModel(input, what = 'model') {
    let json = input;
    if (typeof input === 'string') {
        try {
            json = JSON.parse(input);
        }
        catch (e) {
            fail('CORRUPT_MODEL', `${what} is not valid JSON: ${e.message}`);
        }
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json))
        fail('CORRUPT_MODEL', `${what} must be an object`);
    const m = json;
    if (m.format !== 'deltaprop')
        fail('CORRUPT_MODEL', `${what}.format must be 'deltaprop', got ${JSON.stringify(m.format)}`, { path: 'format' });
    if (m.version !== 1)
        fail('CORRUPT_MODEL', `${what}.version ${JSON.stringify(m.version)} is not supported (this deltaprop reads version 1)`, { path: 'version' });
    let spec;
    try {
        spec = checkSpec(m.layers, m.activation, m.loss);
    }
    catch (e) {
        if (e instanceof DeltapropError)
            fail('CORRUPT_MODEL', `${what}: ${e.message}`, { cause: e.code });
        throw e;
    }
    const L = spec.layers.length - 1;
    const arrays = (key, size) => {
        const list = m[key];
        if (!Array.isArray(list) || list.length !== L) {
            fail('CORRUPT_MODEL', `${what}.${key} must be an array of ${L} arrays (one per weight layer)`, { path: key });
        }
        return list.map((values, l) => {
            const expected = size(l);
            if (!Array.isArray(values) && !(values instanceof Float32Array))
                fail('CORRUPT_MODEL', `${what}.${key}[${l}] must be an array of numbers`, { path: `${key}[${l}]` });
            if (values.length !== expected) {
                fail('CORRUPT_MODEL', `${what}.${key}[${l}] has ${values.length} values; layers ${JSON.stringify(spec.layers)} need ${expected}`, { path: `${key}[${l}]` });
            }
            const out = new Float32Array(expected);
            for (let i = 0; i < expected; i++) {
                const v = values[i];
                if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > 3.4028234663852886e38) {
                    fail('CORRUPT_MODEL', `${what}.${key}[${l}][${i}] is ${JSON.stringify(v) ?? String(v)}, not a finite float32`, { path: `${key}[${l}][${i}]` });
                }
                out[i] = v;
            }
            return out;
        });
    };
    const weights = arrays('weights', (l) => spec.layers[l] * spec.layers[l + 1]);
    const biases = arrays('biases', (l) => spec.layers[l + 1]);
    let preprocessing = null;
    if (m.preprocessing !== undefined) {
        preprocessing = Encoder.fromJSON(m.preprocessing, `${what}.preprocessing`);
        const [inputs, outputs] = [spec.layers[0], spec.layers[L]];
        if (preprocessing.inputs !== inputs || preprocessing.outputs !== outputs) {
            fail('CORRUPT_MODEL', `${what}.preprocessing encodes ${preprocessing.inputs} inputs and ${preprocessing.outputs} outputs; layers ${JSON.stringify(spec.layers)} need ${inputs} and ${outputs}`, { path: 'preprocessing' });
        }
    }
    return { spec, parameters: { weights, biases }, preprocessing };
}
//# sourceMappingURL=model.js.map