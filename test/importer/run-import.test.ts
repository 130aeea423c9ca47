import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outcomeSchema } from '../../src/core/contract/outcome.ts';
import { MappingError, parseMapping } from '../../src/importer/mapping.ts';
import { formatImportSummary, runImport } from '../../src/importer/run-import.ts';
import { validateRecord } from '../../src/stages/validate/validate-record.ts';
import { mappingYaml } from './fixtures.ts';

const outcomeBlock = `attributes:
  tax_type: Tax Type
outcome:
  id: "OUT-{Id}"
  label: { column: Fraud, finding: "1", noFinding: "0" }
  findings: [DUTY_EVASION, { kind: PUBLIC_SAFETY, when: { column: Critical, equals: "2" } }]
  fields:
    officeId: { column: Office }
`;
const mapping = parseMapping(mappingYaml('  customsOffice: { column: Office }\n', outcomeBlock), 'm.yaml');

const header = 'Id,Date,Seller,From,Buyer,Price,HS,Kg,Tax Type,Office,Fraud,Critical';
// Row by row: quotes and an embedded line break (row 1), an empty label (row 2), a finding with the
// critical flag and float noise (row 3), an empty seller and lost leading zero (row 4), a bad
// country (row 5), a label value that is neither (row 6), zero mass and price (row 7).
const csv = [
  `\uFEFF${header}`,
  '"A-1",2020-01-05,S1,CN,B1,"1234.5",440890,108.0,"FTA, ""EU""",30,0,0',
  'A-2,2020-01-06,S2,VN,B2,10,620822,1,"multi\nline",40,,',
  'A-3,2020-01-07,S3,CN,B1,86125.20000000001,940350,5,A,30,1,2',
  'A-4,2020-01-08,,US,B3,99.99,71080,2,A,20,1,1',
  'A-5,2020-01-09,S5,KOR,B4,1,440890,1,A,20,0,0',
  'A-6,2020-01-10,S6,CN,B5,1,440890,1,A,20,maybe,0',
  'A-7,2020-01-11,S7,CN,B6,0.0,440890,0.0,A,20,0,0',
].join('\r\n');

const dir = mkdtempSync(join(tmpdir(), 'import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const input = join(dir, 'in.csv');
writeFileSync(input, csv);

const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('runImport', async () => {
  const out = join(dir, 'out');
  const summary = await runImport({ mapping, inputs: [input], outDir: out, outcomeDelayDays: 14 });
  const invoices = lines(join(out, 'invoices.ndjson'));
  const outcomes = lines(join(out, 'outcomes.ndjson'));
  const byId = new Map(invoices.map((i) => [i.invoiceId, i]));

  it('counts rows, invoices, outcomes and rejections', () => {
    expect(summary).toMatchObject({ rows: 7, invoices: 5, outcomes: 4, findings: 2, rejected: 2 });
    expect(invoices.map((i) => i.invoiceId)).toEqual(['A-1', 'A-2', 'A-3', 'A-4', 'A-7']);
    expect(formatImportSummary(summary, out)).toMatch(
      /^import: 7 rows, 5 invoices, 4 outcomes \(2 with findings\), 2 rejected \(exporter\.country: 1, outcome\.label: 1\) in \d+\.\d s -> /,
    );
  });

  it('writes invoices that are valid, with the mapped values', () => {
    for (const invoice of invoices) expect(validateRecord('invoice', invoice).ok).toBe(true);
    expect(byId.get('A-1')).toEqual({
      invoiceId: 'A-1',
      invoiceNumber: 'INV-A-1',
      invoiceDate: '2020-01-05',
      declaredAt: '2020-01-05T00:00:00Z',
      flow: 'IMPORT',
      reportingCountry: 'KR',
      exporter: { id: 'S1', name: 'S1', country: 'CN' },
      importer: { id: 'B1', name: 'B1', country: 'KR' },
      originCountry: 'CN',
      dispatchCountry: 'CN',
      destinationCountry: 'KR',
      currency: 'KRW',
      totalValue: '1234.5',
      customsOffice: '30',
      attributes: { tax_type: 'FTA, "EU"' },
      lines: [
        { hsCode: '440890', description: 'no description', quantity: '108.0', unit: 'KGM', value: '1234.5' },
      ],
    });
    expect(byId.get('A-2')?.attributes).toEqual({ tax_type: 'multi\nline' });
  });

  it('keeps decimals exact, rounding only beyond 6 places; pads codes; fills the default seller', () => {
    expect(byId.get('A-3')?.totalValue).toBe('86125.2');
    expect(byId.get('A-4')).toMatchObject({
      exporter: { id: 'UNKNOWN-SELLER', name: 'UNKNOWN-SELLER' },
      totalValue: '99.99',
      lines: [{ hsCode: '071080' }],
    });
    expect(byId.get('A-7')).toMatchObject({ totalValue: '0.0', lines: [{ quantity: '0.0', value: '0.0' }] });
  });

  it('gives no outcome to a row with an empty label', () => {
    expect(byId.has('A-2')).toBe(true);
    expect(outcomes.map((o) => o.subjectId)).toEqual(['A-1', 'A-3', 'A-4', 'A-7']);
  });

  it('writes valid outcomes decided the delay after the event, findings by rule', () => {
    for (const outcome of outcomes) expect(outcomeSchema.safeParse(outcome).success).toBe(true);
    expect(outcomes[0]).toEqual({
      outcomeId: 'OUT-A-1',
      decidedAt: '2020-01-19T00:00:00Z',
      reportingCountry: 'KR',
      subjectKind: 'INVOICE',
      subjectId: 'A-1',
      source: 'CONTROL',
      result: 'NO_FINDING',
      findings: [],
      officeId: '30',
    });
    expect(outcomes[1]).toMatchObject({ result: 'FINDING', findings: ['DUTY_EVASION', 'PUBLIC_SAFETY'] });
    expect(outcomes[2]).toMatchObject({ result: 'FINDING', findings: ['DUTY_EVASION'] });
  });

  it('reports each rejected row by file, physical line and field, never by content', () => {
    const rejected = lines(join(out, 'rejected.ndjson'));
    // The quoted line break in row 2 moves every later row one physical line down.
    expect(rejected).toEqual([
      {
        file: 'in.csv',
        line: 7,
        field: 'exporter.country',
        message: 'exporter.country is invalid: not an ISO 3166-1 alpha-2 country code',
      },
      {
        file: 'in.csv',
        line: 8,
        field: 'outcome.label',
        message: 'outcome.label: column "Fraud" holds neither a finding nor a no-finding value',
      },
    ]);
    expect(JSON.stringify(rejected)).not.toMatch(/KOR|maybe/);
  });

  it('is deterministic and applies another delay as asked', async () => {
    const again = join(dir, 'again');
    await runImport({ mapping, inputs: [input], outDir: again, outcomeDelayDays: 14 });
    expect(readFileSync(join(again, 'outcomes.ndjson'), 'utf8')).toBe(
      readFileSync(join(out, 'outcomes.ndjson'), 'utf8'),
    );
    expect(readFileSync(join(again, 'invoices.ndjson'), 'utf8')).toBe(
      readFileSync(join(out, 'invoices.ndjson'), 'utf8'),
    );
    const later = join(dir, 'later');
    await runImport({ mapping, inputs: [input, input], outDir: later, outcomeDelayDays: 3 });
    const decided = lines(join(later, 'outcomes.ndjson'));
    expect(decided).toHaveLength(8);
    expect(decided[0]).toMatchObject({ outcomeId: 'OUT-A-1', decidedAt: '2020-01-08T00:00:00Z' });
  });

  it('fails before the first row on a column the header lacks, naming it', async () => {
    const noFraud = join(dir, 'no-fraud.csv');
    writeFileSync(noFraud, csv.replace(',Fraud,', ',Label,'));
    const run = runImport({ mapping, inputs: [noFraud], outDir: join(dir, 'x'), outcomeDelayDays: 14 });
    await expect(run).rejects.toThrow(MappingError);
    await expect(run).rejects.toThrow(
      `${noFraud}: no column "Fraud" (named by outcome.label.column) in the header`,
    );
  });
});
