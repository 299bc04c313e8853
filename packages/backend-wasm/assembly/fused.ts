// Fused composites: activations (with the dense layer's bias), their derivatives, the output
// layer's error with its loss, and optimizer updates, each meaning exactly what core's
// reference-ops.ts composes from primitives (leakyRelu as max(z, α·z), sigmoid' as a·(1 − a),
// tanh' as 1 − a², softmax shifted by the row maximum; losses are the mean over rows of a sum
// over outputs). Activation codes: relu 0, leakyRelu 1, sigmoid 2, tanh 3, linear 4, softmax 5.
// Loss codes: mse 0, softmaxCrossEntropy 1, sigmoidBinaryCrossEntropy 2.
import { sigmoidScalar } from './elementwise';

/** Softmax of one row of `cols` floats, in float64 like the reference. */
@inline
function softmaxRow(z: usize, out: usize, cols: i32): void {
  let mx = load<f32>(z);
  for (let j = 1; j < cols; j++) mx = max(mx, load<f32>(z + <usize>j * 4));
  let sum: f64 = 0;
  for (let j = 0; j < cols; j++) {
    const e = Math.exp(<f64>load<f32>(z + <usize>j * 4) - <f64>mx);
    store<f32>(out + <usize>j * 4, <f32>e);
    sum += e;
  }
  for (let j = 0; j < cols; j++) {
    // Divide the float64 exponential again rather than its float32 rounding.
    store<f32>(out + <usize>j * 4, <f32>(Math.exp(<f64>load<f32>(z + <usize>j * 4) - <f64>mx) / sum));
  }
}

/** out = f(z) for elements [from, to) (every kind but softmax). */
@inline
function activateRange(kind: i32, alpha: f32, z: usize, out: usize, from: i32, to: i32): void {
  let i = from;
  const zero = f32x4.splat(0);
  if (kind == 0 || kind == 1 || kind == 4) {
    const av = f32x4.splat(alpha);
    for (; i + 4 <= to; i += 4) {
      const x = v128.load(z + <usize>i * 4);
      let r: v128;
      if (kind == 0) r = v128.and(x, f32x4.gt(x, zero));
      else if (kind == 1) r = f32x4.max(x, f32x4.mul(av, x));
      else r = x;
      v128.store(out + <usize>i * 4, r);
    }
  }
  for (; i < to; i++) {
    const x = load<f32>(z + <usize>i * 4);
    let r: f32;
    switch (kind) {
      case 0: r = x > 0 ? x : 0; break;
      case 1: r = x != x ? NaN : max(x, alpha * x); break;
      case 2: r = sigmoidScalar(x); break;
      case 3: r = Mathf.tanh(x); break;
      default: r = x; break;
    }
    store<f32>(out + <usize>i * 4, r);
  }
}

/** out = f(z) for rows [start, end) of a ·×cols matrix. */
export function activation(start: i32, end: i32, kind: i32, alpha: f32, z: usize, out: usize, cols: i32): void {
  if (kind == 5) {
    for (let r = start; r < end; r++) softmaxRow(z + <usize>r * <usize>cols * 4, out + <usize>r * <usize>cols * 4, cols);
    return;
  }
  activateRange(kind, alpha, z, out, start * cols, end * cols);
}

/** The "+ b" and f of a dense layer for rows [start, end): z += bias (in place), then a = f(z) unless a is 0 (linear). */
export function biasActivation(start: i32, end: i32, kind: i32, alpha: f32, z: usize, bias: usize, a: usize, cols: i32): void {
  for (let r = start; r < end; r++) {
    const row = z + <usize>r * <usize>cols * 4;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j * 4;
      v128.store(row + o, f32x4.add(v128.load(row + o), v128.load(bias + o)));
    }
    for (; j < cols; j++) {
      const o = <usize>j * 4;
      store<f32>(row + o, load<f32>(row + o) + load<f32>(bias + o));
    }
    if (a != 0) {
      if (kind == 5) softmaxRow(row, a + <usize>r * <usize>cols * 4, cols);
      else activateRange(kind, alpha, z, a, r * cols, (r + 1) * cols);
    }
  }
}

/** out = dA ⊙ f'(z) (softmax: its Jacobian-vector product) for rows [start, end), given a = f(z). out may be dA. */
export function activationBackward(start: i32, end: i32, kind: i32, alpha: f32, dA: usize, z: usize, a: usize, out: usize, cols: i32): void {
  // leakyRelu with α = 0 is relu: where f'(z) = 0 the product is 0 even for an infinite dA (0·∞ would be NaN).
  if (kind == 1 && alpha == 0) kind = 0;
  if (kind == 5) {
    for (let r = start; r < end; r++) {
      const o = <usize>r * <usize>cols * 4;
      // dZ = A ⊙ (dA − Σ_j dA_j·A_j); the dot is taken before any element is written.
      let dot: f64 = 0;
      for (let j = 0; j < cols; j++) dot += <f64>load<f32>(dA + o + <usize>j * 4) * <f64>load<f32>(a + o + <usize>j * 4);
      for (let j = 0; j < cols; j++) {
        const q = o + <usize>j * 4;
        store<f32>(out + q, <f32>(<f64>load<f32>(a + q) * (<f64>load<f32>(dA + q) - dot)));
      }
    }
    return;
  }
  const from = start * cols;
  const to = end * cols;
  let i = from;
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  const av = f32x4.splat(alpha);
  for (; i + 4 <= to; i += 4) {
    const o = <usize>i * 4;
    const d = v128.load(dA + o);
    let r: v128;
    switch (kind) {
      case 0: r = v128.and(d, f32x4.gt(v128.load(z + o), zero)); break;
      case 1: r = v128.bitselect(d, f32x4.mul(av, d), f32x4.gt(v128.load(z + o), zero)); break;
      case 2: {
        const y = v128.load(a + o);
        r = f32x4.mul(d, f32x4.mul(y, f32x4.sub(one, y)));
        break;
      }
      case 3: {
        const y = v128.load(a + o);
        r = f32x4.mul(d, f32x4.sub(one, f32x4.mul(y, y)));
        break;
      }
      default: r = d; break;
    }
    v128.store(out + o, r);
  }
  for (; i < to; i++) {
    const o = <usize>i * 4;
    const d = load<f32>(dA + o);
    let r: f32;
    switch (kind) {
      case 0: r = load<f32>(z + o) > 0 ? d : 0; break;
      case 1: r = load<f32>(z + o) > 0 ? d : alpha * d; break;
      case 2: {
        const y = load<f32>(a + o);
        r = d * (y * (1 - y));
        break;
      }
      case 3: {
        const y = load<f32>(a + o);
        r = d * (1 - y * y);
        break;
      }
      default: r = d; break;
    }
    store<f32>(out + o, r);
  }
}

/** The batch loss: mean over rows of Σ_j ℓ(z, a, y)_j, in float64. */
export function lossValue(loss: i32, z: usize, a: usize, y: usize, rows: i32, cols: i32): f64 {
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const o = <usize>r * <usize>cols * 4;
    let rowSum: f64 = 0;
    if (loss == 0) {
      // 0.5·(ŷ − y)², as in the article.
      for (let j = 0; j < cols; j++) {
        const q = o + <usize>j * 4;
        const d = <f64>load<f32>(a + q) - <f64>load<f32>(y + q);
        rowSum += 0.5 * (d * d);
      }
    } else if (loss == 1) {
      // −Σ y·log softmax(z), with log softmax(z) = (z − max) − log Σ exp(z − max).
      let mx = <f64>load<f32>(z + o);
      for (let j = 1; j < cols; j++) mx = max(mx, <f64>load<f32>(z + o + <usize>j * 4));
      let sum: f64 = 0;
      for (let j = 0; j < cols; j++) sum += Math.exp(<f64>load<f32>(z + o + <usize>j * 4) - mx);
      const logSum = Math.log(sum);
      for (let j = 0; j < cols; j++) {
        const q = o + <usize>j * 4;
        rowSum += -(<f64>load<f32>(y + q) * (<f64>load<f32>(z + q) - mx - logSum));
      }
    } else {
      // max(z, 0) − z·y + log(1 + exp(−|z|)): stable for any z.
      for (let j = 0; j < cols; j++) {
        const q = o + <usize>j * 4;
        const x = <f64>load<f32>(z + q);
        rowSum += (x > 0 ? x : 0) - x * <f64>load<f32>(y + q) + Math.log(Math.exp(-Math.abs(x)) + 1);
      }
    }
    total += rowSum;
  }
  return total / <f64>rows;
}

/**
 * error = dLoss/dZ: for MSE ((ŷ − y)/rows) ⊙ f'(z); for softmax with cross-entropy and sigmoid
 * with binary cross-entropy (a − y)/rows. Returns the batch loss.
 */
export function outputError(loss: i32, kind: i32, alpha: f32, z: usize, a: usize, y: usize, error: usize, rows: i32, cols: i32): f64 {
  const value = lossValue(loss, z, a, y, rows, cols);
  const n = rows * cols;
  const scale = <f32>rows;
  for (let i = 0; i < n; i++) {
    const q = <usize>i * 4;
    store<f32>(error + q, (load<f32>(a + q) - load<f32>(y + q)) / scale);
  }
  if (loss == 0) activationBackward(0, rows, kind, alpha, error, z, a, error, cols);
  return value;
}

/** w2 = w − lr·g for elements [start, end). */
export function sgd(start: i32, end: i32, w: usize, g: usize, lr: f32, w2: usize): void {
  const lrv = f32x4.splat(lr);
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const o = <usize>i * 4;
    v128.store(w2 + o, f32x4.sub(v128.load(w + o), f32x4.mul(v128.load(g + o), lrv)));
  }
  for (; i < end; i++) {
    const o = <usize>i * 4;
    store<f32>(w2 + o, load<f32>(w + o) - load<f32>(g + o) * lr);
  }
}

/** v2 = μ·v + g; w2 = w − lr·v2 for elements [start, end). */
export function momentum(start: i32, end: i32, w: usize, v: usize, g: usize, lr: f32, mu: f32, w2: usize, v2: usize): void {
  const lrv = f32x4.splat(lr);
  const muv = f32x4.splat(mu);
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const o = <usize>i * 4;
    const nv = f32x4.add(f32x4.mul(v128.load(v + o), muv), v128.load(g + o));
    v128.store(v2 + o, nv);
    v128.store(w2 + o, f32x4.sub(v128.load(w + o), f32x4.mul(nv, lrv)));
  }
  for (; i < end; i++) {
    const o = <usize>i * 4;
    const nv = load<f32>(v + o) * mu + load<f32>(g + o);
    store<f32>(v2 + o, nv);
    store<f32>(w2 + o, load<f32>(w + o) - nv * lr);
  }
}

/**
 * Adam with bias correction for elements [start, end): m2 = β1·m + (1−β1)·g;
 * v2 = β2·v + (1−β2)·g²; w2 = w − lr·(m2/c1)/(√(v2/c2) + ε), where c1 = 1 − β1^t, c2 = 1 − β2^t.
 */
export function adam(
  start: i32, end: i32, w: usize, m: usize, v: usize, g: usize,
  lr: f32, beta1: f32, beta2: f32, epsilon: f32, c1: f32, c2: f32,
  w2: usize, m2: usize, v2: usize,
): void {
  const b1 = f32x4.splat(beta1), b2 = f32x4.splat(beta2);
  const ob1 = f32x4.splat(<f32>1 - beta1), ob2 = f32x4.splat(<f32>1 - beta2);
  const c1v = f32x4.splat(c1), c2v = f32x4.splat(c2), ev = f32x4.splat(epsilon), lrv = f32x4.splat(lr);
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const o = <usize>i * 4;
    const gi = v128.load(g + o);
    const nm = f32x4.add(f32x4.mul(v128.load(m + o), b1), f32x4.mul(gi, ob1));
    const nv = f32x4.add(f32x4.mul(v128.load(v + o), b2), f32x4.mul(f32x4.mul(gi, gi), ob2));
    v128.store(m2 + o, nm);
    v128.store(v2 + o, nv);
    const step = f32x4.div(f32x4.div(nm, c1v), f32x4.add(f32x4.sqrt(f32x4.div(nv, c2v)), ev));
    v128.store(w2 + o, f32x4.sub(v128.load(w + o), f32x4.mul(step, lrv)));
  }
  for (; i < end; i++) {
    const o = <usize>i * 4;
    const gi = load<f32>(g + o);
    const nm = load<f32>(m + o) * beta1 + gi * (<f32>1 - beta1);
    const nv = load<f32>(v + o) * beta2 + gi * gi * (<f32>1 - beta2);
    store<f32>(m2 + o, nm);
    store<f32>(v2 + o, nv);
    store<f32>(w2 + o, load<f32>(w + o) - (nm / c1) / (Mathf.sqrt(nv / c2) + epsilon) * lr);
  }
}
