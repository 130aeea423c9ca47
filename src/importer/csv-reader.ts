// A streaming RFC 4180 CSV reader: quoted fields with "" escapes, commas and line breaks inside
// quotes, CRLF or LF line ends, a UTF-8 byte order mark at the start. Files are read in chunks, so
// their size does not matter; each record says on which physical line it starts, for errors.
import { createReadStream } from 'node:fs';

export interface CsvRecord {
  fields: string[];
  /** 1-based physical line where the record starts (the header is line 1). */
  line: number;
}

/** Malformed CSV: an unclosed quote, or text after a closing quote. */
export class CsvSyntaxError extends Error {
  readonly line: number;

  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
    this.line = line;
  }
}

/**
 * An incremental parser: feed it text chunks, take the complete records after each. Kept apart
 * from the file reading so that chunk boundaries (inside a quote, between CR and LF) are tested.
 */
export class CsvParser {
  private field = '';
  private fields: string[] = [];
  private inQuotes = false;
  /** A quote was just read inside a quoted field: the next char decides (escape or close). */
  private quotePending = false;
  /** The field was quoted and is closed: only a delimiter or a line end may follow. */
  private closed = false;
  private pendingCr = false;
  private quotedCr = false;
  private started = false;
  private line = 1;
  private recordLine = 1;
  private firstChunk = true;
  private out: CsvRecord[] = [];

  private readonly delimiter: string;

  constructor(delimiter = ',') {
    this.delimiter = delimiter;
  }

  push(chunk: string): CsvRecord[] {
    let text = chunk;
    if (this.firstChunk && text.length > 0) {
      this.firstChunk = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const d = this.delimiter;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (this.pendingCr) {
        this.pendingCr = false;
        if (c === '\n') continue; // CRLF: the record already ended at CR
      }
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (c === '"') {
            this.field += '"';
            continue;
          }
          this.inQuotes = false;
          this.closed = true;
          // falls through to the unquoted handling of c below
        } else if (c === '"') {
          this.quotePending = true;
          this.quotedCr = false;
          continue;
        } else {
          // A line break inside quotes is data; CRLF counts as one line, even across chunks.
          if (c === '\r' || (c === '\n' && !this.quotedCr)) this.line++;
          this.quotedCr = c === '\r';
          this.field += c;
          continue;
        }
      }
      if (c === d) {
        this.endField();
      } else if (c === '\n' || c === '\r') {
        if (c === '\r') this.pendingCr = true;
        this.endRecord();
        this.line++;
        this.recordLine = this.line;
      } else if (this.closed) {
        throw new CsvSyntaxError(this.line, 'text after the closing quote of a field');
      } else if (c === '"' && this.field === '') {
        this.inQuotes = true;
        this.started = true;
      } else {
        // Find the run of plain characters at once: most of a file is plain text.
        let end = i + 1;
        while (end < text.length) {
          const e = text[end]!;
          if (e === d || e === '\n' || e === '\r' || e === '"') break;
          end++;
        }
        this.field += text.slice(i, end);
        this.started = true;
        i = end - 1;
      }
    }
    const records = this.out;
    this.out = [];
    return records;
  }

  /** The last record when the input does not end with a line break. Throws on an unclosed quote. */
  end(): CsvRecord[] {
    if (this.inQuotes && !this.quotePending) {
      throw new CsvSyntaxError(this.recordLine, 'a quoted field is not closed');
    }
    if (this.quotePending) {
      this.quotePending = false;
      this.inQuotes = false;
      this.closed = true;
    }
    if (this.started || this.fields.length > 0) this.endRecord();
    const records = this.out;
    this.out = [];
    return records;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.closed = false;
    this.started = true;
  }

  private endRecord(): void {
    // A blank line is not a record (RFC 4180 has none; exports often end with one).
    if (this.started || this.fields.length > 0) {
      this.fields.push(this.field);
      this.out.push({ fields: this.fields, line: this.recordLine });
    }
    this.fields = [];
    this.field = '';
    this.closed = false;
    this.started = false;
  }
}

/** The records of a CSV file, header first, read as UTF-8 in chunks. */
export async function* readCsv(path: string, delimiter = ','): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser(delimiter);
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const chunk of stream) yield* parser.push(chunk as string);
  yield* parser.end();
}
