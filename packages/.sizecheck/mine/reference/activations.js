export const LEAKY_SLOPE = 0.01;
export const activations = {
    linear: { f: (u) => u, df: () => 1 },
    sigmoid: { f: (u) => 1 / (1 + Math.exp(-u)), df: (u) => { const s = 1 / (1 + Math.exp(-u)); return s * (1 - s); } },
    tanh: { f: (u) => Math.tanh(u), df: (u) => 1 - Math.tanh(u) ** 2 },
    relu: { f: (u) => (u > 0 ? u : 0), df: (u) => (u > 0 ? 1 : 0) },
    'leaky-relu': { f: (u) => (u > 0 ? u : LEAKY_SLOPE * u), df: (u) => (u > 0 ? 1 : LEAKY_SLOPE) },
};
export function softmax(u) {
    let max = -Infinity;
    for (const v of u)
        max = Math.max(max, v);
    const t = u.map((v) => Math.exp(v - max));
    const sum = t.reduce((a, b) => a + b, 0);
    return t.map((v) => v / sum);
}
//# sourceMappingURL=activations.js.map