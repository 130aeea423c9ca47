import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.ts';
import { alertId, eventIdsBasis } from '../../src/core/alert-id.ts';
import { DetectionEngine } from '../../src/detect/engine.ts';
import type { Rule } from '../../src/detect/rule.ts';
import { bareEvent } from '../support/domain-events.ts';

// A counting rule: fires on every second event of a kind, supported by both events.
const pairRule: Rule<'declaration'> = {
  id: 'TEST-PAIR',
  version: 3,
  typology: 'CASH_COURIER',
  kinds: ['declaration'],
  evaluate(event, { state }) {
    const previous = state.get<string>('last');
    if (!previous) {
      state.set('last', event.id, event.eventTime + 1000);
      return [];
    }
    state.delete('last');
    return [
      {
        severity: 'LOW',
        score: 10,
        entityType: 'PERSON',
        entityKey: 'k',
        eventIds: [event.id, previous],
        eventTime: event.eventTime,
        reportingCountry: 'DE',
        countries: ['DE', 'AE', 'DE'],
        explanation: 'two',
        evidence: {},
      },
    ];
  },
};

const failingRule: Rule<'declaration'> = {
  id: 'TEST-FAIL',
  version: 1,
  typology: 'CASH_COURIER',
  kinds: ['declaration'],
  evaluate() {
    throw new Error('boom');
  },
};

const config = (rules: Record<string, unknown> = {}) => ({ rules }) as unknown as Config;

describe('DetectionEngine', () => {
  it('routes events to rules of their kind and builds deterministic alerts', () => {
    const engine = new DetectionEngine([pairRule], config(), { clock: () => 42 });
    expect(engine.process(bareEvent('manifest', 'm1', 1), 1).alerts).toEqual([]);
    expect(engine.process(bareEvent('declaration', 'd1', 1), 1).alerts).toEqual([]);
    const [alert] = engine.process(bareEvent('declaration', 'd2', 2), 2).alerts;
    expect(alert).toMatchObject({
      alertId: alertId('TEST-PAIR', 3, eventIdsBasis(['d1', 'd2'])),
      ruleId: 'TEST-PAIR',
      ruleVersion: 3,
      typology: 'CASH_COURIER',
      revision: 1,
      detectedAt: 42,
      countries: ['AE', 'DE'],
    });
    expect(alert!.alertId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('skips rules disabled in config', () => {
    const engine = new DetectionEngine([pairRule], config({ 'TEST-PAIR': { enabled: false } }));
    expect(engine.rulesFor('declaration')).toEqual([]);
  });

  it('reports a failing rule without stopping the others', () => {
    const engine = new DetectionEngine([failingRule, pairRule], config());
    engine.process(bareEvent('declaration', 'd1', 1), 1);
    const output = engine.process(bareEvent('declaration', 'd2', 2), 2);
    expect(output.failures.map((f) => [f.ruleId, f.error.message])).toEqual([['TEST-FAIL', 'boom']]);
    expect(output.alerts).toHaveLength(1);
  });

  it('forgets state on reset', () => {
    const engine = new DetectionEngine([pairRule], config());
    engine.process(bareEvent('declaration', 'd1', 1), 1);
    engine.reset();
    expect(engine.process(bareEvent('declaration', 'd2', 2), 2).alerts).toEqual([]);
  });
});
