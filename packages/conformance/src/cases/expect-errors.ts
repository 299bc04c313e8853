/** Assertions that a call is refused with a BackpropError whose message matches, shared by the cases. */
import { BackpropError } from '@backprop/core';
import { expect } from 'vitest';

export function expectError(run: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected a BackpropError matching ${String(pattern)}`).toBeInstanceOf(BackpropError);
  expect((caught as Error).message).toMatch(pattern);
}

export async function expectRejects(run: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  const caught = await run().then(() => undefined, (e: unknown) => e);
  expect(caught, `expected a rejection with a BackpropError matching ${String(pattern)}`).toBeInstanceOf(BackpropError);
  expect((caught as Error).message).toMatch(pattern);
}
