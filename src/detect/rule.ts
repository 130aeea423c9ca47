// The contract every rule implements: a pure function of (event, keyed state, config).

import type { AlertDraft, Typology } from '../core/alert.ts';
import type { EventKind, EventOf } from '../core/events.ts';
import type { ReferenceData } from '../reference/reference.ts';
import type { RulesConfig } from './settings.ts';

/**
 * Per-rule keyed state. Values must be JSON-serialisable (state is rebuilt by replay, see README).
 * Expiry is in event time: an entry is dropped once the watermark passes `expiresAt`.
 */
export interface KeyedState {
  get<T>(key: string): T | undefined;
  set<T>(key: string, value: T, expiresAt: number): void;
  delete(key: string): void;
}

/** What detection reads of the service configuration: the rules' blocks and the reference data. */
export interface DetectionConfig {
  reference: ReferenceData;
  rules: RulesConfig;
}

export interface RuleContext {
  /** The whole validated configuration; a rule reads its own block `config.rules[id]` and reference data. */
  config: DetectionConfig;
  /** This rule's state namespace. */
  state: KeyedState;
  /** Event time below which no more events are expected (max event time seen − allowed lateness). */
  watermark: number;
}

export interface Rule<K extends EventKind = EventKind> {
  /** Stable id from ../shared/domain/indicators.md, e.g. "CC-THRESHOLD-PROXIMITY". */
  id: string;
  /** Bumped whenever the rule's logic or defaults change; alerts carry `id@version`. */
  version: number;
  typology: Typology;
  /** The event kinds the rule reads. */
  kinds: readonly K[];
  evaluate(event: EventOf<K>, context: RuleContext): AlertDraft[];
}

/** Any rule, whatever event kind it reads: what the engine and the rule list hold. */
export type AnyRule = { [K in EventKind]: Rule<K> }[EventKind];
