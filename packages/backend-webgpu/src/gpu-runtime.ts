/**
 * The device-side machinery: pipelines compiled once per key, storage buffers from a pool,
 * and command batching. Every operation records one dispatch into the open compute pass of the
 * open command encoder; nothing is submitted until a read needs the results, the uniform arena
 * is full (256 dispatches), or `flush()` is called. A training step is therefore a fraction of a
 * submit, and nothing is read back per step.
 *
 * Uniform values (sizes, params such as a learning rate) are written into a host-side arena, one
 * 256-byte slot per dispatch; the arena is copied to its GPU buffer with one writeBuffer just
 * before the submit that uses it (queue order puts the copy before those commands and after the
 * previous submit's).
 */
import { BackpropError } from '@backprop/core';
import { BufferPool, type PooledBuffer } from './buffer-pool.js';

const UNIFORM_USAGE = 0x40 | 0x08; // GPUBufferUsage.UNIFORM | COPY_DST
const STAGING_USAGE = 0x01 | 0x08; // GPUBufferUsage.MAP_READ | COPY_DST
const MAP_READ = 0x01; // GPUMapMode.READ
const ARENA_BYTES = 65536;

export interface Uniforms {
  /** Up to eight u32 sizes (d.xyzw, e.xyzw in WGSL). */
  readonly sizes: readonly number[];
  /** f32 params (u.p[i/4][i%4] in WGSL). */
  readonly params?: readonly number[];
}

export interface Dispatch {
  readonly pipeline: string;
  readonly uniforms: Uniforms;
  /** Bindings 1… in order. */
  readonly buffers: readonly PooledBuffer[];
  readonly workgroups: readonly [number, number];
}

export class GpuRuntime {
  readonly pool: BufferPool;
  /** The epoch of the commands being recorded; bumped at each submit. */
  private epoch = 1;
  private encoder: GPUCommandEncoder | undefined;
  private pass: GPUComputePassEncoder | undefined;
  private readonly pipelines = new Map<string, { pipeline: GPUComputePipeline; layout: GPUBindGroupLayout }>();
  private readonly arena = new ArrayBuffer(ARENA_BYTES);
  private readonly arenaU32 = new Uint32Array(this.arena);
  private readonly arenaF32 = new Float32Array(this.arena);
  private arenaUsed = 0;
  private readonly arenaBuffer: GPUBuffer;
  private readonly slot: number;
  private readonly staging = new Map<number, GPUBuffer[]>();
  private lostReason: string | undefined;
  private firstError: string | undefined;
  private closed = false;
  /** Submits so far (for the figures: how many submits a training step costs). */
  submits = 0;
  dispatches = 0;

  constructor(
    readonly device: GPUDevice,
    /** Names the adapter in errors: 'SwiftShader (software renderer)'. */
    private readonly adapterName: string,
  ) {
    this.pool = new BufferPool(device, 256 * 1024 * 1024);
    this.slot = Math.max(256, device.limits.minUniformBufferOffsetAlignment);
    this.arenaBuffer = device.createBuffer({ size: ARENA_BYTES, usage: UNIFORM_USAGE });
    void device.lost.then((info) => {
      if (!this.closed) this.lostReason = `${info.reason}${info.message ? `: ${info.message}` : ''}`;
    });
    device.onuncapturederror = (event: GPUUncapturedErrorEvent) => {
      this.firstError ??= event.error.message;
    };
  }

  /** Throws when the device was lost or reported an error, naming it, so nothing waits forever. */
  check(op: string): void {
    if (this.closed) throw new BackpropError(op, 'this WebGPU backend was closed; create a new one');
    if (this.lostReason !== undefined) throw new BackpropError(op, `the WebGPU device (${this.adapterName}) was lost (${this.lostReason}); create a new backend`);
    if (this.firstError !== undefined) throw new BackpropError(op, `the WebGPU device (${this.adapterName}) reported an error: ${this.firstError}`);
  }

  /** The pipeline for `key`, compiled from `source()` the first time. */
  pipeline(key: string, source: () => string): string {
    if (!this.pipelines.has(key)) {
      const module = this.device.createShaderModule({ code: source(), label: key });
      const pipeline = this.device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' }, label: key });
      this.pipelines.set(key, { pipeline, layout: pipeline.getBindGroupLayout(0) });
    }
    return key;
  }

  /** How many pipelines are compiled (one per program key and op). */
  get pipelineCount(): number {
    return this.pipelines.size;
  }

  /** Records one dispatch. */
  dispatch(d: Dispatch): void {
    const entry = this.pipelines.get(d.pipeline);
    if (!entry) throw new Error(`backend-webgpu: pipeline ${d.pipeline} used before it was compiled`);
    if (this.arenaUsed + this.slot > ARENA_BYTES) this.flush();
    const offset = this.arenaUsed;
    this.arenaUsed += this.slot;
    const u32 = offset / 4;
    for (let i = 0; i < 8; i++) this.arenaU32[u32 + i] = d.uniforms.sizes[i] ?? 0;
    const params = d.uniforms.params ?? [];
    for (let i = 0; i < params.length; i++) this.arenaF32[u32 + 8 + i] = params[i]!;
    const uniformBytes = 32 + 16 * Math.max(1, Math.ceil(params.length / 4));
    const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: this.arenaBuffer, offset, size: uniformBytes } }];
    d.buffers.forEach((b, i) => {
      b.epoch = this.epoch;
      entries.push({ binding: 1 + i, resource: { buffer: b.buffer } });
    });
    const bindGroup = this.device.createBindGroup({ layout: entry.layout, entries });
    const pass = this.openPass();
    pass.setPipeline(entry.pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(d.workgroups[0], d.workgroups[1]);
    this.dispatches++;
  }

  /** A buffer holding `data`, uploaded with queue.writeBuffer (see BufferPool.acquireIdle). */
  upload(data: Float32Array): PooledBuffer {
    let b = this.pool.acquireIdle(data.byteLength, this.epoch);
    if (!b) {
      this.flush();
      b = this.pool.acquireIdle(data.byteLength, this.epoch)!;
    }
    this.device.queue.writeBuffer(b.buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    return b;
  }

  /** Submits everything recorded so far (one submit), if anything was. */
  flush(): void {
    if (!this.encoder) return;
    this.pass?.end();
    this.pass = undefined;
    if (this.arenaUsed > 0) this.device.queue.writeBuffer(this.arenaBuffer, 0, this.arena, 0, this.arenaUsed);
    this.device.queue.submit([this.encoder.finish()]);
    this.encoder = undefined;
    this.arenaUsed = 0;
    this.epoch++;
    this.submits++;
    this.pool.trim(this.epoch);
  }

  /** The first `count` floats of `b`: one copy, one submit, one map. */
  async read(op: string, b: PooledBuffer, count: number): Promise<Float32Array> {
    const bytes = Math.max(4, count * 4);
    const size = Math.ceil(bytes / 256) * 256;
    const staging = this.staging.get(size)?.pop() ?? this.device.createBuffer({ size, usage: STAGING_USAGE });
    this.openEncoder();
    this.pass?.end();
    this.pass = undefined;
    this.encoder!.copyBufferToBuffer(b.buffer, 0, staging, 0, size <= b.size ? size : b.size);
    b.epoch = this.epoch;
    this.flush();
    try {
      await staging.mapAsync(MAP_READ, 0, size);
    } catch (error) {
      this.check(op);
      throw new BackpropError(op, `reading back from the WebGPU device (${this.adapterName}) failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const out = new Float32Array(staging.getMappedRange(0, size).slice(0, count * 4));
    staging.unmap();
    let list = this.staging.get(size);
    if (!list) this.staging.set(size, (list = []));
    list.push(staging);
    this.check(op);
    return out;
  }

  /** Waits until the device has finished everything submitted (for timing). */
  async idle(): Promise<void> {
    this.flush();
    await this.device.queue.onSubmittedWorkDone();
  }

  /** Destroys every buffer and the device; the runtime refuses all further use. */
  close(inUse: Iterable<PooledBuffer>): void {
    if (this.closed) return;
    this.closed = true;
    this.pass?.end();
    this.pass = undefined;
    this.encoder = undefined;
    for (const b of inUse) this.pool.forget(b);
    this.pool.destroyFree();
    for (const list of this.staging.values()) for (const s of list) s.destroy();
    this.staging.clear();
    this.arenaBuffer.destroy();
    this.pipelines.clear();
    this.device.onuncapturederror = null;
    this.device.destroy();
  }

  private openEncoder(): GPUCommandEncoder {
    return (this.encoder ??= this.device.createCommandEncoder());
  }

  private openPass(): GPUComputePassEncoder {
    return (this.pass ??= this.openEncoder().beginComputePass());
  }
}
