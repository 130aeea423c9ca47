// The shipped KCS mapping on the first rows of the real data set (../shared/ beside the checkout).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { outcomeSchema } from '../../src/core/contract/outcome.ts';
import { readCsv } from '../../src/importer/csv-reader.ts';
import { loadMapping } from '../../src/importer/mapping.ts';
import { compileRowMapper, type MappedRow } from '../../src/importer/row-mapper.ts';
import { validateRecord } from '../../src/stages/validate/validate-record.ts';

const repoRoot = new URL('../../', import.meta.url);
const train = fileURLToPath(new URL('../shared/data/kcs-import-declarations/train.csv', repoRoot));
const mappingFile = fileURLToPath(new URL('config/mappings/kcs-import-declarations.yaml', repoRoot));
const ROWS = 2_000;

async function firstRows(): Promise<{ header: string[]; rows: { cells: string[]; mapped: MappedRow }[] }> {
  const mapping = loadMapping(mappingFile);
  let header: string[] | undefined;
  let mapRow: ReturnType<typeof compileRowMapper> | undefined;
  const rows: { cells: string[]; mapped: MappedRow }[] = [];
  for await (const record of readCsv(train)) {
    if (!header || !mapRow) {
      header = record.fields;
      mapRow = compileRowMapper(mapping, header, { file: train, outcomeDelayDays: 14 });
      continue;
    }
    rows.push({ cells: record.fields, mapped: mapRow(record.fields) });
    if (rows.length === ROWS) break;
  }
  return { header: header ?? [], rows };
}

describe('config/mappings/kcs-import-declarations.yaml on train.csv', async () => {
  const { header, rows } = await firstRows();
  const cell = (cells: string[], column: string) => cells[header.indexOf(column)]!;

  it('maps every one of the first rows to a valid invoice and a valid outcome', () => {
    expect(rows).toHaveLength(ROWS);
    for (const { mapped } of rows) {
      const invoice = validateRecord('invoice', mapped.invoice);
      expect(invoice.ok ? 'valid' : invoice.error.message).toBe('valid');
      const outcome = outcomeSchema.safeParse(mapped.outcome);
      expect(outcome.success ? 'valid' : outcome.error.message).toBe('valid');
    }
  });

  it('carries the columns where the mapping says', () => {
    for (const { cells, mapped } of rows.slice(0, 200)) {
      // biome-ignore lint/suspicious/noExplicitAny: reading the mapped JSON freely
      const invoice = mapped.invoice as Record<string, any>;
      expect(invoice.invoiceId).toBe(cell(cells, 'Declaration ID'));
      expect(invoice.declaredAt).toBe(`${cell(cells, 'Date')}T00:00:00Z`);
      expect(invoice.importer).toEqual({
        id: cell(cells, 'Importer ID'),
        name: cell(cells, 'Importer ID'),
        country: 'KR',
      });
      const seller = cell(cells, 'Seller ID') || 'UNKNOWN-SELLER';
      expect(invoice.exporter).toEqual({
        id: seller,
        name: seller,
        country: cell(cells, 'Country of Departure'),
      });
      expect(invoice.declarant).toEqual({ id: cell(cells, 'Declarant ID') });
      expect(invoice.lines[0].hsCode).toBe(cell(cells, 'HS6 Code').padStart(6, '0'));
      expect(invoice.lines[0].quantity).toBe(cell(cells, 'Net Mass'));
      expect(invoice.attributes.transport_code).toBe(cell(cells, 'Mode of Transport'));
      const fraud = cell(cells, 'Fraud') === '1';
      expect(mapped.outcome).toMatchObject({
        outcomeId: `KCS-CTL-${cell(cells, 'Declaration ID')}`,
        result: fraud ? 'FINDING' : 'NO_FINDING',
      });
      if (cell(cells, 'Critical Fraud') === '2') expect(mapped.outcome?.findings).toContain('PUBLIC_SAFETY');
    }
  });

  it('meets an empty seller in the first rows (the placeholder is exercised)', () => {
    expect(rows.some(({ cells }) => cell(cells, 'Seller ID') === '')).toBe(true);
  });
});
