import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvParser, CsvSyntaxError, readCsv } from '../../src/importer/csv-reader.ts';

/** Parses `text` fed in pieces of `size` characters, to cross every chunk boundary. */
function parseInChunks(text: string, size: number) {
  const parser = new CsvParser();
  const records = [];
  for (let i = 0; i < text.length; i += size) records.push(...parser.push(text.slice(i, i + size)));
  records.push(...parser.end());
  return records;
}

const tricky =
  '\uFEFFid,name,note\r\n' +
  '1,"Smith, John","said ""hi"""\r\n' +
  '2,plain,"two\r\nlines"\r\n' +
  '\r\n' +
  '3,,""\n' +
  '4,"x",last';

describe('CsvParser', () => {
  it('reads quotes, escaped quotes, embedded commas and line breaks, a BOM, CRLF and LF, a blank line', () => {
    const expected = [
      { fields: ['id', 'name', 'note'], line: 1 },
      { fields: ['1', 'Smith, John', 'said "hi"'], line: 2 },
      { fields: ['2', 'plain', 'two\r\nlines'], line: 3 },
      { fields: ['3', '', ''], line: 6 },
      { fields: ['4', 'x', 'last'], line: 7 },
    ];
    for (const size of [1, 2, 3, 7, 1000])
      expect(parseInChunks(tricky, size), `chunks of ${size}`).toEqual(expected);
  });

  it('keeps a BOM that is not at the start, and a lone CR ends a record', () => {
    expect(parseInChunks('a\rb\uFEFF\r', 1)).toEqual([
      { fields: ['a'], line: 1 },
      { fields: ['b\uFEFF'], line: 2 },
    ]);
  });

  it('rejects an unclosed quote and text after a closing quote, with the line', () => {
    expect(() => parseInChunks('a,b\n1,"open\n', 4)).toThrow(
      new CsvSyntaxError(2, 'a quoted field is not closed'),
    );
    expect(() => parseInChunks('a,b\n\n1,"x"y\n', 4)).toThrow(
      new CsvSyntaxError(3, 'text after the closing quote of a field'),
    );
  });

  it('takes another delimiter', () => {
    const parser = new CsvParser(';');
    expect([...parser.push('a;"b;c"\n'), ...parser.end()]).toEqual([{ fields: ['a', 'b;c'], line: 1 }]);
  });
});

describe('readCsv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'csv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('streams a file larger than one read chunk, multi-byte characters across chunk ends intact', async () => {
    const path = join(dir, 'big.csv');
    const rows = 60_000; // about 1.7 MB: more than one 1 MiB read
    const body = Array.from({ length: rows }, (_, i) => `${i},"Zoë, ${i}",한국`).join('\n');
    writeFileSync(path, `id,name,country\n${body}\n`);
    let count = 0;
    let last: string[] = [];
    for await (const record of readCsv(path)) {
      if (record.line > 1) {
        expect(record.fields[2]).toBe('한국');
        count++;
      }
      last = record.fields;
    }
    expect(count).toBe(rows);
    expect(last).toEqual([String(rows - 1), `Zoë, ${rows - 1}`, '한국']);
  });
});
