import { describe, expect, it } from 'vitest';
import { cashKeywordsRule as rule } from '../../../src/detect/rules/cm-cash-keywords.ts';
import { MissingFxRateError } from '../../../src/reference/fx.ts';
import { ruleContext, testConfig } from '../../support/config.ts';
import { manifestEvent, money } from '../../support/events.ts';

// Fixture keywords: CASH (cash, banknote, bank note, money, dinero en efectivo), BNI (money order,
// bearer bond, cheque), GOLD (gold bar, gold coin), ARMS (pistol); exclusion "cash register".
// MXN = 0.05 USD in March 2026.
type Manifest = ReturnType<typeof manifestEvent>;
const evaluate = (event: Manifest, config = testConfig()) => rule.evaluate(event, ruleContext(config));
const item = (description: string, extra: { hsCode?: string; value?: string } = {}) => ({
  description,
  hsCode: extra.hsCode,
  quantity: undefined,
  value: extra.value === undefined ? undefined : money(extra.value),
});

describe('CM-CASH-KEYWORDS', () => {
  it('fires on bearer bonds in a consignment declared as documents (the Toluca case)', () => {
    const event = manifestEvent({
      contentType: 'DOCUMENTS',
      declaredValue: money('15.00'),
      grossWeightKg: money('6.5'),
      items: [item('Business correspondence, US bearer bonds')],
    });
    expect(evaluate(event)).toEqual([
      {
        severity: 'HIGH',
        score: 75,
        entityType: 'CONSIGNEE',
        entityKey: 'c-7be2',
        eventIds: ['HAWB-0001'],
        eventTime: Date.parse('2026-03-14T10:00:00Z'),
        reportingCountry: 'MX',
        countries: ['MX', 'US'],
        hsCode: undefined,
        amountUsd: 15_000_000n,
        explanation:
          'Consignment declared as DOCUMENTS describes cash or cash equivalents (BNI: bearer bond), declared value USD 15.00.',
        evidence: {
          categories: ['BNI'],
          matchedTerms: [
            {
              itemIndex: 0,
              category: 'BNI',
              language: 'en',
              term: 'bearer bond',
              matched: 'bearer bonds',
              fuzzy: false,
            },
          ],
          contentType: 'DOCUMENTS',
          concealingContentType: true,
          declaredValue: '15.00',
          itemsValue: '0.00',
          currency: 'USD',
          valueUsd: '15.00',
          highValueUsd: '10000.00',
          highValue: false,
          itemCount: 1,
          grossWeightKg: '6.500',
          pieces: 1,
        },
      },
    ]);
  });

  it('scores a gift with cash and a cheque worth more than the high-value mark as CRITICAL', () => {
    const event = manifestEvent({
      contentType: 'GIFT',
      currency: 'MXN',
      declaredValue: money('250000.00'), // USD 12,500 at 0.05
      items: [item('Regalo: dinero en efectivo'), item('Cheque de caja')],
    });
    const [alert] = evaluate(event);
    expect(alert).toMatchObject({
      severity: 'CRITICAL',
      score: 95,
      amountUsd: 12_500_000_000n,
      explanation:
        'Consignment declared as GIFT describes cash or cash equivalents (BNI: cheque; CASH: dinero en efectivo), declared value USD 12,500.00.',
      evidence: { categories: ['BNI', 'CASH'], highValue: true, concealingContentType: true },
    });
  });

  it('values the consignment by its items when they add up to more than the declared value', () => {
    const event = manifestEvent({
      declaredValue: money('50.00'),
      items: [item('Gold bar 1 kg', { hsCode: '710812', value: '98000.00' })],
    });
    const [alert] = evaluate(event);
    expect(alert).toMatchObject({
      severity: 'MEDIUM',
      score: 65,
      hsCode: '710812',
      amountUsd: 98_000_000_000n,
      explanation:
        'MERCHANDISE consignment describes cash or cash equivalents (GOLD: gold bar), declared value USD 98,000.00.',
    });
  });

  it('tolerates a misspelling and reports it as fuzzy', () => {
    const [alert] = evaluate(manifestEvent({ items: [item('casch')] }));
    expect(alert?.evidence.matchedTerms).toEqual([
      { itemIndex: 0, category: 'CASH', language: 'en', term: 'cash', matched: 'casch', fuzzy: true },
    ]);
    expect(alert?.score).toBe(50);
  });

  it('stays quiet on near misses: cashmere, a cash register, categories it does not watch', () => {
    expect(evaluate(manifestEvent({ items: [item('100% cashmere sweaters')] }))).toEqual([]);
    expect(evaluate(manifestEvent({ items: [item('Electronic cash register')] }))).toEqual([]);
    expect(evaluate(manifestEvent({ items: [item('Pistol grip for drill')] }))).toEqual([]);
  });

  it('has nothing to read in a documents consignment with no items', () => {
    expect(evaluate(manifestEvent({ contentType: 'DOCUMENTS', items: [] }))).toEqual([]);
  });

  it('boundary: a value of exactly highValueUsd counts as high', () => {
    const at = evaluate(manifestEvent({ declaredValue: money('10000.00'), items: [item('cash')] }));
    const under = evaluate(manifestEvent({ declaredValue: money('9999.99'), items: [item('cash')] }));
    expect([at[0]?.score, at[0]?.evidence.highValue]).toEqual([65, true]);
    expect([under[0]?.score, under[0]?.evidence.highValue]).toEqual([50, false]);
  });

  it('needs an FX rate only when it fires', () => {
    const chf = { currency: 'CHF', declaredValue: money('100.00') };
    expect(evaluate(manifestEvent({ ...chf, items: [item('Cotton T-shirts')] }))).toEqual([]);
    expect(() => evaluate(manifestEvent({ ...chf, items: [item('Bank notes')] }))).toThrow(
      MissingFxRateError,
    );
  });

  it('honours enabled: false and per-country overrides of the categories', () => {
    const event = manifestEvent({ contentType: 'DOCUMENTS', items: [item('bearer bonds')] });
    expect(evaluate(event, testConfig({ rules: { 'CM-CASH-KEYWORDS': { enabled: false } } }))).toEqual([]);
    const goldOnlyInMx = testConfig({
      rules: { 'CM-CASH-KEYWORDS': { overrides: { MX: { categories: ['GOLD'] } } } },
    });
    expect(evaluate(event, goldOnlyInMx)).toEqual([]);
    expect(evaluate(manifestEvent({ ...event.body, reportingCountry: 'US' }), goldOnlyInMx)).toHaveLength(1);
  });
});
