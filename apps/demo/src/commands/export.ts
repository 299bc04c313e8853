/**
 * `backprop export`: a saved model in another runtime's format (@backprop/interop):
 * `onnx` (one .onnx file), `tfjs` (a folder with model.json and weights.bin), `js` (a standalone
 * ES module). Every file is written atomically; the model is validated on load as `predict` does.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createJsBackend } from '@backprop/backend-js';
import { BackpropError, ModelFormatError, parseModel } from '@backprop/core';
import { InteropError, ONNX_OPSET, portableFromNetwork, type PortableModel } from '@backprop/interop';
import { saveOnnx, saveStandalone, saveTfjsLayers } from '@backprop/interop/node';
import { Command, Option } from 'commander';
import { inputError } from '../errors.js';
import { ensureParentDirectory } from '../files.js';
import { createOutput } from '../output.js';

export const EXPORT_FORMATS = ['onnx', 'tfjs', 'js'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

interface ExportFlags {
  readonly model: string;
  readonly format: ExportFormat;
  readonly out: string;
  readonly json?: boolean;
}

/** A saved model as the exporters read it; bad files are input errors naming the file. */
export async function readPortableModel(path: string): Promise<{ model: PortableModel; bytes: number }> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw inputError(`cannot read model file ${path}${code === 'ENOENT' ? ': no such file' : ` (${code ?? String(error)})`}`, 'train one with `backprop train --out model.json`');
  }
  try {
    const { network, meta } = parseModel(text, createJsBackend());
    const model = await portableFromNetwork(network, meta);
    network.dispose();
    return { model, bytes: Buffer.byteLength(text) };
  } catch (error) {
    // Core's loader and @backprop/data's preprocessing check both name the bad field.
    if (error instanceof BackpropError) throw inputError(`model file ${path} is not a usable backprop model: ${error.message}`);
    throw error;
  }
}

function fileSize(path: string): number {
  return statSync(path).size;
}

export async function runExport(flags: ExportFlags): Promise<void> {
  const out = createOutput(flags.json === true);
  const modelPath = resolve(flags.model);
  const target = resolve(flags.out);
  const { model, bytes } = await readPortableModel(modelPath);
  let files: { path: string; bytes: number }[];
  try {
    if (flags.format === 'tfjs') {
      const written = await saveTfjsLayers(model, target);
      files = [written.modelJson, written.weights].map((p) => ({ path: p, bytes: fileSize(p) }));
    } else {
      ensureParentDirectory(target, flags.format === 'onnx' ? 'ONNX file' : 'module', flags.format === 'onnx' ? 'model.onnx' : 'model.mjs');
      await (flags.format === 'onnx' ? saveOnnx(model, target) : saveStandalone(model, target));
      files = [{ path: target, bytes: fileSize(target) }];
    }
  } catch (error) {
    if (error instanceof InteropError || error instanceof ModelFormatError) throw inputError(`cannot export ${modelPath} to ${flags.format}: ${error.message}`);
    throw error;
  }
  const pre = model.preprocessing;
  const inputs = pre ? `columns ${pre.features.map((f) => JSON.stringify(f.name)).join(', ')}` : `input: ${model.inputSize} numbers a row`;
  const detail = flags.format === 'onnx' ? `ONNX opset ${ONNX_OPSET}; ${inputs}` : flags.format === 'tfjs' ? `TF.js layers model; ${pre ? 'preprocessed inputs (preprocessing in userDefinedMetadata)' : inputs}` : `standalone ES module, predict(rows); ${inputs}`;
  out.result(
    { format: flags.format, model: modelPath, modelBytes: bytes, files, ...(flags.format === 'onnx' ? { opset: ONNX_OPSET } : {}) },
    [`model     ${modelPath} (${bytes.toLocaleString('en-US')} bytes)`, `format    ${detail}`, ...files.map((f) => `wrote     ${f.path} (${f.bytes.toLocaleString('en-US')} bytes)`)].join('\n'),
  );
}

export function exportCommand(): Command {
  const command = new Command('export')
    .description('write a saved model for another runtime: ONNX, TensorFlow.js layers, or a standalone ES module')
    .requiredOption('--model <file>', 'the backprop model to export (from `backprop train --out`)')
    .addOption(new Option('--format <format>', 'onnx: one .onnx file (preprocessing in the graph); tfjs: a folder with model.json + weights.bin; js: a dependency-free ES module').choices(EXPORT_FORMATS).makeOptionMandatory())
    .requiredOption('--out <path>', 'the file to write (a folder for tfjs)')
    .option('--json', 'print one JSON document on stdout');
  return command.action((flags: ExportFlags) => runExport(flags));
}
