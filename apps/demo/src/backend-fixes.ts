/**
 * What to do when a backend cannot start, from the reason it gave. The backends' own messages
 * often say it already (gpu.js names the missing X display, tfjs how to install tfjs-node); this
 * adds the step for the causes that are the demo's business: a package not installed or built.
 */
import type { BackendEntry } from './backends.js';

interface FixRule {
  readonly when: RegExp;
  readonly fix: (entry: BackendEntry) => string;
}

const RULES: readonly FixRule[] = [
  {
    when: /ERR_MODULE_NOT_FOUND|Cannot find (module|package)/i,
    fix: (e) => `install and build it: from the repository root run \`npm_config_nodedir=/usr pnpm install && pnpm build\` (or \`pnpm --filter ${e.packageName} build\`)`,
  },
  {
    when: /does not export|not a Backend|does not provide an export/i,
    fix: (e) => `update ${e.packageName} to a version that exports ${e.factory}(), then rebuild it`,
  },
  {
    when: /DISPLAY|X display|xvfb/i,
    fix: () => 'run under a virtual display: `xvfb-run -a backprop …` (Debian/Ubuntu: apt-get install -y xvfb xauth)',
  },
  {
    when: /tfjs-node|tfjs_binding|libtensorflow/i,
    // Its own install script downloads libtensorflow from a host firewalls often block; the
    // offline script takes libtensorflow from a TensorFlow wheel on PyPI instead.
    fix: () =>
      'from the repository root run `bash scripts/tfjs-node-offline.sh` (builds tfjs-node\'s addon from a TensorFlow wheel on PyPI), ' +
      'or install @tensorflow/tfjs-node@4.22.0 on a machine that can download libtensorflow; or use --engine wasm',
  },
  {
    when: /webgl|browser/i,
    fix: () => 'this mode needs a browser; in Node use headlessgl, webasm or cpu',
  },
  {
    when: /'gl'|headless ?gl|native addon/i,
    fix: () => 'install the gl build dependencies (apt-get install -y libxi-dev libglu1-mesa-dev libglew-dev pkg-config libx11-dev libxext-dev), then reinstall with npm_config_nodedir=/usr',
  },
];

export function suggestFix(reason: string, entry: BackendEntry): string {
  const rule = RULES.find((r) => r.when.test(reason));
  return rule ? rule.fix(entry) : `see the reason; \`backprop doctor\` lists every ${entry.name} ${entry.option} and whether it works here`;
}
