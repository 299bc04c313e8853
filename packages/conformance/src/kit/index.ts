/**
 * @backprop/conformance/kit: the test kit a backend's own unit tests import (float64 op tables,
 * seeded values, expectClose with named tolerances). It lives in @backprop/test-kit, which
 * depends on core only, so that backend-js (which this suite depends on at run time) can use it
 * too without a dependency cycle; this entry re-exports it for everyone else.
 */
export * from '@backprop/test-kit';
