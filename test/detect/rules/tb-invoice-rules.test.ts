// The TB-* rules other than TB-UNIT-PRICE: each fires, misses narrowly, and holds its boundary.
import { describe, expect, it } from 'vitest';
import type { InvoiceEvent } from '../../../src/core/events.ts';
import { DetectionEngine } from '../../../src/detect/engine.ts';
import type { AnyRule } from '../../../src/detect/rule.ts';
import { cashPaymentRule } from '../../../src/detect/rules/tb-cash-payment.ts';
import { highRiskRoutingRule } from '../../../src/detect/rules/tb-high-risk-routing.ts';
import { invoiceArithmeticRule } from '../../../src/detect/rules/tb-invoice-arithmetic.ts';
import { lineOfBusinessRule } from '../../../src/detect/rules/tb-line-of-business.ts';
import { mirrorMismatchRule } from '../../../src/detect/rules/tb-mirror-mismatch.ts';
import { multipleInvoicingRule } from '../../../src/detect/rules/tb-multiple-invoicing.ts';
import { precursorRule } from '../../../src/detect/rules/tb-precursor.ts';
import { roundAmountRule } from '../../../src/detect/rules/tb-round-amount.ts';
import { thirdPartyPaymentRule } from '../../../src/detect/rules/tb-third-party-payment.ts';
import { valuePerKgRule } from '../../../src/detect/rules/tb-value-per-kg.ts';
import { volumeSpikeRule } from '../../../src/detect/rules/tb-volume-spike.ts';
import { ruleContext, testConfig } from '../../support/config.ts';
import { invoiceEvent, invoiceLine, money, T0 } from '../../support/events.ts';

const DAY = 86_400_000;
type Payment = NonNullable<InvoiceEvent['body']['payment']>;
const pay = (p: Partial<Payment>): Payment => ({ method: 'OPEN_ACCOUNT', payerCountry: undefined, ...p });
type Patch = Parameters<typeof invoiceEvent>[0];
const one = (rule: AnyRule, patch: Patch, config = testConfig()) =>
  rule.evaluate(invoiceEvent(patch) as never, ruleContext(config));

/** Runs events in order through one rule (with real keyed state); returns alerts per event. */
function stream(rule: AnyRule, events: InvoiceEvent[], config = testConfig()) {
  const engine = new DetectionEngine([rule], config, { clock: () => 0 });
  return events.map((e) => engine.process(e, e.eventTime).alerts);
}

const big = (value: string) => ({ totalValue: money(value), lines: [invoiceLine({ value: money(value) })] });

describe('TB-VALUE-PER-KG', () => {
  const config = testConfig({
    rules: { 'TB-VALUE-PER-KG': { referenceSources: ['stream'], minLearnedSampleSize: 20 } },
  });
  const line = (i: number, value: string, kg = '180') =>
    invoiceEvent({
      invoiceId: `I-${i}`,
      declaredAt: T0 + i * 60_000,
      lines: [invoiceLine({ netWeightKg: money(kg), value: money(value) })],
    });
  // 20 normal lines at USD 13.00 to 14.90 per kg (2,340 to 2,682 for 180 kg).
  const normal = Array.from({ length: 20 }, (_, i) => line(i, (2340 + i * 18).toFixed(2)));

  it('fires on a line worth far more per kg than learned, and says which reference', () => {
    const alerts = stream(valuePerKgRule, [...normal, line(99, '9000.00')], config).flat();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.evidence).toMatchObject({
      direction: 'OVER_INVOICED',
      reference: { source: 'stream', level: 'HS6', sampleSize: 20 },
    });
  });

  it('near miss: stays quiet below the sample size, inside the fences, and on KGM lines', () => {
    expect(stream(valuePerKgRule, [...normal.slice(1), line(99, '9000.00')], config).flat()).toEqual([]);
    expect(stream(valuePerKgRule, [...normal, line(99, '2700.00')], config).flat()).toEqual([]);
    const kgLine = invoiceEvent({
      invoiceId: 'K',
      declaredAt: T0 + DAY,
      lines: [
        invoiceLine({ unit: 'KGM', quantity: money('180'), netWeightKg: money('180'), value: money('9000') }),
      ],
    });
    expect(stream(valuePerKgRule, [...normal, kgLine], config).flat()).toEqual([]);
  });
});

describe('TB-MULTIPLE-INVOICING', () => {
  const a = invoiceEvent({ invoiceId: 'US-1/INV-7', invoiceNumber: 'INV-7', ...big('50000.00') });
  const again = (id: string, days: number, patch: Patch = {}) =>
    invoiceEvent({
      invoiceId: id,
      invoiceNumber: 'INV-7',
      declaredAt: T0 + days * DAY,
      reportingCountry: 'MX',
      ...big('50000.00'),
      ...patch,
    });

  it('fires on the same seller and invoice number presented again, in another country', () => {
    const [, second, third] = stream(multipleInvoicingRule, [
      a,
      again('MX-1/INV-7', 3),
      again('CA-1/INV-7', 5),
    ]);
    expect(second?.[0]).toMatchObject({
      eventIds: ['US-1/INV-7', 'MX-1/INV-7'],
      revision: 1,
      evidence: { match: 'SAME_NUMBER', reportingCountries: ['MX', 'US'] },
    });
    // One pattern, one alert id (basis: the first record), a rising revision.
    expect(third?.[0]).toMatchObject({ alertId: second?.[0]?.alertId, revision: 2 });
    const [draft] = multipleInvoicingRule.evaluate(again('MX-1/INV-7', 3), ruleContext());
    expect(draft).toBeUndefined();
  });

  it('fires on the same goods, value and parties under another number', () => {
    const [, second] = stream(multipleInvoicingRule, [a, again('MX-2/X', 1, { invoiceNumber: 'X-1' })]);
    expect(second?.[0]?.evidence).toMatchObject({ match: 'SAME_CONTENT' });
  });

  it('near miss and boundary: outside the window, an export mirror, another seller', () => {
    expect(stream(multipleInvoicingRule, [a, again('MX-1/INV-7', 30)])[1]).toEqual([]);
    expect(stream(multipleInvoicingRule, [a, again('MX-1/INV-7', 29.9)])[1]).toHaveLength(1);
    expect(stream(multipleInvoicingRule, [a, again('CN-1/INV-7', 1, { flow: 'EXPORT' })])[1]).toEqual([]);
    const otherSeller = again('MX-1/INV-7', 1, { exporter: { id: 'OTHER' } });
    expect(stream(multipleInvoicingRule, [a, otherSeller])[1]).toEqual([]);
  });
});

describe('TB-INVOICE-ARITHMETIC', () => {
  it('fires when the total is not the sum of the lines, and on non-positive lines', () => {
    const [alert] = one(invoiceArithmeticRule, { totalValue: money('3400.00') });
    expect(alert?.evidence).toMatchObject({
      sumOfLines: '2400.00',
      difference: '1000.00',
      totalMismatch: true,
    });
    expect(alert?.amountUsd).toBe(money('1000'));
    const [negative] = one(invoiceArithmeticRule, {
      totalValue: money('2400.00'),
      lines: [invoiceLine(), invoiceLine({ quantity: money('0'), value: money('0') })],
    });
    expect(negative?.evidence).toMatchObject({ totalMismatch: false, nonPositiveLines: [{ lineIndex: 1 }] });
  });

  it('boundary: a difference of the tolerance (USD 2.40 = 0.1% here) is rounding', () => {
    expect(one(invoiceArithmeticRule, { totalValue: money('2402.40') })).toEqual([]);
    expect(one(invoiceArithmeticRule, { totalValue: money('2402.41') })).toHaveLength(1);
  });
});

describe('TB-THIRD-PARTY-PAYMENT', () => {
  it('fires when a third party pays, worse from a high-risk, unrelated country', () => {
    const [plain] = one(thirdPartyPaymentRule, { payment: pay({ payerKey: 'n-other', payerCountry: 'US' }) });
    const [risky] = one(thirdPartyPaymentRule, { payment: pay({ payerKey: 'n-other', payerCountry: 'IR' }) });
    expect(plain?.evidence).toMatchObject({ payerCountryRisk: null, payerCountryUnrelated: false });
    expect(risky?.evidence).toMatchObject({
      payerCountryRisk: 'CALL_FOR_ACTION',
      payerCountryUnrelated: true,
    });
    expect(risky!.score).toBeGreaterThan(plain!.score);
  });

  it('near miss: the importer or the exporter pays, or no payer is named', () => {
    expect(one(thirdPartyPaymentRule, { payment: pay({ payerKey: 'n-imp1' }) })).toEqual([]);
    expect(one(thirdPartyPaymentRule, { payment: pay({ payerKey: 'n-exp1' }) })).toEqual([]);
    expect(one(thirdPartyPaymentRule, {})).toEqual([]);
  });
});

describe('TB-HIGH-RISK-ROUTING', () => {
  it('fires on a high-risk transit, many transits or free-trade-zone hubs', () => {
    const [alert] = one(highRiskRoutingRule, { ...big('20000.00'), transitCountries: ['IR'] });
    expect(alert?.evidence).toMatchObject({
      highRisk: [{ role: 'transit', country: 'IR', list: 'CALL_FOR_ACTION' }],
    });
    expect(
      one(highRiskRoutingRule, { ...big('20000.00'), transitCountries: ['DE', 'NL', 'BE'] }),
    ).toHaveLength(1);
    expect(one(highRiskRoutingRule, { ...big('20000.00'), transitCountries: ['AE', 'HK'] })).toHaveLength(1);
  });

  it('near miss and boundary: two ordinary transits, one hub, below the amount, the reporting country itself', () => {
    expect(one(highRiskRoutingRule, { ...big('20000.00'), transitCountries: ['DE', 'NL'] })).toEqual([]);
    expect(one(highRiskRoutingRule, { ...big('20000.00'), transitCountries: ['AE'] })).toEqual([]);
    expect(one(highRiskRoutingRule, { ...big('9999.99'), transitCountries: ['IR'] })).toEqual([]);
    expect(one(highRiskRoutingRule, { ...big('10000.00'), transitCountries: ['IR'] })).toHaveLength(1);
    expect(
      one(highRiskRoutingRule, { ...big('20000.00'), reportingCountry: 'VE', originCountry: 'VE' }),
    ).toEqual([]);
  });
});

describe('TB-LINE-OF-BUSINESS', () => {
  const history = Array.from({ length: 5 }, (_, i) =>
    invoiceEvent({ invoiceId: `H-${i}`, declaredAt: T0 + i * DAY }),
  );
  const odd = (days: number, value = '8000.00') =>
    invoiceEvent({
      invoiceId: 'ODD',
      declaredAt: T0 + days * DAY,
      lines: [invoiceLine({ hsCode: '710812', unit: 'KGM', value: money(value) })],
    });

  it('fires on a chapter outside an established trader’s history', () => {
    const alerts = stream(lineOfBusinessRule, [...history, odd(6)]);
    expect(alerts[5]?.[0]?.evidence).toMatchObject({
      newChapters: ['71'],
      knownChapters: ['61'],
      historyInvoices: 5,
    });
  });

  it('near miss: too short a history, or too little value', () => {
    expect(stream(lineOfBusinessRule, [...history.slice(1), odd(6)]).flat()).toEqual([]);
    expect(stream(lineOfBusinessRule, [...history, odd(6, '4999.99')]).flat()).toEqual([]);
  });
});

describe('TB-VOLUME-SPIKE', () => {
  const at = (i: number, day: number, value: string, patch: Patch = {}) =>
    invoiceEvent({ invoiceId: `V-${i}`, declaredAt: T0 + day * DAY, ...big(value), ...patch });
  // Four weeks of USD 10,000 a week, then USD 60,000 in one week.
  const baseline = [0, 7, 14, 21].map((d, i) => at(i, d, '10000.00'));

  it('fires when the rolling week reaches spikeRatio times the baseline week', () => {
    const alerts = stream(volumeSpikeRule, [...baseline, at(9, 29, '50000.00')]).flat();
    expect(alerts[0]?.evidence).toMatchObject({
      pattern: 'SPIKE',
      recentUsd: '50000.00',
      baselinePerRecentWindowUsd: '10000.00',
    });
  });

  it('near miss: just under the ratio', () => {
    expect(stream(volumeSpikeRule, [...baseline, at(9, 29, '49999.00')]).flat()).toEqual([]);
  });

  it('a new trader starting big fires only once the stream covers the look-back', () => {
    const others = Array.from({ length: 36 }, (_, d) =>
      at(100 + d, d, '1000.00', { importer: { id: 'OTHER' } }),
    );
    const newcomer = at(999, 35.5, '300000.00', { importer: { id: 'NEW' } });
    expect(
      stream(volumeSpikeRule, [...others, newcomer])
        .flat()
        .map((a) => a.evidence.pattern),
    ).toEqual(['NEW_TRADER']);
    expect(stream(volumeSpikeRule, [...others.slice(5), newcomer]).flat()).toEqual([]);
  });
});

describe('TB-ROUND-AMOUNT', () => {
  it('fires on a large round total on few lines', () => {
    expect(one(roundAmountRule, big('250000.00'))[0]?.evidence).toMatchObject({
      roundUnit: '10000.00',
      lines: 1,
    });
  });

  it('near miss and boundary: not round, too many lines, too small', () => {
    expect(one(roundAmountRule, big('250000.01'))).toEqual([]);
    expect(
      one(roundAmountRule, {
        totalValue: money('60000'),
        lines: [1, 2, 3].map(() => invoiceLine({ value: money('20000') })),
      }),
    ).toEqual([]);
    expect(one(roundAmountRule, big('40000.00'))).toEqual([]);
    expect(one(roundAmountRule, big('50000.00'))).toHaveLength(1);
  });
});

describe('TB-MIRROR-MISMATCH', () => {
  const exp = invoiceEvent({
    invoiceId: 'CN-EXP-1',
    flow: 'EXPORT',
    reportingCountry: 'CN',
    transportDocument: 'BL-1',
    ...big('100000.00'),
  });
  const imp = (value: string, quantity = '1000') =>
    invoiceEvent({
      invoiceId: 'US-IMP-1',
      declaredAt: T0 + 20 * DAY,
      transportDocument: 'BL-1',
      invoiceNumber: 'OTHER',
      totalValue: money(value),
      lines: [invoiceLine({ value: money(value), quantity: money(quantity) })],
    });

  it('fires when the import is valued beyond the CIF margin over the export', () => {
    const [alert] = stream(mirrorMismatchRule, [exp, imp('150000.00')])[1] ?? [];
    expect(alert).toMatchObject({
      eventIds: ['CN-EXP-1', 'US-IMP-1'],
      amountUsd: money('30000'),
      evidence: { matchedBy: 'TRANSPORT_DOCUMENT', direction: 'IMPORT_HIGHER' },
    });
  });

  it('fires on a quantity gap', () => {
    expect(stream(mirrorMismatchRule, [exp, imp('100000.00', '1100')])[1]?.[0]?.evidence).toMatchObject({
      quantityGaps: [{ key: '610910/NMB' }],
    });
  });

  it('boundary: exactly the margin is consistent; a record of the same flow is no mirror', () => {
    expect(stream(mirrorMismatchRule, [exp, imp('120000.00')])[1]).toEqual([]);
    expect(stream(mirrorMismatchRule, [exp, imp('95000.00')])[1]).toEqual([]);
    expect(stream(mirrorMismatchRule, [exp, { ...exp, id: 'CN-EXP-2' }])[1]).toEqual([]);
  });
});

describe('TB-CASH-PAYMENT', () => {
  it('fires on cash above the threshold; exactly the threshold does not', () => {
    expect(one(cashPaymentRule, { ...big('10000.01'), payment: pay({ method: 'CASH' }) })).toHaveLength(1);
    expect(one(cashPaymentRule, { ...big('10000.00'), payment: pay({ method: 'CASH' }) })).toEqual([]);
    expect(one(cashPaymentRule, { ...big('50000.00') })).toEqual([]);
  });
});

describe('TB-PRECURSOR', () => {
  const nitrate = (i: number, day: number, patch: Patch = {}) =>
    invoiceEvent({
      invoiceId: `P-${i}`,
      declaredAt: T0 + day * DAY,
      lines: [invoiceLine({ hsCode: '310230', unit: 'KGM', quantity: money('20000'), value: money('8000') })],
      ...patch,
    });

  it('fires for a trader with no history in the chapter, with typology PRECURSOR', () => {
    const [alert] = precursorRule.evaluate(nitrate(1, 0), ruleContext());
    expect(alert).toMatchObject({ evidence: { newChapters: ['31'], highRisk: [] } });
    expect(precursorRule.typology).toBe('PRECURSOR');
  });

  it('near miss: an established fertiliser importer; but high-risk routing still fires', () => {
    const results = stream(precursorRule, [
      nitrate(1, 0),
      nitrate(2, 1),
      nitrate(3, 2, { transitCountries: ['YE'] }),
    ]);
    expect(results[1]).toEqual([]);
    expect(results[2]?.[0]?.evidence).toMatchObject({ newChapters: [], highRisk: [{ country: 'YE' }] });
  });

  it('stays quiet on goods off the list', () => {
    expect(one(precursorRule, {})).toEqual([]);
  });
});
