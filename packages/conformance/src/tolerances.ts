// The presets live in the test kit (@backprop/test-kit, also exported as @backprop/conformance/kit),
// where a backend's own unit tests share them with this suite.
export { TOLERANCES, TRANSCENDENTAL_SLACK, type PrecisionTolerance as Tolerance } from '@backprop/test-kit';
