// Routes each event to the enabled rules for its kind, gives them their keyed state, and turns
// their drafts into alerts with deterministic ids. No I/O here: the pipeline feeds events in
// event-time order and writes what comes out.

import type { Alert, AlertDraft } from '../core/alert.ts';
import { alertId, eventIdsBasis } from '../core/alert-id.ts';
import type { DomainEvent, EventKind } from '../core/events.ts';
import type { AnyRule, DetectionConfig, Rule, RuleContext } from './rule.ts';
import { KeyedStateStore } from './state/keyed-state-store.ts';

export interface RuleFailure {
  ruleId: string;
  error: Error;
}

export interface EngineOutput {
  alerts: Alert[];
  failures: RuleFailure[];
}

export interface EngineOptions {
  /** Wall clock for `detectedAt` only (metadata); detection itself never reads it. */
  clock?: () => number;
}

/** A rule is on unless its config block says `enabled: false`. */
export function ruleEnabled(config: DetectionConfig, ruleId: string): boolean {
  const block = (config.rules as Record<string, { enabled?: boolean } | undefined>)[ruleId];
  return block?.enabled !== false;
}

/** A rule with the context it is called with: made once (and again on reset), not per event. */
interface Bound {
  rule: Rule;
  context: RuleContext;
}

export class DetectionEngine {
  readonly state = new KeyedStateStore();
  readonly #config: DetectionConfig;
  readonly #clock: () => number;
  readonly #byKind = new Map<EventKind, Rule[]>();
  readonly #bound = new Map<EventKind, Bound[]>();

  constructor(rules: readonly AnyRule[], config: DetectionConfig, options: EngineOptions = {}) {
    this.#config = config;
    this.#clock = options.clock ?? Date.now;
    for (const rule of rules) {
      if (!ruleEnabled(config, rule.id)) continue;
      for (const kind of rule.kinds) {
        const list = this.#byKind.get(kind) ?? [];
        list.push(rule as Rule);
        this.#byKind.set(kind, list);
      }
    }
    this.#bind();
  }

  /** The rules that will see events of this kind. */
  rulesFor(kind: EventKind): readonly Rule[] {
    return this.#byKind.get(kind) ?? [];
  }

  process(event: DomainEvent, watermark: number): EngineOutput {
    this.state.advance(watermark);
    const alerts: Alert[] = [];
    const failures: RuleFailure[] = [];
    const detectedAt = this.#clock();
    for (const { rule, context } of this.#bound.get(event.kind) ?? []) {
      context.watermark = watermark;
      let drafts: AlertDraft[];
      try {
        drafts = rule.evaluate(event as never, context);
      } catch (error) {
        failures.push({ ruleId: rule.id, error: error instanceof Error ? error : new Error(String(error)) });
        continue;
      }
      for (const draft of drafts) alerts.push(toAlert(rule, draft, detectedAt));
    }
    return { alerts, failures };
  }

  /** Forget all state (before it is rebuilt after a rebalance). */
  reset(): void {
    this.state.clear();
    this.#bind();
  }

  /** One context per rule, on the rule's current state namespace. */
  #bind(): void {
    this.#bound.clear();
    for (const [kind, rules] of this.#byKind) {
      this.#bound.set(
        kind,
        rules.map((rule) => ({
          rule,
          context: { config: this.#config, state: this.state.namespace(rule.id), watermark: 0 },
        })),
      );
    }
  }
}

function toAlert(rule: Rule, draft: AlertDraft, detectedAt: number): Alert {
  const { idBasis, revision, ...rest } = draft;
  return {
    ...rest,
    countries: [...new Set(draft.countries)].sort(),
    alertId: alertId(rule.id, rule.version, idBasis ?? eventIdsBasis(draft.eventIds)),
    ruleId: rule.id,
    ruleVersion: rule.version,
    typology: rule.typology,
    revision: revision ?? 1,
    detectedAt,
  };
}
