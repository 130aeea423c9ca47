import { describe, expect, it } from 'vitest';
import { thresholdProximityRule as rule } from '../../../src/detect/rules/cc-threshold-proximity.ts';
import { MissingFxRateError } from '../../../src/reference/fx.ts';
import { ruleContext, testConfig } from '../../support/config.ts';
import { declarationEvent, money } from '../../support/events.ts';

// Fixture: EU EUR 10,000 AT_OR_ABOVE, US USD 10,000 ABOVE, default USD 10,000 ABOVE,
// TR EUR 10,000 ABOVE on exit only; EUR = 1.10 USD from February, 1.08 USD from 10 March 2026.
const evaluate = (event: ReturnType<typeof declarationEvent>, config = testConfig()) =>
  rule.evaluate(event, ruleContext(config));
const cash = (amount: string, currency = 'EUR') => [
  { kind: 'CURRENCY' as const, currency, amount: money(amount) },
];

describe('CC-THRESHOLD-PROXIMITY', () => {
  it('fires on EUR 9,500 declared in France (EU, "or more")', () => {
    const [alert, ...rest] = evaluate(declarationEvent({ items: cash('9500.00') }));
    expect(rest).toEqual([]);
    expect(alert).toEqual({
      severity: 'HIGH',
      score: 71,
      entityType: 'PERSON',
      entityKey: 'p-4f1c2a',
      eventIds: ['DECL-0001'],
      eventTime: Date.parse('2026-03-14T10:00:00Z'),
      reportingCountry: 'FR',
      countries: ['FR', 'MX'],
      amountUsd: 10_260_000_000n,
      explanation:
        'Declared total of EUR 9,500.00 is 95.0% of the FR threshold (declaration required at EUR 10,000.00 or more).',
      evidence: {
        total: '9500.00',
        totalUsd: '10260.00',
        currency: 'EUR',
        threshold: '10000.00',
        boundary: 'AT_OR_ABOVE',
        thresholdBasis: 'GROUP',
        thresholdGroup: 'EU',
        lowerRatio: 0.8,
        lowerBound: '8000.00',
        ratio: 0.95,
        direction: 'OUTBOUND',
        itemsByKind: { CURRENCY: '9500.00' },
        fxRates: { EUR: { from: '2026-03-10', rate: '1.08' } },
      },
    });
  });

  it('adds every item, converted to the threshold currency through USD at the event date', () => {
    const items = [
      { kind: 'CURRENCY' as const, currency: 'EUR', amount: money('5000.00') },
      { kind: 'CURRENCY' as const, currency: 'USD', amount: money('4320.00') }, // EUR 4,000 at 1.08
      { kind: 'GOLD' as const, currency: 'USD', amount: money('540.00') }, // EUR 500
    ];
    const [alert] = evaluate(declarationEvent({ items }));
    expect(alert?.evidence).toMatchObject({
      total: '9500.00',
      totalUsd: '10260.00',
      itemsByKind: { CURRENCY: '9000.00', GOLD: '500.00' },
    });
    expect(alert?.amountUsd).toBe(10_260_000_000n);
  });

  it('uses the rate in force on the event date', () => {
    // USD 10,450 is EUR 9,500 at 1.10 (9 March) but EUR 9,675.93 at 1.08 (from 10 March).
    const items = cash('10450.00', 'USD');
    const before = evaluate(declarationEvent({ items, declaredAt: Date.parse('2026-03-09T23:59:00Z') }));
    const after = evaluate(declarationEvent({ items }));
    expect(before[0]?.evidence).toMatchObject({
      total: '9500.00',
      ratio: 0.95,
      fxRates: { EUR: { from: '2026-02-01', rate: '1.10' } },
    });
    expect(after[0]?.evidence).toMatchObject({ total: '9675.93', ratio: 0.9676 });
  });

  it('stays quiet just under the band and at or over an "or more" threshold', () => {
    expect(evaluate(declarationEvent({ items: cash('7999.99') }))).toEqual([]);
    expect(evaluate(declarationEvent({ items: cash('10500.00') }))).toEqual([]);
  });

  it('EU boundary: EUR 10,000.00 exactly had to be declared, so it is not "under" the threshold', () => {
    expect(evaluate(declarationEvent({ items: cash('10000.00') }))).toEqual([]);
    const [alert] = evaluate(declarationEvent({ items: cash('9999.99') }));
    expect(alert?.score).toBe(85);
  });

  it('US boundary: USD 10,000.00 exactly is not "more than" USD 10,000, so it is still under and fires', () => {
    const event = declarationEvent({
      reportingCountry: 'US',
      borderPoint: 'USJFK',
      direction: 'INBOUND',
      items: cash('10000.00', 'USD'),
    });
    const [alert] = evaluate(event);
    expect(alert).toMatchObject({
      severity: 'HIGH',
      score: 85,
      amountUsd: 10_000_000_000n,
      explanation:
        'Declared total of USD 10,000.00 is 100.0% of the US threshold (declaration required above USD 10,000.00).',
      evidence: {
        total: '10000.00',
        currency: 'USD',
        boundary: 'ABOVE',
        thresholdBasis: 'COUNTRY',
        ratio: 1,
        fxRates: {},
      },
    });
    expect(evaluate(declarationEvent({ ...event.body, items: cash('10000.01', 'USD') }))).toEqual([]);
  });

  it('lower edge: exactly lowerRatio × threshold fires, with the lowest score', () => {
    const [alert] = evaluate(declarationEvent({ items: cash('8000.00') }));
    expect(alert).toMatchObject({ severity: 'LOW', score: 30, evidence: { ratio: 0.8 } });
  });

  it('uses the default threshold (USD 10,000, more than) for a country with no entry', () => {
    const [alert] = evaluate(
      declarationEvent({ reportingCountry: 'JP', borderPoint: 'JPNRT', items: cash('8500.00') }),
    );
    expect(alert).toMatchObject({
      score: 62,
      severity: 'MEDIUM',
      evidence: {
        total: '9180.00',
        currency: 'USD',
        boundary: 'ABOVE',
        thresholdBasis: 'DEFAULT',
        ratio: 0.918,
      },
    });
  });

  it('applies a threshold only in the directions it covers (Türkiye: on exit only)', () => {
    const base = { reportingCountry: 'TR', borderPoint: 'TRIST', items: cash('9000.00') };
    expect(evaluate(declarationEvent({ ...base, direction: 'INBOUND' }))).toEqual([]);
    expect(evaluate(declarationEvent({ ...base, direction: 'OUTBOUND' }))).toHaveLength(1);
  });

  it('throws MissingFxRateError, naming currency and date, when a rate is missing', () => {
    const event = declarationEvent({ items: cash('9000.00', 'CHF') });
    expect(() => evaluate(event)).toThrow(MissingFxRateError);
    expect(() => evaluate(event)).toThrow('no FX rate for CHF on or before 2026-03-14');
  });

  it('honours enabled: false, and per-country overrides', () => {
    const event = declarationEvent({ items: cash('9500.00') });
    expect(evaluate(event, testConfig({ rules: { 'CC-THRESHOLD-PROXIMITY': { enabled: false } } }))).toEqual(
      [],
    );
    const frOff = testConfig({
      rules: { 'CC-THRESHOLD-PROXIMITY': { overrides: { FR: { enabled: false } } } },
    });
    expect(evaluate(event, frOff)).toEqual([]);
    expect(
      evaluate(
        declarationEvent({ reportingCountry: 'DE', borderPoint: 'DEFRA', items: cash('9500.00') }),
        frOff,
      ),
    ).toHaveLength(1);
    const narrow = testConfig({
      rules: { 'CC-THRESHOLD-PROXIMITY': { overrides: { FR: { lowerRatio: 0.96 } } } },
    });
    expect(evaluate(event, narrow)).toEqual([]);
  });
});
