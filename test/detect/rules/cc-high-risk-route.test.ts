import { describe, expect, it } from 'vitest';
import { highRiskRouteRule as rule } from '../../../src/detect/rules/cc-high-risk-route.ts';
import { declarationEvent, money } from '../../support/events.ts';
import { runRule, trip } from './cash-courier-support.ts';

// Fixture lists: call for action KP, IR, MM; increased monitoring VE, YE.
const decl = (amountUsd: string, travel: Record<string, string>, control?: object) =>
  declarationEvent({
    travel: trip(travel),
    items: [{ kind: 'CURRENCY', currency: 'USD', amount: money(amountUsd) }],
    ...(control ? { control: control as never } : {}),
  });

describe('CC-HIGH-RISK-ROUTE', () => {
  it('fires on a material amount to a listed country', () => {
    const [draft] = runRule(rule, [decl('8000.00', { destinationCountry: 'VE' })]);
    expect(draft).toMatchObject({
      score: 45,
      evidence: {
        highRisk: [{ role: 'destination', country: 'VE', list: 'INCREASED_MONITORING' }],
        amountUsd: '8000.00',
      },
    });
    const [black] = runRule(rule, [decl('8000.00', { originCountry: 'IR' })]);
    expect(black?.score).toBe(65);
  });

  it('near miss: under the material amount, or an unlisted route', () => {
    expect(runRule(rule, [decl('4999.99', { destinationCountry: 'VE' })])).toEqual([]);
    expect(runRule(rule, [decl('50000.00', {})])).toEqual([]);
  });

  it('boundary: exactly the material amount fires; undeclared cash found counts', () => {
    expect(runRule(rule, [decl('5000.00', { destinationCountry: 'YE' })])).toHaveLength(1);
    const found = decl(
      '1000.00',
      { destinationCountry: 'YE' },
      { undeclaredAmount: money('4000.00'), undeclaredCurrency: 'USD' },
    );
    expect(runRule(rule, [found])[0]?.evidence).toMatchObject({
      undeclaredFoundUsd: '4000.00',
      amountUsd: '5000.00',
    });
  });
});
