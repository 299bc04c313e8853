// The dense layer's "+ b": a bias row added to each row of Z in place. The activation that
// follows is generated from core's program for the kind (generated/programs.ts, `dense$<kind>`);
// this is the part that is the same for every kind.

/** z[j] += bias[j] for the `cols` floats of one row. */
@inline
export function addBiasRow(row: usize, bias: usize, cols: i32): void {
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    const o = <usize>j << 2;
    v128.store(row + o, f32x4.add(v128.load(row + o), v128.load(bias + o)));
  }
  for (; j < cols; j++) {
    const o = <usize>j << 2;
    store<f32>(row + o, load<f32>(row + o) + load<f32>(bias + o));
  }
}

/** Z += bias for rows [start, end) of a ·×cols matrix: the dense layer of an identity activation (A is Z). */
export function addBias(start: i32, end: i32, cols: i32, z: usize, bias: usize): f64 {
  for (let r = start; r < end; r++) addBiasRow(z + (<usize>r * <usize>cols << 2), bias, cols);
  return 0;
}
