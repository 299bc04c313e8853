/**
 * The fast path of reading CSV: while the text holds no quote character, every line break ends
 * a record, so the text can be cut at any line break and each piece parsed on its own by
 * d3-dsv's parser (about 5× faster here than csv-parse, which reads byte by byte to track
 * quotes, comments and options this path never needs). At the first piece that holds a quote,
 * the rest of the input is handed back, starting at a record boundary, for csv-parse to read
 * with its exact handling of quoting and its errors.
 *
 * Records follow csv-parse's options of the slow path: fields trimmed, blank lines and records
 * of only empty fields skipped, a byte-order mark dropped, rows of any length handed on as they are.
 */
import { dsvFormat } from 'd3-dsv';

export interface QuoteFreeResult {
  /** Lines read (so the slow path's line numbers continue from them). */
  readonly lines: number;
  /** Records handed to `visit`. */
  readonly records: number;
  /**
   * What is left, from the start of a line: the bytes of the piece that held a quote (with the
   * unfinished line before it), then the chunks not yet read. Undefined when the input ended
   * on the fast path.
   */
  readonly rest?: { readonly head: Uint8Array; readonly chunks: Iterator<Uint8Array> };
}

const QUOTE = 0x22;
const LINE_FEED = 0x0a;

/** Trimmed like csv-parse's `trim` (a field is rarely padded: check before copying). */
function trimField(field: string): string {
  const n = field.length;
  return n > 0 && (field.charCodeAt(0) <= 32 || field.charCodeAt(n - 1) <= 32) ? field.trim() : field;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/**
 * Reads records from `chunks` while they hold no quote; see the module comment. `visit` gets
 * each record's trimmed fields and its 1-based line. Pieces are cut at line-feed bytes, which
 * never occur inside a multi-byte UTF-8 character, so each piece decodes on its own.
 */
export function readQuoteFreePrefix(chunks: Iterable<Uint8Array>, delimiter: string, visit: (fields: string[], line: number) => void): QuoteFreeResult {
  const format = dsvFormat(delimiter);
  // The mark is dropped once, at the start of the input, not wherever a piece starts with one.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const iterator = chunks[Symbol.iterator]();
  let carry: Uint8Array = new Uint8Array(0);
  let lines = 0;
  let records = 0;
  let first = true;
  const parse = (bytes: Uint8Array): void => {
    let text = decoder.decode(bytes);
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    format.parseRows(text, (row) => {
      lines++;
      let filled = false;
      for (let i = 0; i < row.length; i++) {
        const field = trimField(row[i]!);
        row[i] = field;
        if (field !== '') filled = true;
      }
      if (filled) {
        records++;
        visit(row, lines);
      }
      return null;
    });
  };
  for (;;) {
    const next = iterator.next();
    if (next.done) {
      if (carry.length > 0) parse(carry);
      return { lines, records };
    }
    const chunk = next.value;
    if (chunk.indexOf(QUOTE) >= 0) return { lines, records, rest: { head: concat(carry, chunk), chunks: iterator } };
    // Up to the last line break: the rest is the start of a line a later chunk ends.
    const cut = chunk.lastIndexOf(LINE_FEED) + 1;
    if (cut === 0) {
      carry = concat(carry, chunk);
      continue;
    }
    parse(concat(carry, chunk.subarray(0, cut)));
    carry = chunk.slice(cut);
  }
}
