// Runs one rule over events in event-time order with real keyed state (expiry in event time), as
// the engine does, and returns every draft with the id of the event that produced it.

import type { Config } from '../../../src/config/schema.ts';
import type { AlertDraft } from '../../../src/core/alert.ts';
import {
  type CurrencyDeclaration,
  compareEvents,
  type DomainEvent,
  type EventKind,
} from '../../../src/core/events.ts';
import type { Rule } from '../../../src/detect/rule.ts';
import { KeyedStateStore } from '../../../src/detect/state/keyed-state-store.ts';
import { testConfig } from '../../support/config.ts';
import { declarationEvent } from '../../support/events.ts';

export type Draft = AlertDraft & { at: string };

export function runRule<K extends EventKind>(
  rule: Rule<K>,
  events: readonly DomainEvent[],
  config: Config = testConfig(),
): Draft[] {
  const store = new KeyedStateStore();
  const out: Draft[] = [];
  for (const event of [...events].sort(compareEvents)) {
    store.advance(event.eventTime);
    const drafts = rule.evaluate(event as never, {
      config,
      state: store.namespace(rule.id),
      watermark: event.eventTime,
    });
    for (const draft of drafts) out.push({ ...draft, at: event.id });
  }
  return out;
}

export const DAY = 86_400_000;

/** The default test declaration's travel with some fields replaced (travel is optional, so not merged). */
export function trip(
  overrides: Partial<NonNullable<CurrencyDeclaration['travel']>>,
): CurrencyDeclaration['travel'] {
  return { ...declarationEvent().body.travel!, ...overrides };
}
