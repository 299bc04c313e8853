/**
 * The end of an exhaustive switch: the compiler proves it unreachable (`x` is `never`), and if
 * an unchecked caller still gets here at run time, it fails loudly instead of running a silent
 * default. `@typescript-eslint/switch-exhaustiveness-check` makes every switch list its cases.
 */
export function assertNever(x: never, what: string): never {
  throw new Error(`unreachable: unknown ${what} ${JSON.stringify(x)} (a switch is missing a case)`);
}
