/**
 * `backprop import`: a network from another runtime's file as a backprop model file, which then
 * predicts and trains on every backend. `onnx`: an .onnx file of dense layers (Gemm or
 * MatMul+Add and core's activations); `tfjs`: a TF.js layers model.json (or its folder).
 * Anything else is refused, naming the node or layer and what is supported.
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createJsBackend } from '@backprop/backend-js';
import { isLoss, LOSSES, ModelFormatError, type Loss } from '@backprop/core';
import { saveModel } from '@backprop/core/node';
import { networkFromPortable, type PortableModel } from '@backprop/interop';
import { readOnnx, readTfjsLayers } from '@backprop/interop/node';
import { Command, Option } from 'commander';
import { inputError } from '../errors.js';
import { ensureParentDirectory } from '../files.js';
import { createOutput } from '../output.js';

export const IMPORT_FORMATS = ['onnx', 'tfjs'] as const;
type ImportFormat = (typeof IMPORT_FORMATS)[number];

interface ImportFlags {
  readonly format: ImportFormat;
  readonly in: string;
  readonly out: string;
  readonly output?: string;
  readonly loss?: string;
  readonly json?: boolean;
}

async function readForeign(flags: ImportFlags, path: string, loss: Loss | undefined): Promise<{ model: PortableModel; notes: readonly string[] }> {
  try {
    if (flags.format === 'onnx') return await readOnnx(path, { ...(flags.output ? { output: flags.output } : {}), ...(loss ? { loss } : {}) });
    let file = path;
    try {
      if (statSync(path).isDirectory()) file = join(path, 'model.json');
    } catch {
      // reported by the reader, naming the file
    }
    return { model: await readTfjsLayers(file, loss ? { loss } : {}), notes: [] };
  } catch (error) {
    if (error instanceof ModelFormatError) throw inputError(`cannot import ${path}: ${error.message}`);
    throw error;
  }
}

export async function runImport(flags: ImportFlags): Promise<void> {
  const out = createOutput(flags.json === true);
  if (flags.loss !== undefined && !isLoss(flags.loss)) throw inputError(`--loss must be one of ${LOSSES.join(', ')}, got ${JSON.stringify(flags.loss)}`);
  const source = resolve(flags.in);
  const target = resolve(flags.out);
  ensureParentDirectory(target, 'model', 'model.json');
  const { model, notes } = await readForeign(flags, source, flags.loss);
  let built;
  try {
    built = networkFromPortable(model, createJsBackend(), 'import');
  } catch (error) {
    if (error instanceof ModelFormatError) throw inputError(`cannot import ${source}: ${error.message}`);
    throw error;
  }
  await saveModel(built.network, target, { ...built.meta, importedFrom: { format: flags.format, file: source } });
  const shape = [model.inputSize, ...model.layers.map((l) => l.units)].join('-');
  const kinds = model.layers.map((l) => l.activation).join('/');
  const classes = model.preprocessing?.target.kind === 'classes' ? model.preprocessing.target.classes : model.classes;
  out.result(
    { format: flags.format, source, model: target, network: { inputSize: model.inputSize, loss: model.loss, layers: model.layers.map((l) => ({ units: l.units, activation: l.activation })) }, ...(classes ? { classes } : {}), preprocessing: model.preprocessing !== undefined, notes },
    [
      `source    ${source} (${flags.format})`,
      `network   ${shape} ${kinds}, ${model.loss}`,
      ...(classes ? [`classes   ${classes.join(', ')}`] : []),
      ...(model.preprocessing ? ['inputs    named columns (preprocessing restored)'] : []),
      ...notes.map((n) => `note      ${n}`),
      `model     ${target}`,
    ].join('\n'),
  );
  built.network.dispose();
}

export function importCommand(): Command {
  const command = new Command('import')
    .description('read a dense network from ONNX or TensorFlow.js layers format into a backprop model file')
    .addOption(new Option('--format <format>', 'onnx: an .onnx file; tfjs: a TF.js layers model.json (or its folder)').choices(IMPORT_FORMATS).makeOptionMandatory())
    .requiredOption('--in <path>', 'the file to import')
    .requiredOption('--out <file>', 'the backprop model file to write')
    .option('--output <name>', 'onnx: the graph output to import (default: probabilities, or the only output)')
    .option('--loss <loss>', `the loss to train the imported network with (${LOSSES.join(', ')}; default from its output layer)`)
    .option('--json', 'print one JSON document on stdout');
  return command.action((flags: ImportFlags) => runImport(flags));
}
