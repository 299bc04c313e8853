/**
 * Files (`@backprop/interop/node`): every write is atomic (a temporary file beside the target,
 * flushed, then renamed over it), and every read checks sizes before reading whole files.
 */
import { writeFileAtomic } from '@backprop/core/node';
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { InteropError } from './errors.js';
import type { PortableModel } from './model.js';
import { exportOnnx } from './onnx/export.js';
import { importOnnx, ONNX_MAX_BYTES, type OnnxImport, type OnnxImportOptions } from './onnx/import.js';
import { exportStandalone } from './standalone/export.js';
import { exportTfjsLayers } from './tfjs/export.js';
import { importTfjsLayers, planWeights, type TfjsImportOptions } from './tfjs/import.js';

/** model.json files larger than this are refused before reading. */
export const TFJS_MODEL_JSON_MAX_BYTES = 64 * 2 ** 20;

/** Writes `data` to `path` atomically: core's one implementation (a temporary file beside it, fsync, rename). */
export { writeFileAtomic };

export async function saveOnnx(model: PortableModel, path: string): Promise<void> {
  await writeFileAtomic(path, exportOnnx(model));
}

export async function saveStandalone(model: PortableModel, path: string): Promise<void> {
  await writeFileAtomic(path, exportStandalone(model));
}

/**
 * Writes `dir/model.json` and `dir/weights.bin` (creating `dir`), each atomically; the weights
 * first, so a model.json on disk never names weights that are not there yet.
 */
export async function saveTfjsLayers(model: PortableModel, dir: string): Promise<{ modelJson: string; weights: string }> {
  const artifacts = exportTfjsLayers(model);
  await fs.mkdir(dir, { recursive: true });
  const weights = join(dir, artifacts.weightsFile);
  const modelJson = join(dir, 'model.json');
  await writeFileAtomic(weights, artifacts.weights);
  await writeFileAtomic(modelJson, JSON.stringify(artifacts.modelJson));
  return { modelJson, weights };
}

async function sizeOf(path: string, operation: string, field: string): Promise<number> {
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) throw new InteropError(operation, field, `${path} is not a file`);
    return stat.size;
  } catch (e) {
    if (e instanceof InteropError) throw e;
    throw new InteropError(operation, field, `${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

export async function readOnnx(path: string, options: OnnxImportOptions = {}): Promise<OnnxImport> {
  const max = options.maxBytes ?? ONNX_MAX_BYTES;
  const size = await sizeOf(path, 'importOnnx', 'file');
  if (size > max) throw new InteropError('importOnnx', 'file', `${path} is ${size} bytes, more than the ${max} accepted (maxBytes)`);
  return importOnnx(await fs.readFile(path), options);
}

/**
 * Reads a TF.js layers model: `path` is its model.json; weight files are read from beside it,
 * by plain names only (the manifest cannot point elsewhere), each size checked first.
 */
export async function readTfjsLayers(path: string, options: TfjsImportOptions = {}): Promise<PortableModel> {
  const op = 'importTfjsLayers';
  const size = await sizeOf(path, op, 'model.json');
  if (size > TFJS_MODEL_JSON_MAX_BYTES) throw new InteropError(op, 'model.json', `${path} is ${size} bytes, more than the ${TFJS_MODEL_JSON_MAX_BYTES} accepted`);
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(path, 'utf8'));
  } catch (e) {
    throw new InteropError(op, 'model.json', `is not valid JSON (${(e as Error).message})`);
  }
  const plan = planWeights(json);
  const groups: Uint8Array[] = [];
  for (const [gi, group] of plan.groups.entries()) {
    const files = group.paths.map((p) => join(dirname(path), p));
    let total = 0;
    for (const [pi, file] of files.entries()) total += await sizeOf(file, op, `weightsManifest[${gi}].paths[${pi}]`);
    if (total !== group.bytes) throw new InteropError(op, `weightsManifest[${gi}].paths`, `hold ${total} bytes, but the manifest's weights need ${group.bytes}: truncated or corrupt`);
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const file of files) {
      const part = await fs.readFile(file);
      if (offset + part.length > total) throw new InteropError(op, `weightsManifest[${gi}].paths`, 'changed size while being read');
      bytes.set(part, offset);
      offset += part.length;
    }
    groups.push(bytes);
  }
  return importTfjsLayers(json, groups, options);
}
