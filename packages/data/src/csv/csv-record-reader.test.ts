import { describe, expect, it } from 'vitest';
import { eachCsvRecordOfChunks, parseCsv } from '../read-table.js';

/** `text`'s UTF-8 bytes in pieces of `size` bytes (cutting lines and multi-byte characters). */
function pieces(text: string, size: number): Uint8Array[] {
  const bytes = Buffer.from(text);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

function records(text: string, size: number): [string[], number][] {
  const out: [string[], number][] = [];
  eachCsvRecordOfChunks(pieces(text, size), { source: 't.csv' }, (fields, line) => out.push([fields, line]));
  return out;
}

describe('reading CSV in pieces: d3-dsv while there is no quote, csv-parse from the first piece with one', () => {
  it('gives the same records and lines however the input is cut, across the hand-over', () => {
    const text = '\uFEFFa,b\r\n\r\n1, x \r\n  ,  \r\n2,é€\r\n3,"q\nq"\r\n4,z';
    const expected = [
      [['a', 'b'], 1],
      [['1', 'x'], 3],
      [['2', 'é€'], 5],
      [['3', 'q\nq'], 6],
      [['4', 'z'], 8],
    ];
    for (const size of [1, 2, 3, 5, 7, 11, 64, 1 << 20]) expect(records(text, size), `pieces of ${size} bytes`).toEqual(expected);
  });

  it('names the line of a ragged row on either path, and of an unclosed quote', () => {
    const ragged = 'a,b\n1,2\n3\n';
    for (const size of [1, 4, 100]) expect(() => parseCsv(pieces(ragged, size), { source: 'r.csv' })).toThrow('r.csv line 3: expected 2 fields like the header ("a", "b"), got 1: ragged row');
    const late = `a,b\n${'1,2\n'.repeat(50)}"x",2\n3\n`;
    expect(() => parseCsv(pieces(late, 16), { source: 'late.csv' })).toThrow('late.csv line 53: expected 2 fields');
    expect(() => parseCsv(pieces(`a,b\n${'1,2\n'.repeat(50)}"x,2\n`, 16), { source: 'u.csv' })).toThrow('u.csv line 52: not valid CSV: a quoted field that starts here is never closed');
    expect(() => parseCsv(pieces(`a,b\n1,"x\n${'2,y\n'.repeat(500)}`, 64), { source: 'early.csv' })).toThrow('early.csv line 2: not valid CSV: a quoted field that starts here is never closed');
  });

  it('refuses an input of blank lines as empty, in any pieces', () => {
    for (const size of [1, 3]) expect(() => records('\n \r\n\n', size)).toThrow('t.csv: the file is empty');
    expect(() => records('', 1)).toThrow('t.csv: the file is empty');
  });
});
