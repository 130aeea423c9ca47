// Helpers the currency-declaration rules (CC-*) share: a declaration's value in USD and in the
// threshold currency, the FLIGHT and BOOKING keys, and the carry-over of an undeclared-cash
// finding to the same person's later alerts (CC-UNDECLARED-FOUND).
//
// Carry-over: every CC-* person rule reads every declaration, so each keeps its own note of the
// person's last finding (control.undeclaredAmount > 0 or control.seized) in its own keyed state,
// set before the rule decides anything, for `carryOverDays` (CC-UNDECLARED-FOUND's settings) of
// event time. A later alert of that rule on that person carries `priorUndeclaredFinding` in its
// evidence and `laterScoreBonus` more score. Rules see events in event-time order, so "later" is
// event time; the note is rebuilt by replay like any state.

import type { AlertDraft } from '../../core/alert.ts';
import type { CurrencyDeclaration, DeclarationEvent } from '../../core/events.ts';
import { formatDecimal, type Micros } from '../../core/money.ts';
import { convert, fromUsd, toUsd } from '../../reference/fx.ts';
import { isAtOrOverThreshold, type Threshold, thresholdFor } from '../../reference/thresholds.ts';
import type { DetectionConfig, KeyedState } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { countriesOf, severityFromScore } from './common.ts';
import { perEvent } from './per-event.ts';

export const DAY_MS = 86_400_000;

export interface DeclarationValue {
  /** Every item, in micro-USD at the event date. */
  totalUsd: Micros;
  /** Per item kind, micro-USD. */
  byKindUsd: Record<string, Micros>;
}

/** The declaration's value in USD (shared by the rules of one event: read only). */
export const declarationValue = perEvent(
  (event: DeclarationEvent, config: DetectionConfig): DeclarationValue => {
    const fx = config.reference.fxRates;
    let totalUsd = 0n;
    const byKindUsd: Record<string, Micros> = {};
    for (const item of event.body.items) {
      const usd = toUsd(item.amount, item.currency, event.eventTime, fx);
      totalUsd += usd;
      byKindUsd[item.kind] = (byKindUsd[item.kind] ?? 0n) + usd;
    }
    return { totalUsd, byKindUsd };
  },
);

/** The declared total in the threshold's currency: items in that currency exact, others via USD. */
export function totalInCurrency(event: DeclarationEvent, currency: string, config: DetectionConfig): Micros {
  const fx = config.reference.fxRates;
  return event.body.items.reduce(
    (sum, item) => sum + convert(item.amount, item.currency, currency, event.eventTime, fx),
    0n,
  );
}

/** A declared amount kept in state (JSON: bigints as decimal-string micro-units). */
export interface StoredAmount {
  /** micro-USD */
  usd: string;
  /** micro-units of `currency` (the threshold currency when it was declared) */
  local: string;
  currency: string;
}

export function storedAmount(
  event: DeclarationEvent,
  threshold: Threshold,
  config: DetectionConfig,
): StoredAmount {
  return {
    usd: String(declarationValue(event, config).totalUsd),
    local: String(totalInCurrency(event, threshold.currency, config)),
    currency: threshold.currency,
  };
}

/** Stored amounts added up in `currency`: those already in it exactly, the others from USD at `at`. */
export function sumIn(
  amounts: readonly StoredAmount[],
  currency: string,
  at: number,
  config: DetectionConfig,
): Micros {
  return amounts.reduce(
    (sum, a) =>
      sum +
      (a.currency === currency
        ? BigInt(a.local)
        : fromUsd(BigInt(a.usd), currency, at, config.reference.fxRates)),
    0n,
  );
}

/** `${carrier}${flight}|${day}`; a flight number that already starts with the carrier code keeps it once. */
export function flightKey(declaration: CurrencyDeclaration, eventTime: number): string | undefined {
  const travel = declaration.travel;
  if (!travel?.flightOrVoyage) return undefined;
  const carrier = travel.carrierCode ?? '';
  const flight = travel.flightOrVoyage.replace(/\s+/g, '').toUpperCase();
  const number = carrier !== '' && flight.startsWith(carrier.toUpperCase()) ? flight : `${carrier}${flight}`;
  const day = travel.departureDate ?? new Date(eventTime).toISOString().slice(0, 10);
  return `${number}|${day}`;
}

// Routes are few and recur: each text is made once, rather than a new string per declaration
// (kept in state by some rules).
const routeTexts = new Map<string, Map<string, string>>();

/** "origin-destination". */
export function routeText(origin: string, destination: string): string {
  let byDestination = routeTexts.get(origin);
  if (!byDestination) {
    if (routeTexts.size > 10_000) routeTexts.clear();
    byDestination = new Map();
    routeTexts.set(origin, byDestination);
  }
  let text = byDestination.get(destination);
  if (text === undefined) {
    text = `${origin}-${destination}`;
    byDestination.set(destination, text);
  }
  return text;
}

export function declarationCountries(declaration: CurrencyDeclaration): string[] {
  return countriesOf(
    declaration.reportingCountry,
    declaration.travel?.originCountry,
    declaration.travel?.destinationCountry,
  );
}

// ---------------------------------------------------------------------------------------------
// Undeclared-finding carry-over

export interface PriorFinding {
  declarationId: string;
  /** ISO 8601 event time of the finding. */
  at: string;
  reportingCountry: string;
  seized: boolean;
  undeclaredAmount?: string;
  undeclaredCurrency?: string;
}

export interface CarriedFinding {
  prior: PriorFinding | undefined;
  /** Score to add (0 without a prior finding). */
  bonus: number;
}

/** True when a control found cash beyond the declaration or seized it. */
export function hasFinding(declaration: CurrencyDeclaration): boolean {
  const control = declaration.control;
  return control?.seized === true || (control?.undeclaredAmount ?? 0n) > 0n;
}

/**
 * The person's earlier finding (if any, within carryOverDays), then notes this declaration's own
 * finding for the person's later declarations. Call it first, before any early return.
 */
export function carryFinding(
  state: KeyedState,
  event: DeclarationEvent,
  config: DetectionConfig,
): CarriedFinding {
  const { key, note, settings } = findingOf(event, config);
  const stored = state.get<PriorFinding>(key);
  const prior = stored && stored.declarationId !== event.id ? stored : undefined;
  if (note) state.set(key, note, event.eventTime + settings.carryOverDays * DAY_MS);
  if (!prior || !settings.enabled) return NO_FINDING;
  return { prior, bonus: settings.laterScoreBonus };
}

const NO_FINDING: CarriedFinding = Object.freeze({ prior: undefined, bonus: 0 });

/**
 * What carryFinding needs of a declaration, the same for the nine rules that call it: the note
 * key, CC-UNDECLARED-FOUND's settings, and the declaration's own finding note, if it has one.
 */
const findingOf = perEvent((event: DeclarationEvent, config: DetectionConfig) => {
  const declaration = event.body;
  const settings = ruleSettings(config.rules, 'CC-UNDECLARED-FOUND', declaration.reportingCountry);
  const key = `finding|${declaration.traveller.personKey}`;
  if (!hasFinding(declaration)) return { key, settings, note: undefined };
  const control = declaration.control;
  const note: PriorFinding = {
    declarationId: event.id,
    at: new Date(event.eventTime).toISOString(),
    reportingCountry: declaration.reportingCountry,
    seized: control?.seized === true,
  };
  if (control?.undeclaredAmount !== undefined && control.undeclaredCurrency !== undefined) {
    note.undeclaredAmount = formatDecimal(control.undeclaredAmount);
    note.undeclaredCurrency = control.undeclaredCurrency;
  }
  return { key, settings, note };
});

/**
 * The state key of the declaring person: the person key itself. It is a pseudonym (hex digits), so
 * it never equals the other keys these rules keep (`finding|…`, `route|…`), and no key string is
 * built per declaration (a composite key must be made, flattened and hashed again every time).
 */
export function personStateKey(event: DeclarationEvent): string {
  return event.body.traveller.personKey;
}

/** Evidence and explanation additions for a carried finding. */
export function withFinding(draft: AlertDraft, carried: CarriedFinding): AlertDraft {
  if (!carried.prior) return draft;
  return {
    ...draft,
    explanation: `${draft.explanation.replace(/\.$/, '')}; the same person had undeclared cash found on ${carried.prior.at.slice(0, 10)}.`,
    evidence: {
      ...draft.evidence,
      priorUndeclaredFinding: carried.prior,
      priorFindingScoreBonus: carried.bonus,
    },
  };
}

/** The threshold for the declaration's country and direction, or null (shared per event: read only). */
export const declarationThreshold = perEvent(
  (event: DeclarationEvent, config: DetectionConfig): Threshold | null =>
    thresholdFor(event.body.reportingCountry, config.reference.thresholds, event.body.direction),
);

/**
 * A declaration that stayed under its reporting country's threshold (for its direction), with the
 * threshold and its amount in the threshold's currency; null when no threshold applies or the
 * amount reached it. What the structuring and smurfing rules add up.
 */
export const underThreshold = perEvent(
  (
    event: DeclarationEvent,
    config: DetectionConfig,
  ): { threshold: Threshold; amount: StoredAmount } | null => {
    const threshold = declarationThreshold(event, config);
    if (!threshold) return null;
    const amount = storedAmount(event, threshold, config);
    return isAtOrOverThreshold(BigInt(amount.local), threshold) ? null : { threshold, amount };
  },
);

/** The alert of a rule that judges one declaration on its own: filed against the traveller. */
export function personAlert(
  event: DeclarationEvent,
  score: number,
  details: Omit<
    AlertDraft,
    | 'severity'
    | 'score'
    | 'entityType'
    | 'entityKey'
    | 'eventIds'
    | 'eventTime'
    | 'reportingCountry'
    | 'countries'
  >,
): AlertDraft {
  const declaration = event.body;
  return {
    severity: severityFromScore(score),
    score,
    entityType: 'PERSON',
    entityKey: declaration.traveller.personKey,
    eventIds: [event.id],
    eventTime: event.eventTime,
    reportingCountry: declaration.reportingCountry,
    countries: declarationCountries(declaration),
    ...details,
  };
}
