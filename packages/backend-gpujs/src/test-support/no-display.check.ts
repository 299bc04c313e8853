/**
 * Run by modes.test.ts in a child vitest process started WITHOUT a DISPLAY (gl connects to X
 * once per process, so "no display" can only be tested in a fresh one). Not matched by the
 * normal test glob; see vitest-no-display.config.ts.
 */
import { expect, it } from 'vitest';
import { createGpujsBackend } from '../index.js';

it('runs without DISPLAY', () => {
  expect(process.env.DISPLAY).toBeUndefined();
});

it('headlessgl without an X display says so and points to xvfb-run -a', () => {
  expect(() => createGpujsBackend({ mode: 'headlessgl' })).toThrow(
    /mode 'headlessgl' is not available here: the 'gl' addon loaded but made no GL context because there is no X display \(DISPLAY is unset\); run under a virtual one with `xvfb-run -a <command>`/,
  );
});

it('auto without a display takes webasm, never claiming GL', () => {
  const backend = createGpujsBackend({ mode: 'auto' });
  expect(backend.info.engine).toBe('webasm');
  backend.close();
});
