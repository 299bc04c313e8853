/**
 * CSV records from bytes pushed a piece at a time: what both the in-memory reader (readTable)
 * and the streaming one (streamTable) parse with, so both read a file the same way.
 *
 * While the pieces hold no quote character, every line break ends a record, so each piece is
 * cut at its last line break and parsed by d3-dsv's parser (about 5× faster here than
 * csv-parse, which reads byte by byte to track quotes). From the first piece that holds a
 * quote, csv-parse reads the rest, starting at a record boundary, with its exact handling of
 * quoting and its errors. Records follow csv-parse's options on both paths: fields trimmed,
 * blank lines and records of only empty fields skipped, a byte-order mark dropped, rows of any
 * length handed on as they are (the caller checks their length against the header).
 */
import { CsvError, Parser } from 'csv-parse';
import { dsvFormat, type DSV } from 'd3-dsv';
import { DataError } from '../errors.js';

export type RecordVisitor = (fields: string[], line: number) => void;

export interface CsvRecordReaderOptions {
  readonly delimiter: string;
  /** For messages: the file name. */
  readonly source: string;
  /** The operation named in errors; default "readTable". */
  readonly operation?: string;
  /** The longest record in bytes before the input is refused (a file without line breaks); default 8 MiB; 0: no limit. */
  readonly maxRecordBytes?: number;
}

/** The part of csv-parse's Parser that csv-parse/sync drives (not in its type declarations). */
interface CsvParseApi {
  parse(bytes: Uint8Array | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
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

export class CsvRecordReader {
  /** Records handed to the visitor so far. */
  records = 0;
  private readonly format: DSV;
  // The mark is dropped once, at the start of the input, not wherever a piece starts with one.
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private readonly maxRecordBytes: number;
  private carry: Uint8Array = new Uint8Array(0);
  private lines = 0;
  private started = false;
  private slow: { parser: Parser & { api: CsvParseApi }; linesBefore: number; lastRecordEnd: number } | undefined;
  private thrown: Error | undefined;

  constructor(
    private readonly options: CsvRecordReaderOptions,
    private readonly visit: RecordVisitor,
  ) {
    this.format = dsvFormat(options.delimiter);
    this.maxRecordBytes = options.maxRecordBytes ?? 8 << 20;
  }

  /** Parses the next piece of the input; records it completes go to the visitor. Throws DataError for malformed CSV. */
  push(piece: Uint8Array): void {
    if (piece.length === 0) return;
    if (this.slow) return this.parseSlow(piece, false);
    if (piece.indexOf(QUOTE) >= 0) {
      // From the start of the unfinished line: everything before it was whole records.
      const rest = concat(this.carry, piece);
      this.carry = new Uint8Array(0);
      this.startSlow();
      return this.parseSlow(rest, false);
    }
    const cut = piece.lastIndexOf(LINE_FEED) + 1;
    if (cut === 0) {
      this.carry = concat(this.carry, piece);
      this.checkCarry();
      return;
    }
    this.parseFast(concat(this.carry, piece.subarray(0, cut)));
    this.carry = piece.slice(cut);
    this.checkCarry();
  }

  /** The end of the input: the last line, and csv-parse's checks of what it holds open. */
  end(): void {
    if (this.slow) return this.parseSlow(undefined, true);
    if (this.carry.length > 0) this.parseFast(this.carry);
    this.carry = new Uint8Array(0);
  }

  private fail(detail: string, line: number | undefined): never {
    const { source } = this.options;
    throw new DataError(this.options.operation ?? 'readTable', `${source}${line !== undefined ? ` line ${line}` : ''}: ${detail}`, { source, ...(line !== undefined ? { line } : {}) });
  }

  private checkCarry(): void {
    if (this.maxRecordBytes > 0 && this.carry.length > this.maxRecordBytes) this.fail(`a line longer than ${this.maxRecordBytes} bytes (maxRecordBytes): is this a CSV file with line breaks?`, this.lines + 1);
  }

  private parseFast(bytes: Uint8Array): void {
    let text = this.decoder.decode(bytes);
    if (!this.started) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.started = true;
    }
    this.format.parseRows(text, (row) => {
      this.lines++;
      let filled = false;
      for (let i = 0; i < row.length; i++) {
        const field = trimField(row[i]!);
        row[i] = field;
        if (field !== '') filled = true;
      }
      if (filled) {
        this.records++;
        this.visit(row, this.lines);
      }
      return null;
    });
  }

  private startSlow(): void {
    const parser = new Parser({
      bom: true,
      delimiter: this.options.delimiter,
      max_record_size: this.maxRecordBytes,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
    }) as Parser & { api: CsvParseApi };
    this.slow = { parser, linesBefore: this.lines, lastRecordEnd: 0 };
  }

  /** csv-parse from where the fast path stopped; its line count continues ours. */
  private parseSlow(bytes: Uint8Array | undefined, end: boolean): void {
    const slow = this.slow!;
    const { parser, linesBefore } = slow;
    const push = (record: string[]): void => {
      if (this.thrown !== undefined) return;
      this.records++;
      slow.lastRecordEnd = parser.info.lines;
      // The parser's count is the line a record ends on; a quoted field may span lines.
      let line = linesBefore + parser.info.lines;
      for (const field of record) if (field.includes('\n')) line -= field.split('\n').length - 1;
      try {
        this.visit(record, line);
      } catch (e) {
        this.thrown = e instanceof Error ? e : new Error(String(e));
      }
    };
    const error = parser.api.parse(bytes, end, push, () => undefined);
    if (this.thrown !== undefined) throw this.thrown;
    if (error instanceof CsvError) {
      // csv-parse names the line it stopped on: for a quote never closed that is the file's end;
      // the quote opened in the record after the last one read (blank lines between aside).
      if (error.code === 'CSV_QUOTE_NOT_CLOSED') this.fail('not valid CSV: a quoted field that starts here is never closed (a missing closing quote)', linesBefore + slow.lastRecordEnd + 1);
      const line = (error as CsvError & { lines?: number }).lines;
      // Its own "at line N" counts from where it took over: the same numbering as ours.
      const detail = error.message.replace(/ at line \d+$/, '').replace(/ at line (\d+)/g, (_, n: string) => ` at line ${linesBefore + Number(n)}`);
      this.fail(`not valid CSV: ${detail}`, typeof line === 'number' ? linesBefore + line : undefined);
    }
    if (error !== undefined) throw error;
  }
}
