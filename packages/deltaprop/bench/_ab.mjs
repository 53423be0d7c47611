import { standalonePredictor } from '../dist/closure.js';
import { Network } from 'deltaprop';
const LAYERS=[784,128,64,10];
const net = await Network.create({ layers: LAYERS, activation: ['relu','relu','softmax'], seed: 3 });
const P = net.getParameters();
const relu = (t) => { for (let j = 0; j < t.length; j++) t[j] = t[j] > 0 ? t[j] : 0; };
const sm = (t) => { let m = -Infinity; for (const v of t) m = Math.max(m, v); let s = 0; for (let j = 0; j < t.length; j++) s += t[j] = Math.exp(t[j] - m); for (let j = 0; j < t.length; j++) t[j] /= s; };
const base = standalonePredictor.toString();
const variants = {
  f32: base,
  f64: base.replace('const packed = new Float32Array(', 'const packed = new Float64Array('),
  f64u2: base.replace('const packed = new Float32Array(', 'const packed = new Float64Array(').replace(/for \(let i = 0; i < k; i\+\+, p \+= 8\) \{[\s\S]*?s7 \+= ti \* w\[p \+ 7\];\n\s*\}/, `let i = 0;
                for (; i + 1 < k; i += 2, p += 16) {
                    const ti = t[i], tj = t[i + 1];
                    s0 += ti * w[p] + tj * w[p + 8];
                    s1 += ti * w[p + 1] + tj * w[p + 9];
                    s2 += ti * w[p + 2] + tj * w[p + 10];
                    s3 += ti * w[p + 3] + tj * w[p + 11];
                    s4 += ti * w[p + 4] + tj * w[p + 12];
                    s5 += ti * w[p + 5] + tj * w[p + 13];
                    s6 += ti * w[p + 6] + tj * w[p + 14];
                    s7 += ti * w[p + 7] + tj * w[p + 15];
                }
                for (; i < k; i++, p += 8) {
                    const ti = t[i];
                    s0 += ti * w[p]; s1 += ti * w[p + 1]; s2 += ti * w[p + 2]; s3 += ti * w[p + 3];
                    s4 += ti * w[p + 4]; s5 += ti * w[p + 5]; s6 += ti * w[p + 6]; s7 += ti * w[p + 7];
                }`),
};
if (variants.f64u2 === variants.f64) throw new Error('patch failed');
variants.f32u2 = variants.f64u2.replace('const packed = new Float64Array(', 'const packed = new Float32Array(');
const fns = Object.fromEntries(Object.entries(variants).map(([k, src]) => [k, new Function(`return ${src}`)()(LAYERS, [relu, relu, sm], P.weights, P.biases)]));
const x = new Float32Array(784).map((_, i) => ((i * 2654435761) % 1000) / 1000);
const ref = fns.f32(x);
for (const [k, f] of Object.entries(fns)) console.log(k, Math.max(...f(x).map((v, i) => Math.abs(v - ref[i]))));
const cpu = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
const time = (fn, ms = 5) => { let n = 0; const t0 = cpu(); while (cpu() - t0 < ms) { fn(); n++; } return (cpu() - t0) * 1000 / n; };
const r = {};
for (let k = 0; k < 30; k++) for (const [n, f] of Object.entries(fns)) (r[n] ??= []).push(time(() => f(x)));
for (const [k, v] of Object.entries(r)) console.log(k, Math.min(...v).toFixed(1));
