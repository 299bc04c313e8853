// Lists, one path a line (relative to the repository root), what `backprop gpu-check` needs from
// node_modules and the build outputs on a machine that has neither: the runtime closure of the
// demo's workspace packages (dependencies and optional dependencies, followed the way Node
// resolves them through pnpm's links) plus vitest for the conformance run, each package's built
// dist, and the workspace packages' own node_modules link folders. Packages that cannot or need
// not run there are left out, each with its reason (SKIP below).
import { existsSync, readFileSync, realpathSync, readdirSync, lstatSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const ROOT = realpathSync(join(dirname(new URL(import.meta.url).pathname), '..', '..'));

/** Not carried, with why: these would only add megabytes. */
const SKIP = {
  '@tensorflow/tfjs-node': 'needs libtensorflow, which its install downloads; it never loads from a carried copy',
  '@tensorflow/tfjs-backend-webgl': 'backend-tfjs loads it only in browsers',
  '@tensorflow/tfjs-backend-webgpu': 'backend-tfjs loads it only in browsers',
  'node-gyp': 'builds gl at install time; the carried gl is built already',
  'prebuild-install': 'install time only',
  mnist: 'the digits are for `train`; the check never reads them',
  '@vitest/browser-playwright': 'browser tests only',
  playwright: 'browser tests only',
  'playwright-core': 'browser tests only',
};

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** Node's lookup: <dir>/node_modules/<name>, then each parent's. */
function resolvePackage(fromDir, name) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dir === dirname(dir)) return undefined;
  }
}

const workspaceDirs = new Map(); // package name -> dir
for (const group of ['packages', 'apps']) {
  for (const entry of readdirSync(join(ROOT, group))) {
    const file = join(ROOT, group, entry, 'package.json');
    if (existsSync(file)) workspaceDirs.set(readJson(file).name, join(ROOT, group, entry));
  }
}

const seen = new Set();
const workspaceUsed = new Set();
function visit(dir, includeDev) {
  if (seen.has(dir)) return;
  seen.add(dir);
  const pkg = readJson(join(dir, 'package.json'));
  const names = { ...pkg.dependencies, ...pkg.optionalDependencies, ...(includeDev ? pkg.devDependencies : {}) };
  for (const name of Object.keys(names)) {
    if (name in SKIP) continue;
    if (workspaceDirs.has(name)) {
      workspaceUsed.add(workspaceDirs.get(name));
      visit(workspaceDirs.get(name), false);
      continue;
    }
    const found = resolvePackage(dir, name);
    if (found) visit(found, false);
  }
}

// The demo (the CLI) and backend-gpujs with its dev dependencies (vitest, conformance) for the suite.
const demo = workspaceDirs.get('@backprop/demo');
const gpujs = workspaceDirs.get('@backprop/backend-gpujs');
workspaceUsed.add(demo);
workspaceUsed.add(gpujs);
visit(demo, false);
seen.delete(gpujs);
visit(gpujs, true);

const out = new Set();
const PNPM_ENTRY = /^(node_modules\/\.pnpm\/[^/]+)\//;
for (const dir of seen) {
  if (workspaceUsed.has(dir)) continue;
  const rel = relative(ROOT, dir);
  // pnpm keeps each package in .pnpm/<id>/node_modules/<name> beside links to its dependencies:
  // carry the whole .pnpm/<id> so that those links come along.
  out.add(PNPM_ENTRY.exec(rel)?.[1] ?? rel);
}
for (const dir of workspaceUsed) {
  const rel = relative(ROOT, dir);
  if (existsSync(join(dir, 'dist'))) out.add(join(rel, 'dist'));
  // The package's own links (node_modules/<dep> -> ../../node_modules/.pnpm/...): symlinks only.
  const nm = join(dir, 'node_modules');
  if (existsSync(nm)) out.add(join(rel, 'node_modules'));
}
// The root's links (vitest.shared.ts and the configs resolve vitest from here) and pnpm's hoisted links.
for (const link of ['node_modules/vitest', 'node_modules/.pnpm/node_modules']) if (existsSync(join(ROOT, link))) out.add(link);

for (const path of [...out].sort()) {
  const stat = lstatSync(join(ROOT, path));
  if (stat.isSymbolicLink() || stat.isDirectory() || stat.isFile()) process.stdout.write(path + '\n');
}
