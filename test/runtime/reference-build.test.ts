// `customs-aml reference build` on chDB: quartiles per (HS code, unit) and origin from stored
// trade_invoices, written as a reference table that a later run reads as `learned-table`.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { loadConfig } from '../../src/config/load.ts';
import { unitPriceRule } from '../../src/detect/rules/tb-unit-price.ts';
import { ChdbSink } from '../../src/io/clickhouse/chdb-sink.ts';
import { buildReferenceTable, quantileOfSorted } from '../../src/runtime/reference-build.ts';
import { sinkConfig } from '../io/clickhouse/fixtures.ts';
import { ruleContext, testConfig } from '../support/config.ts';
import { invoiceEvent, invoiceLine, money, T0 } from '../support/events.ts';

const root = mkdtempSync(join(tmpdir(), 'customs-aml-reference-'));
const store = join(root, 'store');
const sinks: ChdbSink[] = [];

afterAll(async () => {
  for (const sink of sinks) await sink.close();
  rmSync(root, { recursive: true, force: true });
});

/** 40 imports of widgets (HS 8479899700, NMB) at USD 10.00 to 13.90 each, 30 of them from CN. */
function invoices() {
  return Array.from({ length: 40 }, (_, i) => {
    const price = 10 + (i % 40) / 10;
    const value = (price * 100).toFixed(2);
    return invoiceEvent({
      invoiceId: `IMP-${i}`,
      invoiceNumber: `W-${i}`,
      declaredAt: T0 - (40 - i) * 3_600_000,
      originCountry: i < 30 ? 'CN' : 'VN',
      totalValue: money(value),
      lines: [invoiceLine({ hsCode: '8479899700', quantity: money('100'), value: money(value) })],
    });
  });
}

describe('reference build', () => {
  it('interpolates quartiles between order statistics', () => {
    expect(quantileOfSorted([1n, 2n, 3n, 4n], 0.25)).toBe(1n + 750_000n / 1_000_000n);
    expect(quantileOfSorted([0n, 4_000_000n], 0.25)).toBe(1_000_000n);
    expect(quantileOfSorted([5n], 0.75)).toBe(5n);
  });

  it('learns quartiles from stored trade_invoices, and a later run uses the table (and says so)', async () => {
    const sink = new ChdbSink(sinkConfig({ driver: 'chdb', path: store, database: 'reference_build' }));
    sinks.push(sink);
    await sink.migrate();
    await sink.write({ alerts: [], events: invoices().map((event) => ({ event, origin: null })) });

    const result = await buildReferenceTable(sink, testConfig().reference.fxRates, { minSampleSize: 20 });
    expect(result.invoices).toBe(40);
    const keys = result.table.prices.map((p) => [p.hsCode, p.unit, p.origin ?? '*', p.sampleSize]);
    expect(keys).toEqual([
      ['847989', 'NMB', '*', 40],
      ['847989', 'NMB', 'CN', 30],
      ['84798997', 'NMB', '*', 40],
      ['84798997', 'NMB', 'CN', 30],
      ['8479899700', 'NMB', '*', 40],
      ['8479899700', 'NMB', 'CN', 30],
    ]);
    expect(result.table.prices[0]).toMatchObject({ q1: '10.975000', median: '11.950000', q3: '12.925000' });
    expect(result.table.source).toMatch(/^learned from trade_invoices \(40 invoices/);
  });

  it('the CLI writes the table into a config folder; TB-UNIT-PRICE then judges with it', async () => {
    for (const sink of sinks.splice(0)) await sink.close();
    const configDir = join(root, 'config');
    cpSync('config', configDir, { recursive: true });
    rmSync(join(configDir, 'reference', 'learned-reference-prices.yaml'), { force: true });
    const setup = new ChdbSink(sinkConfig({ driver: 'chdb', path: store, database: 'default' }));
    await setup.migrate();
    await setup.write({ alerts: [], events: invoices().map((event) => ({ event, origin: null })) });
    await setup.close();

    const code = await main([
      'reference',
      'build',
      '--store',
      store,
      '--config',
      configDir,
      '--from',
      '2026-03-01',
    ]);
    expect(code).toBe(0);
    const written = readFileSync(join(configDir, 'reference', 'learned-reference-prices.yaml'), 'utf8');
    expect(written).toContain('learned from trade_invoices');

    const config = loadConfig({ dir: configDir, env: {} });
    const [alert] = unitPriceRule.evaluate(
      invoiceEvent({
        originCountry: 'CN',
        lines: [invoiceLine({ hsCode: '8479899700', quantity: money('1000'), value: money('40000.00') })],
      }),
      ruleContext(config),
    );
    expect(alert?.evidence.reference).toMatchObject({
      source: 'learned-table',
      level: 'HS10',
      key: '8479899700/NMB/CN',
      sampleSize: 30,
      tableSource: 'learned from trade_invoices',
    });
    expect(alert?.explanation).toContain('learned reference table');
  });
});
