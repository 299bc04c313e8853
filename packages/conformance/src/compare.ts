// The comparison lives in the test kit (@backprop/test-kit, also exported as @backprop/conformance/kit).
export { compareArrays, type Comparison } from '@backprop/test-kit';
