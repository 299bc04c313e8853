// Prints the size of each export format against backprop's own model file, for the README.
// Run after building: pnpm --filter @backprop/interop build && node scripts/file-sizes.mjs
import { createJsBackend } from '@backprop/backend-js';
import { createNetwork, modelToJSON } from '@backprop/core';
import { exportOnnx, exportStandalone, exportTfjsLayers, portableFromNetwork } from '@backprop/interop';

const shapes = [
  ['iris 4-16-3', 4, [16, 3]],
  ['spirals 2-64-64-3', 2, [64, 64, 3]],
  ['mnist 784-256-10', 784, [256, 10]],
];
const backend = createJsBackend();
const rows = [['network', 'parameters', 'backprop JSON', 'ONNX', 'TF.js json+bin', 'standalone .mjs']];
for (const [name, inputSize, units] of shapes) {
  const net = createNetwork(backend, { inputSize, layers: units.map((u, i) => ({ units: u, activation: i === units.length - 1 ? 'softmax' : 'relu' })), loss: 'softmaxCrossEntropy', seed: 1 });
  const parameters = net.layers.reduce((n, l) => n + l.inputs * l.units + l.units, 0);
  const own = Buffer.byteLength(await modelToJSON(net));
  const model = await portableFromNetwork(net);
  const tfjs = exportTfjsLayers(model);
  const sizes = [own, exportOnnx(model).length, Buffer.byteLength(JSON.stringify(tfjs.modelJson)) + tfjs.weights.length, Buffer.byteLength(exportStandalone(model))];
  rows.push([name, parameters.toLocaleString('en-US'), ...sizes.map((s, i) => `${s.toLocaleString('en-US')}${i === 0 ? '' : ` (${(s / own).toFixed(2)}×)`}`)]);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const r of rows) console.log(`| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`);
