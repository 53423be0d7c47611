/**
 * The δ view: one forward and one backward pass for one training point, as a list of
 * steps in the README's notation with the network's real numbers. Layers are numbered
 * as there: layer 1 is the input (t^(1) = x), layer n the output, W^(l+1) joins layer
 * l to layer l + 1. The arrays of backprop.ts are indexed from 0, so t[k] is t^(k+1)
 * and `weights[k]` is W^(k+2).
 */
import { backward, forward, activationPair, type Backward, type Forward, type NetworkShape, type ParametersLike } from './backprop';

/** Vectors and matrices longer than this show their first entries only (the rest: "…"). */
const SHOWN = 12;

export interface Step {
  kind: 'input' | 'weighted' | 'activation' | 'loss' | 'output-delta' | 'delta-rule' | 'weight-gradient' | 'bias-gradient';
  /** README layer number the step is about. */
  layer: number;
  html: string;
}

const sup = (l: number) => `<sup>(${l})</sup>`;

/** 4 significant digits, a real minus sign, and the exact value kept for the tests. */
function num(v: number, attrs = ''): string {
  const text = v === 0 ? '0' : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toPrecision(4) : v.toExponential(2);
  return `<span class="num${v < 0 ? ' neg' : ''}" data-value="${v}"${attrs}>${text.replace('-', '−')}</span>`;
}

function vector(v: ArrayLike<number>, name: string): string {
  const parts: string[] = [];
  for (let i = 0; i < Math.min(v.length, SHOWN); i++) parts.push(num(v[i], ` data-i="${i}"`));
  if (v.length > SHOWN) parts.push(`<span class="more">… ${v.length - SHOWN} more</span>`);
  return `<span class="vec" data-name="${name}" data-length="${v.length}">[ ${parts.join(', ')} ]</span>`;
}

function matrix(m: ArrayLike<number>, rows: number, cols: number, name: string): string {
  let html = `<div class="mat-box"><table class="mat" data-name="${name}" data-rows="${rows}" data-cols="${cols}"><tbody>`;
  for (let i = 0; i < Math.min(rows, SHOWN); i++) {
    html += '<tr>';
    for (let j = 0; j < Math.min(cols, SHOWN); j++) html += `<td>${num(m[i * cols + j], ` data-i="${i}" data-j="${j}"`)}</td>`;
    if (cols > SHOWN) html += '<td class="more">…</td>';
    html += '</tr>';
  }
  if (rows > SHOWN) html += `<tr><td class="more" colspan="${Math.min(cols, SHOWN) + 1}">… ${rows - SHOWN} more rows</td></tr>`;
  html += '</tbody></table></div>';
  if (rows > SHOWN || cols > SHOWN) html += `<p class="muted small">${rows} × ${cols}; the first ${SHOWN} rows and columns shown</p>`;
  return html;
}

export interface DeltaPass {
  pass: Forward;
  back: Backward;
  steps: Step[];
}

/**
 * Every step of one forward and one backward pass for input `x` (feature values) and
 * target `y`, from the parameters `p`.
 */
export function deltaSteps(shape: NetworkShape, p: ParametersLike, x: ArrayLike<number>, y: ArrayLike<number>, inputNames: string[]): DeltaPass {
  const pass = forward(shape, p, x);
  const back = backward(shape, p, pass, y);
  const n = shape.layers.length; // README: layers 1 … n
  const steps: Step[] = [];
  steps.push({
    kind: 'input',
    layer: 1,
    html: `<div class="eq">t${sup(1)} = x = (${inputNames.join(', ')})</div>${vector(pass.t[0], 't1')}
      <p class="why">The input layer passes the point's features on unchanged.</p>`,
  });
  for (let l = 2; l <= n; l++) {
    const k = l - 1; // array index of layer l
    const act = shape.activation[k - 1];
    steps.push({
      kind: 'weighted',
      layer: l,
      html: `<div class="eq">u${sup(l)} = t${sup(l - 1)} · W${sup(l)} + b${sup(l)}</div>${vector(pass.u[k], `u${l}`)}
        <p class="why">Each neuron j of layer ${l} sums its inputs weighted: u<sub>j</sub> = Σ<sub>i</sub> t<sub>i</sub> w<sub>ij</sub> + b<sub>j</sub> (W${sup(l)} is ${shape.layers[k - 1]} × ${shape.layers[k]}).</p>`,
    });
    steps.push({
      kind: 'activation',
      layer: l,
      html: `<div class="eq">t${sup(l)} = f(u${sup(l)}), f = ${activationPair(act).label}</div>${vector(pass.t[k], `t${l}`)}
        <p class="why">${l === n ? "The network's answer." : `What layer ${l} passes on.`}</p>`,
    });
  }
  const last = n - 1;
  steps.push({
    kind: 'loss',
    layer: n,
    html: `<div class="eq">E = ${shape.loss === 'mse' ? `½ ‖y − t${sup(n)}‖²` : `−[y log t${sup(n)} + (1 − y) log(1 − t${sup(n)})]`}, y = ${Array.from(y)
      .map((v) => num(v))
      .join(', ')}</div>${vector([back.loss], 'E')}
      <p class="why">The loss of this one point.</p>`,
  });
  steps.push({
    kind: 'output-delta',
    layer: n,
    html: `<div class="eq">δ${sup(n)} = ${shape.loss === 'mse' ? `(t${sup(n)} − y) ⊙ f'(u${sup(n)})` : `t${sup(n)} − y`}</div>${vector(back.delta[last], `d${n}`)}
      <p class="why">${shape.loss === 'mse' ? 'The error at the output, scaled by the slope of its activation.' : "Cross-entropy after a sigmoid: f' cancels, the output δ is the plain error."}</p>`,
  });
  for (let l = n - 1; l >= 2; l--) {
    const k = l - 1;
    steps.push({
      kind: 'delta-rule',
      layer: l,
      html: `<div class="eq">δ${sup(l)} = f'(u${sup(l)}) ⊙ (δ${sup(l + 1)} · W${sup(l + 1)}ᵀ)</div>${vector(back.delta[k], `d${l}`)}
        <p class="why">The δ rule: layer ${l + 1}'s δ flows back through the same weights, scaled by the slope f' at u${sup(l)}${shape.activation[k - 1] === 'sigmoid' ? " (a sigmoid's f' is at most ¼: in a deep sigmoid network δ shrinks layer by layer)" : ''}.</p>`,
    });
  }
  for (let l = n; l >= 2; l--) {
    const k = l - 1;
    steps.push({
      kind: 'weight-gradient',
      layer: l,
      html: `<div class="eq">∂E/∂W${sup(l)} = t${sup(l - 1)}ᵀ · δ${sup(l)}</div>${matrix(back.weights[k - 1], shape.layers[k - 1], shape.layers[k], `dW${l}`)}
        <p class="why">Entry (i, j) is t<sub>i</sub> δ<sub>j</sub>: what neuron i sent times how much neuron j's error changes with it.</p>`,
    });
    steps.push({
      kind: 'bias-gradient',
      layer: l,
      html: `<div class="eq">∂E/∂b${sup(l)} = δ${sup(l)}</div>${vector(back.biases[k - 1], `db${l}`)}`,
    });
  }
  return { pass, back, steps };
}
