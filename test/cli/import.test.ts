import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mappingYaml } from '../importer/fixtures.ts';
import { cli } from '../support/cli-in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'cli-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const mapping = join(dir, 'm.yaml');
writeFileSync(mapping, mappingYaml());
const header = 'Id,Date,Seller,From,Buyer,Price,HS,Kg';

describe('customs-aml import', () => {
  it('--help prints the usage and exits 0', async () => {
    const { code, out } = await cli(['import', '--help']);
    expect(code).toBe(0);
    expect(out).toContain('usage: customs-aml import --mapping FILE --in FILE[,FILE...] --out DIR');
  });

  it('exits 2 with the usage on a missing or unknown option', async () => {
    const missing = await cli(['import', '--mapping', mapping, '--out', dir]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--in is required');
    expect(missing.err).toContain('usage: customs-aml import');
    expect(
      (await cli(['import', '--mapping', mapping, '--in', 'x', '--out', dir, '--delay', '3'])).code,
    ).toBe(2);
    const delay = await cli([
      'import',
      '--mapping',
      mapping,
      '--in',
      'x',
      '--out',
      dir,
      '--outcome-delay-days',
      '-1',
    ]);
    expect(delay.code).toBe(2);
  });

  it('imports files and prints a one-line summary; errors go to stderr with file:line', async () => {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    writeFileSync(a, `${header}\nX1,2020-03-01,S,CN,B,10.5,440890,1\n`);
    writeFileSync(b, `${header}\nX2,2020-03-02,S,CN,B,1,44089,1\nX3,2020-02-30,S,CN,B,1,440890,1\n`);
    const out = join(dir, 'out');
    const run = await cli(['import', '--mapping', mapping, '--in', `${a},${b}`, '--out', out]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(
      /^import: 3 rows, 2 invoices, 0 outcomes \(0 with findings\), 1 rejected \(invoiceDate: 1\) in \d+\.\d s -> /,
    );
    expect(run.err).toBe('b.csv:3: invoiceDate: not a calendar date (form YYYY-MM-DD)');
    const invoices = readFileSync(join(out, 'invoices.ndjson'), 'utf8').trim().split('\n');
    expect(invoices.map((l) => (JSON.parse(l) as { lines: { hsCode: string }[] }).lines[0]?.hsCode)).toEqual([
      '440890',
      '044089',
    ]);
  });

  it('exits 1 naming the key when the mapping is invalid, or when no row could be imported', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, mappingYaml().replace('  line.unit: { constant: KGM }\n', ''));
    const invalid = await cli(['import', '--mapping', bad, '--in', 'x.csv', '--out', dir]);
    expect(invalid.code).toBe(1);
    expect(invalid.err).toBe(
      `customs-aml import: ${bad}: fields.line.unit: missing (every invoice needs it)`,
    );
    const allBad = join(dir, 'all-bad.csv');
    writeFileSync(allBad, `${header}\nX1,2020-03-01,S,CHINA,B,1,440890,1\n`);
    expect((await cli(['import', '--mapping', mapping, '--in', allBad, '--out', join(dir, 'o2')])).code).toBe(
      1,
    );
  });
});
