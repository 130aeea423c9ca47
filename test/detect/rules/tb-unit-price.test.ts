import { describe, expect, it } from 'vitest';
import {
  normaliseUnit,
  unitPriceRule as rule,
  valueMovement,
} from '../../../src/detect/rules/tb-unit-price.ts';
import { MissingFxRateError } from '../../../src/reference/fx.ts';
import { ruleContext, testConfig } from '../../support/config.ts';
import { invoiceEvent, invoiceLine, money } from '../../support/events.ts';

// Fixture prices (USD): 610910/NMB q1 1.60 q3 3.50 → IQR 1.90, fences 0.16 (floor: 10% of q1,
// since 1.60 − 2.85 < 0) and 6.35 with k = 1.5. 090111/KGM q1 3.90 q3 5.90 → fences 0.90 and 8.90.
// More specific: 6109100010/NMB (HS10), 61091000/NMB/CN (HS8); 610910/NMB/BD has only 5 observations.
type Invoice = ReturnType<typeof invoiceEvent>;
const evaluate = (event: Invoice, config = testConfig()) => rule.evaluate(event, ruleContext(config));
const tshirts = (value: string, quantity = '1000', hsCode = '610910') =>
  invoiceLine({ hsCode, quantity: money(quantity), value: money(value) });

const exportOfCoffee = (
  lines = [
    invoiceLine({
      hsCode: '090111',
      description: 'Green coffee beans',
      unit: 'KGM',
      quantity: money('200000'),
      netWeightKg: money('200000'),
      value: money('60000.00'),
    }),
  ],
) =>
  invoiceEvent({
    invoiceId: 'EXP-0042/F-77',
    invoiceNumber: 'F-77',
    flow: 'EXPORT',
    reportingCountry: 'BR',
    exporter: { id: 'BR12345678000190', country: 'BR' },
    importer: { id: 'DE-EORI-DE123456789', country: 'DE' },
    originCountry: 'BR',
    dispatchCountry: 'BR',
    destinationCountry: 'DE',
    totalValue: money('60000.00'),
    lines,
  });

describe('TB-UNIT-PRICE', () => {
  it('fires on an over-invoiced import: value moves out of the reporting country', () => {
    const [alert, ...rest] = evaluate(
      invoiceEvent({ lines: [tshirts('12000.00')], totalValue: money('12000.00') }),
    );
    expect(rest).toEqual([]);
    expect(alert).toEqual({
      severity: 'MEDIUM',
      score: 68,
      entityType: 'TRADER',
      entityKey: 'US-EIN-00-0000001',
      eventIds: ['IMP-0001/INV-1'],
      eventTime: Date.parse('2026-03-14T10:00:00Z'),
      reportingCountry: 'US',
      countries: ['US', 'CN'],
      hsCode: '610910',
      amountUsd: 5_650_000_000n,
      explanation:
        'Import line 1 (HS 610910) is invoiced at USD 12.00 per NMB, above the upper fence of USD 6.35 (HS6 config reference table, 1840 observations as of 2026-02-28); an estimated USD 5,650.00 moves out of US.',
      evidence: {
        lineIndex: 0,
        hsCode: '610910',
        unit: 'NMB',
        referenceUnit: 'NMB',
        quantity: '1000.000000',
        lineValue: '12000.00',
        currency: 'USD',
        lineValueUsd: '12000.00',
        observedUnitPriceUsd: '12.000000',
        direction: 'OVER_INVOICED',
        flow: 'IMPORT',
        valueMovement: 'OUT_OF_COUNTRY',
        fences: { lower: '0.160000', upper: '6.350000' },
        q1: '1.600000',
        median: '2.400000',
        q3: '3.500000',
        k: 1.5,
        iqrsOutside: 2.97,
        robustZ: 6.82,
        reference: {
          source: 'config',
          level: 'HS6',
          key: '610910/NMB',
          sampleSize: 1840,
          asOf: '2026-02-28',
        },
        estimatedValueMovedUsd: '5650.00',
      },
      idBasis: 'IMP-0001/INV-1#0',
    });
  });

  it('fires on an under-invoiced export: value moves out too, and the exporter is the entity', () => {
    const [alert] = evaluate(exportOfCoffee());
    expect(alert).toMatchObject({
      severity: 'MEDIUM',
      score: 48,
      entityKey: 'BR12345678000190',
      amountUsd: 120_000_000_000n,
      explanation:
        'Export line 1 (HS 090111) is invoiced at USD 0.30 per KGM, below the lower fence of USD 0.90 (HS6 config reference table, 3100 observations as of 2026-02-28); an estimated USD 120,000.00 moves out of BR.',
      evidence: {
        direction: 'UNDER_INVOICED',
        flow: 'EXPORT',
        valueMovement: 'OUT_OF_COUNTRY',
        iqrsOutside: 0.3,
        fences: { lower: '0.900000', upper: '8.900000' },
      },
      idBasis: 'EXP-0042/F-77#0',
    });
  });

  it('names the other two cases value moving in', () => {
    expect(valueMovement('IMPORT', 'UNDER_INVOICED')).toBe('INTO_COUNTRY');
    expect(valueMovement('EXPORT', 'OVER_INVOICED')).toBe('INTO_COUNTRY');
    // Import under-invoiced, below the floored lower fence (0.16): 100,000 at USD 0.10.
    const [alert] = evaluate(invoiceEvent({ lines: [tshirts('10000.00', '100000')] }));
    expect(alert?.evidence).toMatchObject({
      direction: 'UNDER_INVOICED',
      valueMovement: 'INTO_COUNTRY',
      estimatedValueMovedUsd: '6000.00',
    });
  });

  it('boundary: a unit price exactly on the fence is inside the range', () => {
    expect(evaluate(invoiceEvent({ lines: [tshirts('6350.00')] }))).toEqual([]);
    expect(evaluate(invoiceEvent({ lines: [tshirts('160.00')] }))).toEqual([]);
  });

  it('near miss: just over the fence, but less money moved than minValueMovedUsd', () => {
    const event = invoiceEvent({ lines: [tshirts('6400.00')] }); // USD 50 over the fence
    expect(evaluate(event)).toEqual([]);
    const [alert] = evaluate(event, testConfig({ rules: { 'TB-UNIT-PRICE': { minValueMovedUsd: '0' } } }));
    expect(alert?.evidence.estimatedValueMovedUsd).toBe('50.00');
  });

  it('uses the most specific reference: HS10, then HS8 with origin, then HS6; thin samples are passed over', () => {
    const levelOf = (hsCode: string, originCountry: string) =>
      evaluate(invoiceEvent({ originCountry, lines: [tshirts('12000.00', '1000', hsCode)] }))[0]?.evidence
        .reference;
    expect(levelOf('6109100010', 'CN')).toMatchObject({
      level: 'HS10',
      key: '6109100010/NMB',
      sampleSize: 300,
    });
    expect(levelOf('6109100090', 'CN')).toMatchObject({
      level: 'HS8',
      key: '61091000/NMB/CN',
      sampleSize: 620,
    });
    expect(levelOf('6109100090', 'VN')).toMatchObject({ level: 'HS6', key: '610910/NMB' });
    expect(levelOf('610910', 'BD')).toMatchObject({ level: 'HS6', key: '610910/NMB', sampleSize: 1840 });
  });

  it('stays quiet without a reference, and skips zero quantities and non-positive values', () => {
    expect(evaluate(invoiceEvent({ lines: [tshirts('12000.00', '1000', '999999')] }))).toEqual([]);
    expect(
      evaluate(invoiceEvent({ lines: [tshirts('12000.00', '1000')].map((l) => ({ ...l, unit: 'LTR' })) })),
    ).toEqual([]);
    expect(evaluate(invoiceEvent({ lines: [tshirts('12000.00', '0')] }))).toEqual([]);
    expect(evaluate(invoiceEvent({ lines: [tshirts('-12000.00')] }))).toEqual([]);
  });

  it('converts the invoice currency at the event date', () => {
    const [alert] = evaluate(invoiceEvent({ currency: 'EUR', lines: [tshirts('10000.00')] })); // USD 10,800 at 1.08
    expect(alert?.evidence).toMatchObject({
      lineValueUsd: '10800.00',
      fxRate: { from: '2026-03-10', rate: '1.08' },
      observedUnitPriceUsd: '10.800000',
      estimatedValueMovedUsd: '4450.00',
    });
  });

  it('reads tonnes as kilograms and C62 as NMB', () => {
    expect(normaliseUnit('TNE', money('200'))).toEqual({ unit: 'KGM', quantity: money('200000') });
    expect(normaliseUnit('GRM', money('500'))).toEqual({ unit: 'KGM', quantity: money('0.5') });
    expect(normaliseUnit('C62', money('3'))).toEqual({ unit: 'NMB', quantity: money('3') });
    const inTonnes = invoiceLine({
      hsCode: '090111',
      unit: 'TNE',
      quantity: money('200'),
      value: money('60000.00'),
    });
    expect(evaluate(exportOfCoffee([inTonnes]))[0]?.evidence).toMatchObject({
      unit: 'TNE',
      referenceUnit: 'KGM',
      quantity: '200000.000000',
    });
  });

  it('raises one alert per offending line', () => {
    const alerts = evaluate(
      invoiceEvent({ lines: [tshirts('12000.00'), tshirts('2400.00'), tshirts('10000.00', '100000')] }),
    );
    expect(alerts.map((a) => [a.idBasis, a.evidence.direction])).toEqual([
      ['IMP-0001/INV-1#0', 'OVER_INVOICED'],
      ['IMP-0001/INV-1#2', 'UNDER_INVOICED'],
    ]);
  });

  it('throws MissingFxRateError for a referenced line in a currency with no rate', () => {
    expect(() => evaluate(invoiceEvent({ currency: 'CHF', lines: [tshirts('2400.00')] }))).toThrow(
      MissingFxRateError,
    );
    expect(
      evaluate(invoiceEvent({ currency: 'CHF', lines: [tshirts('2400.00', '1000', '999999')] })),
    ).toEqual([]);
  });

  it('honours enabled: false and per-country overrides of k', () => {
    const event = invoiceEvent({ lines: [tshirts('9000.00')] }); // USD 9.00: over 6.35 (k 1.5), under 9.20 (k 3)
    expect(evaluate(event)).toHaveLength(1);
    expect(
      evaluate(event, testConfig({ rules: { 'TB-UNIT-PRICE': { overrides: { US: { k: 3 } } } } })),
    ).toEqual([]);
    expect(evaluate(event, testConfig({ rules: { 'TB-UNIT-PRICE': { enabled: false } } }))).toEqual([]);
  });
});
