export { InteropError, UnsupportedModelError } from './errors.js';
export { classNamesOf, networkFromPortable, portableFromNetwork, type PortableLayer, type PortableModel } from './model.js';
export { exportOnnx, NETWORK_INPUT, NETWORK_OUTPUT, ONNX_IR_VERSION, ONNX_OPSET, type OnnxExportOptions } from './onnx/export.js';
export { exportStandalone, literal } from './standalone/export.js';
export { importOnnx, ONNX_MAX_BYTES, SUPPORTED_ONNX, type OnnxImport, type OnnxImportOptions } from './onnx/import.js';
export { exportTfjsLayers, type TfjsLayersArtifacts } from './tfjs/export.js';
export { importTfjsLayers, planWeights, SUPPORTED_TFJS, type TfjsImportOptions, type WeightsPlan } from './tfjs/import.js';
