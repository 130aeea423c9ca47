// CC-VELOCITY: one person crossing with cash N or more times within a window (FATF/MENAFATF
// 2015: frequent trips with cash are a courier's pattern, whatever the amounts). One alert per
// episode: idBasis = person key + the episode's first crossing, revision = crossings in the episode.

import type { AlertDraft } from '../../core/alert.ts';
import { formatDecimal } from '../../core/money.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { addToEpisode } from '../window/episode.ts';
import {
  carryFinding,
  DAY_MS,
  declarationCountries,
  declarationValue,
  personStateKey,
  routeText,
  withFinding,
} from './cc-declaration.ts';
import { clampScore, countriesOf, formatMoney, severityFromScore } from './common.ts';

const ID = 'CC-VELOCITY';

interface Crossing {
  usd: string;
  country: string;
  direction: string;
  route: string;
}

export const velocityRule: Rule<'declaration'> = {
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
    if (totalUsd < settings.minAmountUsd) return [];

    const person = declaration.traveller.personKey;
    const travel = declaration.travel;
    const crossing: Crossing = {
      usd: String(totalUsd),
      country: declaration.reportingCountry,
      direction: declaration.direction,
      route: routeText(travel?.originCountry ?? '?', travel?.destinationCountry ?? '?'),
    };
    const episode = addToEpisode(state, personStateKey(event), event, crossing, settings.windowDays * DAY_MS);
    const entries = episode.entries;
    if (entries.length < settings.minCrossings) return [];

    const sumUsd = entries.reduce((sum, e) => sum + BigInt(e.data.usd), 0n);
    const spanDays = Math.round(((entries.at(-1)!.t - entries[0]!.t) / DAY_MS) * 10) / 10;
    const score = clampScore(
      45 +
        8 * (entries.length - settings.minCrossings) +
        Math.min(20, Number(sumUsd / 5_000_000_000n)) +
        carried.bonus,
    );
    const draft: AlertDraft = {
      severity: severityFromScore(score),
      score,
      entityType: 'PERSON',
      entityKey: person,
      eventIds: entries.map((e) => e.id),
      eventTime: event.eventTime,
      reportingCountry: declaration.reportingCountry,
      countries: countriesOf(...declarationCountries(declaration), ...entries.map((e) => e.data.country)),
      amountUsd: sumUsd,
      explanation:
        `The same person crossed with cash ${entries.length} times in ${spanDays} days ` +
        `(at least ${settings.minCrossings} in ${settings.windowDays} days make an alert), ${formatMoney(sumUsd, 'USD')} in all.`,
      evidence: {
        crossings: entries.map((e) => ({
          declarationId: e.id,
          at: new Date(e.t).toISOString(),
          reportingCountry: e.data.country,
          direction: e.data.direction,
          route: e.data.route,
          amountUsd: formatDecimal(BigInt(e.data.usd)),
        })),
        count: entries.length,
        spanDays,
        totalUsd: formatDecimal(sumUsd),
        windowDays: settings.windowDays,
        minCrossings: settings.minCrossings,
        minAmountUsd: formatDecimal(settings.minAmountUsd),
        episodeStart: episode.startId,
        episodeCrossings: episode.count,
      },
      idBasis: `${person}|${episode.startId}`,
      revision: episode.count,
    };
    return [withFinding(draft, carried)];
  },
};
