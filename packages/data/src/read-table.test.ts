import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable } from './node.js';
import { parseCsv, parseJson } from './read-table.js';

const dir = mkdtempSync(join(tmpdir(), 'backprop-data-test-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('parseCsv', () => {
  it('handles a BOM, quoted fields with commas, quotes and line breaks, blank lines, CRLF', () => {
    const t = parseCsv('\uFEFF"name, full",n\r\n\r\n"Smith, ""J""",1\r\n"two\nlines",2\r\n', { source: 'q.csv' });
    expect(t.columns).toEqual(['name, full', 'n']);
    expect(t.rows).toEqual([{ 'name, full': 'Smith, "J"', n: '1' }, { 'name, full': 'two\nlines', n: '2' }]);
    expect(Array.from(t.lines!)).toEqual([3, 4]);
  });

  it('takes the delimiter the header uses most: semicolons, tabs', () => {
    expect(parseCsv('a;b\n1,5;2\n').rows).toEqual([{ a: '1,5', b: '2' }]);
    expect(parseCsv('a\tb\n1\t2\n').rows).toEqual([{ a: '1', b: '2' }]);
  });

  it('names file and line of a ragged row, an unclosed quote, a bad header; refuses empty files', () => {
    expect(() => parseCsv('a,b\n1,2\n3\n', { source: 'r.csv' })).toThrow('readTable: r.csv line 3: expected 2 fields like the header ("a", "b"), got 1: ragged row');
    expect(() => parseCsv('a,b\n1,"2\n', { source: 'u.csv' })).toThrow('u.csv line 2: not valid CSV: a quoted field that starts here is never closed');
    expect(() => parseCsv('a,a\n1,2\n', { source: 'h.csv' })).toThrow('h.csv line 1: the header names column "a" twice');
    expect(() => parseCsv('\n\n', { source: 'e.csv' })).toThrow('e.csv: the file is empty');
  });
});

describe('parseJson', () => {
  it('reads an array of objects, and one object per line (NDJSON) with line numbers', () => {
    const t = parseJson('[{"a":1,"b":"x"},{"b":"y","a":2,"c":null}]', { source: 'a.json' });
    expect(t.columns).toEqual(['a', 'b', 'c']);
    expect(t.rows[1]).toEqual({ b: 'y', a: 2, c: null });
    const n = parseJson('{"a":1}\n\n{"a":2}\n', { source: 'n.json' });
    expect(n.rows).toEqual([{ a: 1 }, { a: 2 }]);
    expect(n.lines).toEqual([1, 3]);
  });

  it('names the line of invalid JSON and refuses nested values', () => {
    expect(() => parseJson('{"a":1}\n{"a":\n', { source: 'n.ndjson' })).toThrow(/n\.ndjson line 2: not valid JSON/);
    expect(() => parseJson('[{"a":{"b":1}}]', { source: 'x.json' })).toThrow('x.json, column "a": object 1 of the array: expected a number, text, true/false or null, got object');
    expect(() => parseJson('[]', { source: 'e.json' })).toThrow('e.json: the array holds no rows');
  });
});

describe('readTable', () => {
  it('reads by extension and reports a missing file', () => {
    expect(readTable(file('t.csv', 'x,y\n1,2\n')).rows).toEqual([{ x: '1', y: '2' }]);
    expect(readTable(file('t.ndjson', '{"x":1}\n')).rows).toEqual([{ x: 1 }]);
    expect(() => readTable(join(dir, 'missing.csv'))).toThrow(`cannot read ${join(dir, 'missing.csv')}: no such file`);
    expect(() => readTable(file('t.xlsx', ''))).toThrow('cannot tell the format from the extension ".xlsx"');
  });

  it('refuses a file larger than the limit with its size, without reading it', () => {
    const big = file('big.csv', '');
    truncateSync(big, 300 * 1024 * 1024); // sparse: no disk used
    expect(() => readTable(big)).toThrow(`${big} is 300.0 MiB, larger than the 256.0 MiB a table may have`);
    expect(() => readTable(file('small.csv', 'a\n1\n'), { maxBytes: 3 })).toThrow('is 4 bytes, larger than the 3 bytes');
  });
});
