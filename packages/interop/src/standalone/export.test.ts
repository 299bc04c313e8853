/**
 * The standalone module: imported in Node it predicts what backprop predicts, it has no import
 * statement, importing it only declares functions, and names from the data (quotes, backticks,
 * `${`, `*\/`, newlines, `</script>`, U+2028) stay inside string literals: the module made from
 * hostile names has the same tokens as one made from plain names, literals aside.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ACTIVATIONS, LOSSES } from '@backprop/core';
import { Parser, tokenizer } from 'acorn';
import { afterAll, describe, expect, it } from 'vitest';
import { portableFromNetwork } from '../model.js';
import { HOSTILE_NAMES, hostileTable, makeBackend, PLAIN_NAMES, randomRows, trainedNetwork, trainedOnTable, withEmptyCells } from '../test-support/models.js';
import { expectClose } from '../test-support/tolerance.js';
import { exportStandalone } from './export.js';

const dir = mkdtempSync(join(tmpdir(), 'backprop-standalone-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

type Predict = (rows: unknown[]) => unknown[];

async function importModule(source: string): Promise<{ predict: Predict; keys: string[] }> {
  const file = join(dir, `model-${files++}.mjs`);
  writeFileSync(file, source);
  const module = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { predict: Predict };
  return { predict: module.predict, keys: Object.keys(module) };
}

describe('exportStandalone', () => {
  // Two backends are covered by the ONNX tests; one is enough to check the module's arithmetic.
  it('predicts as backprop for every activation and loss output', async () => {
    const backend = await makeBackend('js');
    for (const activation of ACTIVATIONS) {
      for (const loss of LOSSES) {
        const net = await trainedNetwork(backend, activation, loss);
        const x = randomRows(10, 3, 5);
        const { predict, keys } = await importModule(exportStandalone(await portableFromNetwork(net)));
        expect(keys).toEqual(['predict']);
        expectClose((predict(x) as number[][]).flat(), (await net.predict(x)).flat(), `${activation}/${loss}`);
        net.dispose();
      }
    }
  });

  it('a classifier and a regression trained on a table with hostile names: same predictions, names intact', async () => {
    const backend = await makeBackend('js');
    for (const task of ['classification', 'regression'] as const) {
      const table = hostileTable(task);
      const { network, pre } = await trainedOnTable(backend, table, task);
      const source = exportStandalone(await portableFromNetwork(network, { preprocessing: pre.toJSON() }));
      const { predict } = await importModule(source);
      expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
      const x = pre.transform(table);
      const out = await network.predictFlat({ data: x.data, rows: x.rows, cols: x.cols });
      // Columns in another order and an extra column: looked up by name, as backprop predict does.
      const rows = table.rows.map((r) => Object.fromEntries([['extra', 'ignored'], ...Object.entries(r).reverse()]));
      const got = predict(rows);
      if (task === 'classification') {
        const expected = pre.decodeClasses(out.data, out.rows);
        expect(got.map((p) => (p as { class: string }).class)).toEqual(expected.map((p) => p.class));
        expectClose(got.flatMap((p) => pre.classes!.map((c) => (p as { probabilities: Record<string, number> }).probabilities[c]!)), out.data, 'probabilities');
        expect(new Set(got.map((p) => (p as { class: string }).class))).toEqual(new Set(HOSTILE_NAMES.classes));
      } else {
        expectClose(got.map((p) => (p as { value: number }).value), pre.decodeValues(out.data, out.rows).map((v) => v.value), 'values');
      }
      expect(() => predict([{ ...table.rows[0], [HOSTILE_NAMES.category]: 'unseen' }])).toThrow(/row 0, column .*expected one of the categories seen in training/s);
      expect(() => predict([{ ...table.rows[0], [HOSTILE_NAMES.numeric]: 'abc' }])).toThrow(/row 0, column .*expected a number, got "abc"/s);
    }
  });

  it('empty cells take the fill values saved with the model (missing: median)', async () => {
    const table = withEmptyCells(hostileTable('regression'));
    const { network, pre } = await trainedOnTable(await makeBackend('js'), table, 'regression', 'standard', 'median');
    const { predict } = await importModule(exportStandalone(await portableFromNetwork(network, { preprocessing: pre.toJSON() })));
    const x = pre.transform(table);
    const out = await network.predictFlat({ data: x.data, rows: x.rows, cols: x.cols });
    expectClose(predict(table.rows.map((r) => ({ ...r }))).map((p) => (p as { value: number }).value), pre.decodeValues(out.data, out.rows).map((v) => v.value), 'values with filled cells');
  });

  it('has no import, declares only functions and one let at the top level, and names cannot change its code', async () => {
    const backend = await makeBackend('js');
    const hostile = await trainedOnTable(backend, hostileTable('classification'), 'classification');
    const plain = await trainedOnTable(backend, hostileTable('classification', 3, PLAIN_NAMES), 'classification');
    const hostileSource = exportStandalone(await portableFromNetwork(hostile.network, { preprocessing: hostile.pre.toJSON() }));
    const plainSource = exportStandalone(await portableFromNetwork(plain.network, { preprocessing: plain.pre.toJSON() }));
    for (const bad of ['</script>', '\u2028', '\u2029']) expect(hostileSource.includes(bad)).toBe(false);

    const program = Parser.parse(hostileSource, { ecmaVersion: 2022, sourceType: 'module' });
    const kinds = program.body.map((s) => {
      if (s.type === 'ExportNamedDeclaration') return `export ${s.declaration?.type ?? 'none'}`;
      if (s.type === 'VariableDeclaration') return `${s.kind} ${s.declarations.map((d) => d.init?.type ?? 'none').join(',')}`;
      return s.type;
    });
    expect(kinds.filter((k) => k !== 'FunctionDeclaration')).toEqual(['let Literal', 'export FunctionDeclaration']);

    const shape = (source: string): string[] =>
      [...tokenizer(source, { ecmaVersion: 2022, sourceType: 'module' })].map((t) => (t.type.label === 'string' || t.type.label === 'num' ? t.type.label : `${t.type.label}:${source.slice(t.start, t.end)}`));
    expect(shape(hostileSource)).toEqual(shape(plainSource));
    expect(shape(hostileSource).filter((t) => t.startsWith('import:'))).toEqual([]);
    expect(shape('import x from "y"; export function predict() {}').filter((t) => t.startsWith('import:'))).toEqual(['import:import']);
  });
});
