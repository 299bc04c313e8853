// Elementwise primitives and reductions on float32 storage. Op codes are the order of
// src/kernel-codes.ts. Functions that threads may split take (start, end) first, in elements or
// rows as stated. Transcendental functions run in float32 (Mathf: musl's expf/logf/tanhf).

@inline
function sigmoid(x: f32): f32 {
  // The form that cannot overflow for either sign of x.
  if (x >= 0) return 1 / (1 + Mathf.exp(-x));
  const e = Mathf.exp(x);
  return e / (1 + e);
}

export { sigmoid as sigmoidScalar };

/** out[i] = op(a[i]) for i in [start, end). */
export function unary(start: i32, end: i32, op: i32, a: usize, out: usize): void {
  let i = start;
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  // SIMD over whole vectors for the ops that have vector instructions; the rest, and tails, scalar.
  if (op == 0 || op == 3 || op == 4 || op == 5 || op == 6 || op == 7 || op == 8) {
    for (; i + 4 <= end; i += 4) {
      const x = v128.load(a + <usize>i * 4);
      let r: v128;
      switch (op) {
        case 0: r = f32x4.neg(x); break;
        case 3: r = f32x4.sqrt(x); break;
        case 4: r = f32x4.mul(x, x); break;
        case 5: r = f32x4.abs(x); break;
        case 6: r = f32x4.div(one, x); break;
        case 7: r = v128.and(x, f32x4.gt(x, zero)); break;
        default: r = v128.and(one, f32x4.gt(x, zero)); break;
      }
      v128.store(out + <usize>i * 4, r);
    }
  }
  for (; i < end; i++) {
    const x = load<f32>(a + <usize>i * 4);
    let r: f32;
    switch (op) {
      case 0: r = -x; break;
      case 1: r = Mathf.exp(x); break;
      case 2: r = Mathf.log(x); break;
      case 3: r = Mathf.sqrt(x); break;
      case 4: r = x * x; break;
      case 5: r = Mathf.abs(x); break;
      case 6: r = 1 / x; break;
      case 7: r = x > 0 ? x : 0; break;
      case 8: r = x > 0 ? 1 : 0; break;
      case 9: r = sigmoid(x); break;
      default: r = Mathf.tanh(x); break;
    }
    store<f32>(out + <usize>i * 4, r);
  }
}

@inline
function binaryVec(op: i32, x: v128, y: v128): v128 {
  switch (op) {
    case 0: return f32x4.add(x, y);
    case 1: return f32x4.sub(x, y);
    case 2: return f32x4.mul(x, y);
    case 3: return f32x4.div(x, y);
    case 4: return f32x4.max(x, y);
    case 5: return f32x4.min(x, y);
    default: return v128.and(f32x4.gt(x, y), f32x4.splat(1));
  }
}

@inline
function binaryScalarOp(op: i32, x: f32, y: f32): f32 {
  switch (op) {
    case 0: return x + y;
    case 1: return x - y;
    case 2: return x * y;
    case 3: return x / y;
    // Math.max/min semantics: NaN wins (as f32x4.max/min).
    case 4: return x != x || y != y ? NaN : max(x, y);
    case 5: return x != x || y != y ? NaN : min(x, y);
    default: return x > y ? 1 : 0;
  }
}

/** out[o+i] = a[o+i] op b[bo+i] for i < len (b advancing) */
@inline
function runVector(op: i32, a: usize, b: usize, out: usize, len: i32): void {
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const o = <usize>i * 4;
    v128.store(out + o, binaryVec(op, v128.load(a + o), v128.load(b + o)));
  }
  for (; i < len; i++) {
    const o = <usize>i * 4;
    store<f32>(out + o, binaryScalarOp(op, load<f32>(a + o), load<f32>(b + o)));
  }
}

/** out[o+i] = a[o+i] op s for i < len */
@inline
function runScalar(op: i32, a: usize, s: f32, out: usize, len: i32): void {
  const sv = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= len; i += 4) {
    const o = <usize>i * 4;
    v128.store(out + o, binaryVec(op, v128.load(a + o), sv));
  }
  for (; i < len; i++) {
    const o = <usize>i * 4;
    store<f32>(out + o, binaryScalarOp(op, load<f32>(a + o), s));
  }
}

/**
 * out = a op b for rows [start, end) of a rows×cols a, where b is a's shape (mode 0), a row
 * [1, cols] (mode 1), a column [rows, 1] (mode 2) or a scalar [1, 1] (mode 3).
 */
export function binary(start: i32, end: i32, op: i32, a: usize, b: usize, out: usize, cols: i32, mode: i32): void {
  if (mode == 0 || mode == 3) {
    const from = <usize>start * <usize>cols * 4;
    const len = (end - start) * cols;
    if (mode == 0) runVector(op, a + from, b + from, out + from, len);
    else runScalar(op, a + from, load<f32>(b), out + from, len);
    return;
  }
  for (let r = start; r < end; r++) {
    const o = <usize>r * <usize>cols * 4;
    if (mode == 1) runVector(op, a + o, b, out + o, cols);
    else runScalar(op, a + o, load<f32>(b + <usize>r * 4), out + o, cols);
  }
}

/** out[i] = a[i] op s for i in [start, end). */
export function binaryScalar(start: i32, end: i32, op: i32, a: usize, s: f32, out: usize): void {
  const from = <usize>start * 4;
  runScalar(op, a + from, s, out + from, end - start);
}

/**
 * Sums (op 0, accumulated in float64) or maxima (op 1) of a rows×cols a along an axis:
 * axis 0 gives [1, cols], axis 1 gives [rows, 1].
 */
export function reduce(op: i32, axis: i32, a: usize, rows: i32, cols: i32, out: usize): void {
  if (axis == 0) {
    // Column blocks of 4 with rows inner: each step reads 16 contiguous bytes.
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const col = a + <usize>j * 4;
      if (op == 0) {
        let lo = f64x2.splat(0), hi = f64x2.splat(0);
        for (let r = 0; r < rows; r++) {
          const v = v128.load(col + <usize>r * <usize>cols * 4);
          lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
          hi = f64x2.add(hi, f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)));
        }
        v128.store(out + <usize>j * 4, i64x2.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 2));
      } else {
        let m = v128.load(col);
        for (let r = 1; r < rows; r++) m = f32x4.max(m, v128.load(col + <usize>r * <usize>cols * 4));
        v128.store(out + <usize>j * 4, m);
      }
    }
    for (; j < cols; j++) {
      const col = a + <usize>j * 4;
      if (op == 0) {
        let s: f64 = 0;
        for (let r = 0; r < rows; r++) s += <f64>load<f32>(col + <usize>r * <usize>cols * 4);
        store<f32>(out + <usize>j * 4, <f32>s);
      } else {
        let m = load<f32>(col);
        for (let r = 1; r < rows; r++) m = binaryScalarOp(4, m, load<f32>(col + <usize>r * <usize>cols * 4));
        store<f32>(out + <usize>j * 4, m);
      }
    }
    return;
  }
  for (let r = 0; r < rows; r++) {
    const row = a + <usize>r * <usize>cols * 4;
    if (op == 0) {
      let s: f64 = 0;
      for (let j = 0; j < cols; j++) s += <f64>load<f32>(row + <usize>j * 4);
      store<f32>(out + <usize>r * 4, <f32>s);
    } else {
      let m = load<f32>(row);
      for (let j = 1; j < cols; j++) m = binaryScalarOp(4, m, load<f32>(row + <usize>j * 4));
      store<f32>(out + <usize>r * 4, m);
    }
  }
}
