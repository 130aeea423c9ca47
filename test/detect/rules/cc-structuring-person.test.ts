import { describe, expect, it } from 'vitest';
import { structuringPersonRule as rule } from '../../../src/detect/rules/cc-structuring-person.ts';
import { declarationEvent, money, T0 } from '../../support/events.ts';
import { DAY, runRule } from './cash-courier-support.ts';

// Fixture: FR is EU, EUR 10,000 "or more"; EUR = 1.08 USD from 10 March 2026.
const decl = (id: string, day: number, amount: string, person = 'p-1') =>
  declarationEvent({
    declarationId: id,
    declaredAt: T0 + day * DAY,
    traveller: { personKey: person },
    items: [{ kind: 'CURRENCY', currency: 'EUR', amount: money(amount) }],
  });

describe('CC-STRUCTURING-PERSON', () => {
  it('fires when declarations under the threshold add up to it within 30 days, one alert per episode', () => {
    const drafts = runRule(rule, [
      decl('D1', 0, '6000.00'),
      decl('D2', 10, '4500.00'),
      decl('D3', 20, '3000.00'),
    ]);
    expect(drafts.map((d) => [d.at, d.revision, d.eventIds])).toEqual([
      ['D2', 2, ['D1', 'D2']],
      ['D3', 3, ['D1', 'D2', 'D3']],
    ]);
    expect(new Set(drafts.map((d) => d.idBasis))).toEqual(new Set(['p-1|D1']));
    expect(drafts[0]).toMatchObject({
      entityType: 'PERSON',
      entityKey: 'p-1',
      amountUsd: money('11340.00'),
      evidence: {
        total: '10500.00',
        currency: 'EUR',
        threshold: '10000.00',
        windowDays: 30,
        episodeStart: 'D1',
      },
    });
  });

  it('near miss: together under the threshold, or too far apart, or one declaration already over it', () => {
    expect(runRule(rule, [decl('D1', 0, '6000.00'), decl('D2', 10, '3999.99')])).toEqual([]);
    expect(runRule(rule, [decl('D1', 0, '6000.00'), decl('D2', 31, '6000.00')])).toEqual([]);
    expect(runRule(rule, [decl('D1', 0, '12000.00'), decl('D2', 1, '500.00')])).toEqual([]);
    expect(runRule(rule, [decl('D1', 0, '6000.00', 'p-1'), decl('D2', 1, '6000.00', 'p-2')])).toEqual([]);
  });

  it('boundary: exactly the EU threshold together fires ("or more"), exactly 30 days apart is in the window', () => {
    expect(runRule(rule, [decl('D1', 0, '6000.00'), decl('D2', 30, '4000.00')])).toHaveLength(1);
  });
});
