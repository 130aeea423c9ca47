// CC-AMOUNT-ANOMALY: a declared total far above the person's own history or the route's usual
// range. Robust statistics on ln(USD total): median and MAD of the earlier declarations of the
// person (and, separately, of the route origin → destination), robust z = 0.6745 × (x − median) /
// MAD, with the MAD floored. Too little history, no judgement: the rule stays quiet. Only the
// high side alerts (a courier carrying far more than usual); the history is kept in event time
// (historyDays, keep it within engine.stateRetentionMs so a restart rebuilds the same history).
import type { AlertDraft } from '../../alert/alert.ts';
import { ruleSettings } from '../../config/rules.ts';
import { formatDecimal } from '../../domain/money.ts';
import type { KeyedState, Rule } from '../rule.ts';
import { robustSummary, robustZ } from '../stats/robust.ts';
import {
  carryFinding,
  DAY_MS,
  declarationCountries,
  declarationValue,
  withFinding,
} from './cc-declaration.ts';
import { clampScore, formatMoney, severityFromScore } from './common.ts';

const ID = 'CC-AMOUNT-ANOMALY';

interface Observation {
  id: string;
  t: number;
  /** ln of the USD total */
  v: number;
}

function history(state: KeyedState, key: string, t: number, historyMs: number): Observation[] {
  return (state.get<Observation[]>(key) ?? []).filter((o) => o.t >= t - historyMs);
}

function remember(
  state: KeyedState,
  key: string,
  past: Observation[],
  next: Observation,
  max: number,
  historyMs: number,
): void {
  if (past.some((o) => o.id === next.id)) return;
  const kept = [...past, next].slice(-max);
  state.set(key, kept, next.t + historyMs);
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
    const route =
      travel?.originCountry && travel.destinationCountry
        ? `${travel.originCountry}-${travel.destinationCountry}`
        : undefined;

    const personKey = `person|${person}`;
    const routeKey = route === undefined ? undefined : `route|${route}`;
    const personPast = history(state, personKey, t, historyMs).filter((o) => o.id !== event.id);
    const routePast =
      routeKey === undefined ? [] : history(state, routeKey, t, historyMs).filter((o) => o.id !== event.id);
    const observation = { id: event.id, t, v: x };
    remember(state, personKey, personPast, observation, settings.maxHistory, historyMs);
    if (routeKey !== undefined)
      remember(state, routeKey, routePast, observation, settings.maxHistory, historyMs);

    if (!settings.enabled || totalUsd < settings.minAmountUsd) return [];
    const findings: Record<string, unknown>[] = [];
    let worstZ = 0;
    const judge = (
      basis: 'PERSON_HISTORY' | 'ROUTE_HISTORY',
      past: Observation[],
      min: number,
      key?: string,
    ) => {
      if (past.length < min) return;
      const summary = robustSummary(
        past.map((o) => o.v),
        settings.madFloor,
      );
      const z = robustZ(x, summary);
      if (z < settings.zThreshold) return;
      worstZ = Math.max(worstZ, z);
      findings.push({
        basis,
        ...(key === undefined ? {} : { route: key }),
        historyCount: past.length,
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
    judge('PERSON_HISTORY', personPast, settings.minPersonHistory);
    if (route !== undefined) judge('ROUTE_HISTORY', routePast, settings.minRouteHistory, route);
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
