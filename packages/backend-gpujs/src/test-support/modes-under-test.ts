/**
 * The modes every test file runs in. headlessgl needs an X display, which the vitest global
 * setup provides; its tests assert that they really ran on headless GL.
 */
export const MODES_UNDER_TEST = ['headlessgl', 'webasm', 'cpu'] as const;
