/**
 * What a platform entry point gives: the `GPU` object adapters are requested from. It lives as
 * long as the page or process: nothing is released at a backend's close() (in Node, releasing
 * Dawn's instance early crashes the process; see platform/node.ts).
 */
export type OpenGpu = () => Promise<GPU>;
