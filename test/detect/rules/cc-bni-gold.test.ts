import { describe, expect, it } from 'vitest';
import { bniGoldRule as rule } from '../../../src/detect/rules/cc-bni-gold.ts';
import { declarationEvent, money } from '../../support/events.ts';
import { runRule } from './cash-courier-support.ts';

type Kind = 'CURRENCY' | 'GOLD' | 'PREPAID_CARD' | 'BEARER_BOND';
const decl = (...items: [Kind, string][]) =>
  declarationEvent({ items: items.map(([kind, usd]) => ({ kind, currency: 'USD', amount: money(usd) })) });

describe('CC-BNI-GOLD', () => {
  it('fires when gold, BNI or prepaid cards make up most of the value', () => {
    const [draft] = runRule(rule, [decl(['GOLD', '30000.00'], ['CURRENCY', '5000.00'])]);
    expect(draft).toMatchObject({
      amountUsd: money('35000.00'),
      evidence: {
        bniGoldUsd: '30000.00',
        share: 0.8571,
        byKindUsd: { GOLD: '30000.00', CURRENCY: '5000.00' },
      },
    });
    expect(runRule(rule, [decl(['PREPAID_CARD', '4000.00'], ['BEARER_BOND', '3000.00'])])).toHaveLength(1);
  });

  it('near miss: mostly currency, or too small a total', () => {
    expect(runRule(rule, [decl(['GOLD', '4000.00'], ['CURRENCY', '6000.00'])])).toEqual([]);
    expect(runRule(rule, [decl(['GOLD', '4999.99'])])).toEqual([]);
  });

  it('boundary: exactly half is not "most"; the minimum total is inclusive', () => {
    expect(runRule(rule, [decl(['GOLD', '5000.00'], ['CURRENCY', '5000.00'])])).toEqual([]);
    expect(runRule(rule, [decl(['GOLD', '5000.01'], ['CURRENCY', '5000.00'])])).toHaveLength(1);
    expect(runRule(rule, [decl(['GOLD', '5000.00'])])).toHaveLength(1);
  });
});
