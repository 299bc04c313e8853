/**
 * What the adapter is, in words: its name, and whether it is a software renderer (a CPU
 * pretending to be a GPU, never called a GPU here), and the device limits a user can act on.
 */

/** Adapters that are the CPU: SwiftShader (Chromium's Vulkan on the CPU), Mesa's llvmpipe and lavapipe, Microsoft's WARP. */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|warp|microsoft basic render/i;

export interface AdapterDescription {
  /** 'google swiftshader (Vulkan SwiftShader Device), a software renderer on the CPU' */
  readonly text: string;
  readonly software: boolean;
}

export function describeAdapter(info: GPUAdapterInfo, isFallback: boolean): AdapterDescription {
  const parts = [info.vendor, info.architecture].filter((s) => typeof s === 'string' && s.length > 0);
  const name = parts.length > 0 ? parts.join(' ') : 'an unnamed adapter';
  const detail = [info.device, info.description].filter((s) => typeof s === 'string' && s.length > 0).join(', ');
  const software = isFallback || SOFTWARE.test(`${info.vendor} ${info.architecture} ${info.device} ${info.description}`);
  return {
    text: `${name}${detail ? ` (${detail})` : ''}, ${software ? 'a software renderer on the CPU, not a GPU' : 'a GPU'}`,
    software,
  };
}

const MIB = 1024 * 1024;

function mib(bytes: number): string {
  return bytes >= MIB ? `${(bytes / MIB).toFixed(bytes % MIB === 0 ? 0 : 1)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`;
}

/** The largest float32 matrix one storage buffer holds: the limit every shape is checked against. */
export function largestMatrixElements(limits: GPUSupportedLimits): number {
  return Math.floor(Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize) / 4);
}

/** The device's real limits as sentences for `info.limits`. */
export function limitsInWords(limits: GPUSupportedLimits, adapter: AdapterDescription): string[] {
  const bytes = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const words = [
    `adapter: ${adapter.text}`,
    `float32 only: every value is stored and computed in float32`,
    `one matrix holds at most ${largestMatrixElements(limits).toLocaleString('en-US')} values (${mib(bytes)}, the device's largest storage buffer); a larger batch or layer is refused before any work: use smaller batches or narrower layers`,
    `workgroup memory ${mib(limits.maxComputeWorkgroupStorageSize)}, ${limits.maxComputeInvocationsPerWorkgroup} invocations per workgroup, ${limits.maxComputeWorkgroupsPerDimension} workgroups per dispatch dimension`,
    'no synchronous read: read() is async (the GPU works ahead of the host until then)',
  ];
  if (adapter.software) words.push('this adapter is a software renderer: figures measured on it count dispatches on the CPU, not GPU speed; a CPU backend (wasm) is faster here');
  return words;
}
