// CC-STRUCTURING-PERSON: one person, several declarations within a window, each under the
// reporting country's threshold, together at or over it (FATF/MENAFATF 2015: structuring of cash
// movements). One alert per episode (src/detect/window/episode.ts): idBasis = person key + the
// episode's first under-threshold declaration, revision = the under-threshold declarations the
// episode took in; the alert lists those still in the window.

import type { AlertDraft } from '../../core/alert.ts';
import { formatDecimal } from '../../core/money.ts';
import { isAtOrOverThreshold } from '../../reference/thresholds.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { addToEpisode } from '../window/episode.ts';
import {
  carryFinding,
  DAY_MS,
  declarationCountries,
  personStateKey,
  type StoredAmount,
  sumIn,
  underThreshold,
  withFinding,
} from './cc-declaration.ts';
import { clampScore, formatMoney, severityFromScore } from './common.ts';

const ID = 'CC-STRUCTURING-PERSON';

export const structuringPersonRule: Rule<'declaration'> = {
  id: ID,
  version: 1,
  typology: 'CASH_COURIER',
  kinds: ['declaration'],

  evaluate(event, { config, state }): AlertDraft[] {
    const declaration = event.body;
    const carried = carryFinding(state, event, config);
    const settings = ruleSettings(config.rules, ID, declaration.reportingCountry);
    if (!settings.enabled) return [];
    const under = underThreshold(event, config);
    if (!under) return [];
    const { threshold, amount } = under;

    const person = declaration.traveller.personKey;
    const windowMs = settings.windowDays * DAY_MS;
    const episode = addToEpisode<StoredAmount>(state, personStateKey(event), event, amount, windowMs);
    const entries = episode.entries;
    if (entries.length < settings.minDeclarations) return [];
    const total = sumIn(
      entries.map((e) => e.data),
      threshold.currency,
      event.eventTime,
      config,
    );
    if (!isAtOrOverThreshold(total, threshold)) return [];

    const totalUsd = entries.reduce((sum, e) => sum + BigInt(e.data.usd), 0n);
    const ratio = Number((total * 1000n) / threshold.amount) / 1000;
    const score = clampScore(
      55 +
        Math.min(20, 7 * (entries.length - settings.minDeclarations)) +
        Math.min(15, 15 * (ratio - 1)) +
        carried.bonus,
    );
    const first = entries[0]!;
    const draft: AlertDraft = {
      severity: severityFromScore(score),
      score,
      entityType: 'PERSON',
      entityKey: person,
      eventIds: entries.map((e) => e.id),
      eventTime: event.eventTime,
      reportingCountry: declaration.reportingCountry,
      countries: declarationCountries(declaration),
      amountUsd: totalUsd,
      explanation:
        `${entries.length} declarations by the same person within ${settings.windowDays} days, each under the ` +
        `${declaration.reportingCountry} threshold of ${formatMoney(threshold.amount, threshold.currency)}, ` +
        `together ${formatMoney(total, threshold.currency)}.`,
      evidence: {
        declarations: entries.map((e) => ({
          declarationId: e.id,
          at: new Date(e.t).toISOString(),
          amount: formatDecimal(BigInt(e.data.local)),
          currency: e.data.currency,
          amountUsd: formatDecimal(BigInt(e.data.usd)),
        })),
        total: formatDecimal(total),
        totalUsd: formatDecimal(totalUsd),
        currency: threshold.currency,
        threshold: formatDecimal(threshold.amount),
        boundary: threshold.boundary,
        ratio,
        windowDays: settings.windowDays,
        windowStart: new Date(first.t).toISOString(),
        minDeclarations: settings.minDeclarations,
        episodeStart: episode.startId,
        episodeDeclarations: episode.count,
      },
      idBasis: `${person}|${episode.startId}`,
      revision: episode.count,
    };
    return [withFinding(draft, carried)];
  },
};
