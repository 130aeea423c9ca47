// CC-AMOUNT-ANOMALY: a declared total far above the person's own history or the route's usual
// range. Robust statistics on ln(USD total): median and MAD of the earlier declarations of the
// person (and, separately, of the route origin → destination), robust z = 0.6745 × (x − median) /
// MAD, with the MAD floored. Too little history, no judgement: the rule stays quiet. Only the
// high side alerts (a courier carrying far more than usual); the history is kept in event time
// (historyDays, keep it within engine.stateRetentionMs so a restart rebuilds the same history).

import type { AlertDraft } from '../../core/alert.ts';
import { formatDecimal } from '../../core/money.ts';
import type { KeyedState, Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { type RobustSummary, robustSummaryOfSorted, robustZ } from '../stats/robust.ts';
import {
  carryFinding,
  DAY_MS,
  declarationCountries,
  declarationValue,
  personStateKey,
  routeText,
  withFinding,
} from './cc-declaration.ts';
import { clampScore, formatMoney, severityFromScore } from './common.ts';

const ID = 'CC-AMOUNT-ANOMALY';

/**
 * The earlier declarations of a person or route, in arrival order: ids, event times and ln of the
 * USD totals, as parallel arrays, plus the same values kept sorted so that the median and MAD need
 * no sort per declaration.
 */
interface History {
  ids: string[];
  /** idHash of each id: the redelivery check compares numbers, not (scattered) strings. */
  idHashes: number[];
  times: number[];
  values: number[];
  sorted: number[];
}

/** A 32-bit FNV-1a hash of an event id. */
function idHash(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return hash | 0;
}

/**
 * The key's declarations within the history window, the event's own (a redelivery) left out; null
 * when it holds none. Pruned in place: the rule owns the history, and `remember` sets it back.
 */
function pastHistory(
  state: KeyedState,
  key: string,
  t: number,
  historyMs: number,
  id: string,
  hash: number,
): History | null {
  const held = state.get<History>(key);
  if (!held) return null;
  const { ids, idHashes, times, values, sorted } = held;
  let kept = 0;
  for (let i = 0; i < ids.length; i++) {
    if (times[i]! < t - historyMs || (idHashes[i] === hash && ids[i] === id)) {
      removeSorted(sorted, values[i]!);
      continue;
    }
    if (kept !== i) {
      ids[kept] = ids[i]!;
      idHashes[kept] = idHashes[i]!;
      times[kept] = times[i]!;
      values[kept] = values[i]!;
    }
    kept++;
  }
  ids.length = kept;
  idHashes.length = kept;
  times.length = kept;
  values.length = kept;
  return held;
}

/** Appends the declaration to the pruned history (or starts one), keeping the latest `max`. */
function remember(
  state: KeyedState,
  key: string,
  history: History | null,
  id: string,
  hash: number,
  t: number,
  value: number,
  max: number,
  historyMs: number,
): void {
  if (history === null) {
    // Array literals: a first push would reserve room for seventeen values in each array.
    const first = { ids: [id], idHashes: [hash], times: [t], values: [value], sorted: [value] };
    state.set(key, first, t + historyMs);
    return;
  }
  history.ids.push(id);
  history.idHashes.push(hash);
  history.times.push(t);
  history.values.push(value);
  insertSorted(history.sorted, value);
  // The oldest go (usually one: shift, unlike splice, allocates nothing).
  while (history.ids.length > max) {
    removeSorted(history.sorted, history.values[0]!);
    history.ids.shift();
    history.idHashes.shift();
    history.times.shift();
    history.values.shift();
  }
  state.set(key, history, t + historyMs);
}

/** The first index whose value is not below `value` (binary search). */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

function insertSorted(sorted: number[], value: number): void {
  sorted.splice(lowerBound(sorted, value), 0, value);
}

function removeSorted(sorted: number[], value: number): void {
  sorted.splice(lowerBound(sorted, value), 1);
}

/** The robust summary of a history with at least `min` declarations, else null. */
function summarise(history: History | null, min: number, madFloor: number): RobustSummary | null {
  return history === null || history.sorted.length < min
    ? null
    : robustSummaryOfSorted(history.sorted, madFloor);
}

// The route's state key, made once per route (a key string reused is hashed once by the map).
const routeKeys = new Map<string, string>();

/** "origin-destination" and its state key. */
function routeOf(origin: string, destination: string): { route: string; routeKey: string } {
  const route = routeText(origin, destination);
  let routeKey = routeKeys.get(route);
  if (routeKey === undefined) {
    if (routeKeys.size > 10_000) routeKeys.clear();
    routeKey = `route|${route}`;
    routeKeys.set(route, routeKey);
  }
  return { route, routeKey };
}

const round = (x: number, places = 3) => Math.round(x * 10 ** places) / 10 ** places;

export const amountAnomalyRule: Rule<'declaration'> = {
  id: ID,
  version: 1,
  typology: 'CASH_COURIER',
  kinds: ['declaration'],

  evaluate(event, { config, state }): AlertDraft[] {
    const declaration = event.body;
    const carried = carryFinding(state, event, config);
    const settings = ruleSettings(config.rules, ID, declaration.reportingCountry);
    if (!settings.enabled) return [];
    const { totalUsd } = declarationValue(event, config);
    if (totalUsd <= 0n) return [];
    const t = event.eventTime;
    const historyMs = settings.historyDays * DAY_MS;
    const x = Math.log(Number(totalUsd) / 1e6);
    const person = declaration.traveller.personKey;
    const travel = declaration.travel;
    const { route, routeKey } =
      travel?.originCountry && travel.destinationCountry
        ? routeOf(travel.originCountry, travel.destinationCountry)
        : { route: undefined, routeKey: undefined };

    const personKey = personStateKey(event);
    const hash = idHash(event.id);
    const personPast = pastHistory(state, personKey, t, historyMs, event.id, hash);
    const routePast =
      routeKey === undefined ? null : pastHistory(state, routeKey, t, historyMs, event.id, hash);
    // Judged against the histories before this declaration joins them (remember appends in place).
    const judging = totalUsd >= settings.minAmountUsd;
    const personHistory = judging
      ? summarise(personPast, settings.minPersonHistory, settings.madFloor)
      : null;
    const routeHistory =
      judging && routeKey !== undefined
        ? summarise(routePast, settings.minRouteHistory, settings.madFloor)
        : null;
    remember(state, personKey, personPast, event.id, hash, t, x, settings.maxHistory, historyMs);
    if (routeKey !== undefined)
      remember(state, routeKey, routePast, event.id, hash, t, x, settings.maxHistory, historyMs);

    if (!judging) return [];
    const findings: Record<string, unknown>[] = [];
    let worstZ = 0;
    const judge = (
      basis: 'PERSON_HISTORY' | 'ROUTE_HISTORY',
      summary: RobustSummary | null,
      key?: string,
    ) => {
      if (summary === null) return;
      const z = robustZ(x, summary);
      if (z < settings.zThreshold) return;
      worstZ = Math.max(worstZ, z);
      findings.push({
        basis,
        ...(key === undefined ? {} : { route: key }),
        historyCount: summary.count,
        medianUsd: formatDecimal(BigInt(Math.round(Math.exp(summary.median) * 100)) * 10_000n),
        madLn: round(summary.mad, 4),
        madUsedLn: round(summary.madUsed, 4),
        robustZ: round(z, 2),
        timesMedian: round(Math.exp(x - summary.median), 1),
        usualRangeUsd: {
          low: formatDecimal(
            BigInt(
              Math.round(Math.exp(summary.median - (settings.zThreshold * summary.madUsed) / 0.6745) * 100),
            ) * 10_000n,
          ),
          high: formatDecimal(
            BigInt(
              Math.round(Math.exp(summary.median + (settings.zThreshold * summary.madUsed) / 0.6745) * 100),
            ) * 10_000n,
          ),
        },
      });
    };
    judge('PERSON_HISTORY', personHistory);
    if (route !== undefined) judge('ROUTE_HISTORY', routeHistory, route);
    if (findings.length === 0) return [];

    const score = clampScore(
      45 + Math.min(30, 5 * (worstZ - settings.zThreshold)) + 10 * (findings.length - 1) + carried.bonus,
    );
    const first = findings[0]!;
    const draft: AlertDraft = {
      severity: severityFromScore(score),
      score,
      entityType: 'PERSON',
      entityKey: person,
      eventIds: [event.id],
      eventTime: t,
      reportingCountry: declaration.reportingCountry,
      countries: declarationCountries(declaration),
      amountUsd: totalUsd,
      explanation:
        `Declared ${formatMoney(totalUsd, 'USD')} is ${first.timesMedian} times the median of ` +
        `${first.basis === 'PERSON_HISTORY' ? "the person's" : `route ${String(first.route)}'s`} ${first.historyCount} earlier ` +
        `declarations in ${settings.historyDays} days (robust z ${first.robustZ}, threshold ${settings.zThreshold}).`,
      evidence: {
        totalUsd: formatDecimal(totalUsd),
        lnTotalUsd: round(x, 4),
        findings,
        zThreshold: settings.zThreshold,
        historyDays: settings.historyDays,
        minPersonHistory: settings.minPersonHistory,
        minRouteHistory: settings.minRouteHistory,
      },
    };
    return [withFinding(draft, carried)];
  },
};
