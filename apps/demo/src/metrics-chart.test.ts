/**
 * The held-out metrics chart: where it goes (beside the training chart), the seeded sample that
 * keeps a million-row scatter small, and, through the built CLI, `train --data` writing a valid
 * SVG whose confusion cells carry the --json counts by class name, or whose scatter has one
 * point per test row with the target's name on its axes; named in --json and the text output,
 * skipped with --no-chart, and a bad path refused before training.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_SCATTER_POINTS, metricsChartPath, metricsChartSpec, sampleIndices } from './charts/metrics-chart.js';
import { renderSvg } from './charts/render-svg.js';
import { jsonOf, looksLikeStackTrace, runCli, scratchDir } from './test-support/run-cli.js';

type XmlNode = Record<string, unknown>;

/** Parses `svg` (it must be well-formed XML with an <svg> root) and returns its tree. */
function parseSvg(svg: string): XmlNode {
  expect(XMLValidator.validate(svg)).toBe(true);
  const tree = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', alwaysCreateTextNode: true }).parse(svg) as XmlNode;
  expect(Object.keys(tree)).toEqual(['svg']);
  return tree;
}

/** Every element under `node` whose class attribute starts with `prefix`. */
function groups(node: unknown, prefix: string, found: XmlNode[] = []): XmlNode[] {
  if (Array.isArray(node)) for (const n of node) groups(n, prefix, found);
  else if (node !== null && typeof node === 'object') {
    const cls = (node as XmlNode)['@class'];
    if (typeof cls === 'string' && cls.startsWith(prefix)) found.push(node as XmlNode);
    for (const [k, v] of Object.entries(node)) if (!k.startsWith('@')) groups(v, prefix, found);
  }
  return found;
}

/** The <text> elements of `group`, as [aria-label, content]. */
function texts(group: XmlNode): [string, string][] {
  const t = group.text;
  const list = (Array.isArray(t) ? t : t === undefined ? [] : [t]) as XmlNode[];
  const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  return list.map((e) => [text(e['@aria-label']), text(e['#text'])]);
}

/** Every text drawn anywhere in the SVG (axis titles, labels, titles). */
function allText(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) allText(n, out);
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '#text' && (typeof v === 'string' || typeof v === 'number')) out.push(String(v));
      else if (!k.startsWith('@')) allText(v, out);
    }
  }
  return out;
}

/** How many points a scatter draws: the symbols of its point mark. */
function symbolCount(tree: XmlNode): number {
  const [marks] = groups(tree, 'mark-symbol role-mark');
  const paths = marks?.path;
  return Array.isArray(paths) ? paths.length : paths === undefined ? 0 : 1;
}

describe('metricsChartPath', () => {
  it('puts the metrics chart beside the training chart', () => {
    expect(metricsChartPath('/tmp/x/iris-training.svg')).toBe('/tmp/x/iris-metrics.svg');
    expect(metricsChartPath('/tmp/x/run.svg')).toBe('/tmp/x/run-metrics.svg');
    expect(metricsChartPath('/tmp/x/chart')).toBe('/tmp/x/chart-metrics.svg');
    expect(metricsChartPath('/tmp/x.d/a.b.svg')).toBe('/tmp/x.d/a.b-metrics.svg');
  });
});

describe('the scatter of a large test split', () => {
  it('draws a seeded sample of at most 5,000 rows, each once, in row order', () => {
    expect(Array.from(sampleIndices(4, MAX_SCATTER_POINTS))).toEqual([0, 1, 2, 3]);
    const a = sampleIndices(1_000_000, MAX_SCATTER_POINTS);
    expect(a).toHaveLength(5000);
    expect(new Set(a).size).toBe(5000);
    for (let i = 1; i < a.length; i++) expect(a[i]).toBeGreaterThan(a[i - 1]!);
    expect(Array.from(sampleIndices(1_000_000, MAX_SCATTER_POINTS))).toEqual(Array.from(a));
    expect(Array.from(sampleIndices(1_000_000, MAX_SCATTER_POINTS, 2))).not.toEqual(Array.from(a));
    // Spread over the whole range, not the first rows.
    expect(a[a.length - 1]).toBeGreaterThan(990_000);
  });

  it('a million-row regression gives a small SVG with 5,000 points and the target on both axes', async () => {
    const n = 1_000_000;
    const actual = Float64Array.from({ length: n }, (_, i) => 100 + (i % 1000));
    const predicted = actual.map((v, i) => v + 20 * Math.sin(i));
    const svg = await renderSvg(metricsChartSpec('houses', { metrics: { kind: 'regression', target: 'price', rmse: 14.1, mae: 12.7, r2: 0.997, rows: n }, predicted, actual }));
    const tree = parseSvg(svg);
    expect(symbolCount(tree)).toBe(5000);
    expect(svg.length).toBeLessThan(2_000_000);
    const words = allText(tree);
    expect(words).toContain('actual price');
    expect(words).toContain('predicted price');
    expect(words).toContain('5,000 of the 1,000,000 rows drawn (a seeded sample)');
  });
});

describe('train --data writes the metrics chart beside the training chart', () => {
  let dir: string;
  beforeAll(() => {
    dir = scratchDir();
  });

  it('classification: a confusion heatmap by class name whose cells are --json\'s counts', async () => {
    // Three overlapping fish sizes, one class name with an ampersand (XML must escape it).
    const lines = ['length,weight,size'];
    const names = ['small fry', 'mid-size', 'big & bold'];
    for (let i = 0; i < 240; i++) {
      const c = i % 5 === 0 ? 2 : i % 3 === 0 ? 1 : 0;
      lines.push(`${(c * 10 + ((i * 7) % 13)).toFixed(1)},${(c * 4 + ((i * 11) % 9) / 2).toFixed(2)},${names[c]}`);
    }
    const csv = join(dir, 'fish.csv');
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const chart = join(dir, 'charts', 'fish-training.svg');
    const run = await runCli(['train', '--data', csv, '--target', 'size', '--epochs', '30', '--backend', 'js', '--chart', chart, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = jsonOf<{ chart: string; metricsChart: string; heldOut: { kind: string; classes: string[]; confusion: number[][]; rows: number } }>(run);
    const metrics = join(dir, 'charts', 'fish-metrics.svg');
    expect(doc.chart).toBe(chart);
    expect(doc.metricsChart).toBe(metrics);
    expect(existsSync(chart)).toBe(true);
    const tree = parseSvg(readFileSync(metrics, 'utf8'));
    const words = allText(tree);
    for (const name of names) expect(words).toContain(name);
    expect(words).toContain('predicted class');
    expect(words).toContain('actual class');
    // Every cell's count, labelled with its actual and predicted class, equals --json's.
    const [cellTexts] = groups(tree, 'mark-text role-mark');
    const cells = texts(cellTexts!);
    const { classes, confusion } = doc.heldOut;
    expect(doc.heldOut.kind).toBe('classification');
    expect(cells).toHaveLength(classes.length ** 2);
    let total = 0;
    classes.forEach((a, i) =>
      classes.forEach((p, j) => {
        const count = confusion[i]![j]!;
        total += count;
        expect(cells).toContainEqual([`predicted class: ${p}; actual class: ${a}; count: ${count}`, String(count)]);
      }),
    );
    expect(total).toBe(doc.heldOut.rows);
  });

  it('regression: predicted against actual in the target\'s units, one point per test row, at the default path', async () => {
    const lines = ['rooms,age,price_k'];
    for (let i = 0; i < 300; i++) {
      const rooms = 1 + (i % 6);
      const age = (i * 13) % 40;
      lines.push(`${rooms},${age},${(80 * rooms - 1.5 * age + 50 + ((i * 37) % 11)).toFixed(1)}`);
    }
    writeFileSync(join(dir, 'houses.csv'), `${lines.join('\n')}\n`);
    const run = await runCli(['train', '--data', 'houses.csv', '--target', 'price_k', '--epochs', '40', '--backend', 'js', '--json'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const doc = jsonOf<{ chart: string; metricsChart: string; heldOut: { kind: string; rows: number; r2: number } }>(run);
    expect(doc.chart).toBe(join(dir, 'houses-training.svg'));
    expect(doc.metricsChart).toBe(join(dir, 'houses-metrics.svg'));
    expect(doc.heldOut.kind).toBe('regression');
    const tree = parseSvg(readFileSync(doc.metricsChart, 'utf8'));
    expect(symbolCount(tree)).toBe(doc.heldOut.rows);
    const words = allText(tree);
    expect(words).toContain('actual price_k');
    expect(words).toContain('predicted price_k');
    expect(words.some((w) => w.startsWith('RMSE ') && w.includes(`R² ${doc.heldOut.r2.toFixed(4)}`))).toBe(true);
  });

  it('the text output names it; --no-chart writes neither chart; a metrics path that is a folder is refused before training', async () => {
    const chart = join(dir, 'xor', 'run.svg');
    const text = await runCli(['train', '--dataset', 'xor', '--epochs', '5', '--backend', 'js', '--chart', chart]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`chart     ${chart}\n          ${join(dir, 'xor', 'run-metrics.svg')} (held-out metrics)`);
    expect(existsSync(join(dir, 'xor', 'run-metrics.svg'))).toBe(true);

    const quiet = join(dir, 'quiet');
    mkdirSync(quiet);
    const none = await runCli(['train', '--dataset', 'xor', '--epochs', '5', '--backend', 'js', '--no-chart', '--json'], { cwd: quiet });
    expect(none.code, none.stderr).toBe(0);
    expect(jsonOf<{ chart: null; metricsChart: null }>(none)).toMatchObject({ chart: null, metricsChart: null });
    expect(readdirSync(quiet).filter((f) => f.endsWith('.svg'))).toEqual([]);

    const folder = join(dir, 'bad-metrics.svg');
    mkdirSync(folder);
    const bad = await runCli(['train', '--dataset', 'xor', '--epochs', '5', '--backend', 'js', '--chart', join(dir, 'bad-training.svg')]);
    expect(bad.code, bad.stderr).toBe(3);
    expect(bad.stderr).toContain(`error: the metrics chart path ${folder} is a folder, not a file`);
    expect(bad.stderr).not.toContain('train:');
    expect(looksLikeStackTrace(bad.stderr)).toBe(false);
    expect(existsSync(join(dir, 'bad-training.svg'))).toBe(false);
  });
});
