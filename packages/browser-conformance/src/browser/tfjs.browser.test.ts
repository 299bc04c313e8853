// backend-tfjs in Chromium on every browser engine. Each run proves tfjs really runs the engine
// asked for (expectEngine, and tf.getBackend() right after creation), so no engine can pass by
// tfjs quietly falling back to another. WebGPU runs where Chromium offers an adapter; where it
// does not, every case is skipped with the reason createTfjsBackend gave.
import * as tf from '@tensorflow/tfjs-core';
import { TFJS_AUTO_ORDER, createTfjsBackend, type TfjsEngine } from '@backprop/backend-tfjs';
import { choices } from '@backprop/backends';
import { runConformance } from '@backprop/conformance';
import { describe, expect, it } from 'vitest';
import { chromiumReport } from '../support/report-path.js';
import { TFJS_WASM_PATHS } from '../support/tfjs-wasm-paths.js';

async function createOn(engine: TfjsEngine) {
  const backend = await createTfjsBackend({ engine, wasmPaths: TFJS_WASM_PATHS });
  if (tf.getBackend() !== engine) throw new Error(`asked for tfjs engine '${engine}', tf.getBackend() is '${tf.getBackend()}'`);
  return backend;
}

/** Why the webgpu engine cannot start in this browser, or null when it can. */
async function webgpuUnavailable(): Promise<string | null> {
  try {
    await createOn('webgpu');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const webgpuReason = await webgpuUnavailable();

describe('tfjs engine choice in a browser', () => {
  it("'auto' tries webgpu, webgl, wasm, cpu in that order and says why it passed any over", async () => {
    expect(TFJS_AUTO_ORDER).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    const backend = await createTfjsBackend({ engine: 'auto', wasmPaths: TFJS_WASM_PATHS });
    const passedOver = backend.info.limits.filter((l) => l.startsWith('auto passed over'));
    if (webgpuReason === null) {
      expect(backend.info.engine).toBe('webgpu');
      expect(passedOver).toEqual([]);
    } else {
      expect(backend.info.engine).toBe('webgl');
      expect(passedOver).toEqual([`auto passed over 'webgpu': ${webgpuReason}`]);
    }
    expect(tf.getBackend()).toBe(backend.info.engine);
  });

  it("'tensorflow' fails saying tfjs-node is Node-only", async () => {
    await expect(createTfjsBackend({ engine: 'tensorflow' })).rejects.toThrow('@tensorflow/tfjs-node is a Node addon; in a browser use engine');
  });

  it('webgpu has no sync read (tfjs reads it through a canvas, which gives zeros headless); webgl has one', async () => {
    const webgl = await createOn('webgl');
    expect(typeof webgl.readSync).toBe('function');
    if (webgpuReason === null) expect((await createOn('webgpu')).readSync).toBeUndefined();
  });
});

/** tfjs's browser engines, from the backend registry. */
const ENGINES = choices({ platform: 'browser' })
  .filter((c) => c.backend === 'tfjs')
  .map((c) => c.variant as TfjsEngine);

for (const engine of ENGINES) {
  // WebGPU runs where Chromium offers an adapter; every other engine must run.
  const unavailable = engine === 'webgpu' && webgpuReason !== null ? { unavailable: `tfjs's webgpu engine cannot start in this Chromium: ${webgpuReason}` } : {};
  runConformance({ name: `chromium tfjs ${engine}`, create: () => createOn(engine), expectEngine: engine, reportFile: chromiumReport(`tfjs ${engine}`), ...unavailable });
}
