// CC-THRESHOLD-PROXIMITY: a declared total just under the reporting country's declaration
// threshold (FATF 2015 "Money laundering through the physical transportation of cash": amounts
// kept just below the threshold). The band is [lowerRatio × threshold, threshold) where the law
// says "or more" (AT_OR_ABOVE, EU: EUR 10,000 had to be declared, so it is not "under") and
// [lowerRatio × threshold, threshold] where it says "more than" (ABOVE, US: USD 10,000 is still
// under the duty). The total is compared in the threshold's currency; items in other currencies
// go through USD at the event date's rate, items already in it stay exact.

import type { AlertDraft } from '../../core/alert.ts';
import { formatDecimal, type Micros } from '../../core/money.ts';
import { convert, fxRateFor, toUsd } from '../../reference/fx.ts';
import { isAtOrOverThreshold } from '../../reference/thresholds.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { declarationThreshold } from './cc-declaration.ts';
import { clampScore, countriesOf, formatMoney, ratioMicros, severityFromScore } from './common.ts';

const ID = 'CC-THRESHOLD-PROXIMITY';
const MICROS = 1_000_000n;

export const thresholdProximityRule: Rule<'declaration'> = {
  id: ID,
  version: 1,
  typology: 'CASH_COURIER',
  kinds: ['declaration'],

  evaluate(event, { config }): AlertDraft[] {
    const declaration = event.body;
    const settings = ruleSettings(config.rules, ID, declaration.reportingCountry);
    if (!settings.enabled) return [];
    const threshold = declarationThreshold(event, config);
    if (!threshold) return [];

    const fx = config.reference.fxRates;
    const at = event.eventTime;
    let total = 0n;
    let totalUsd = 0n;
    for (const item of declaration.items) {
      total += convert(item.amount, item.currency, threshold.currency, at, fx);
      totalUsd += toUsd(item.amount, item.currency, at, fx);
    }

    // total ≥ lowerRatio × threshold, compared exactly: total × 10⁶ ≥ threshold × ratio in micros.
    const lowerRatio = ratioMicros(settings.lowerRatio);
    if (total * MICROS < threshold.amount * lowerRatio) return [];
    if (isAtOrOverThreshold(total, threshold)) return [];

    // In the band: the details the alert shows (most declarations never get here).
    const byKind: Record<string, Micros> = {};
    const currencies = new Set<string>([threshold.currency]);
    for (const item of declaration.items) {
      byKind[item.kind] =
        (byKind[item.kind] ?? 0n) + convert(item.amount, item.currency, threshold.currency, at, fx);
      currencies.add(item.currency);
    }

    const ratioPpm = Number((total * MICROS) / threshold.amount);
    const ratio = Math.round(ratioPpm / 100) / 10_000;
    const closeness = Math.min(
      1,
      Math.max(0, (ratioPpm / 1e6 - settings.lowerRatio) / (1 - settings.lowerRatio)),
    );
    const score = clampScore(30 + 55 * closeness);

    // Every currency but USD took a rate: the items' (to USD) and the threshold's (total in USD, or from USD).
    const fxRates: Record<string, { from: string; rate: string }> = {};
    for (const currency of [...currencies].sort()) {
      if (currency === 'USD') continue;
      const rate = fxRateFor(currency, at, fx);
      fxRates[currency] = { from: rate.from, rate: rate.rate };
    }

    const rule =
      threshold.boundary === 'AT_OR_ABOVE'
        ? `declaration required at ${formatMoney(threshold.amount, threshold.currency)} or more`
        : `declaration required above ${formatMoney(threshold.amount, threshold.currency)}`;
    return [
      {
        severity: severityFromScore(score),
        score,
        entityType: 'PERSON',
        entityKey: declaration.traveller.personKey,
        eventIds: [event.id],
        eventTime: at,
        reportingCountry: declaration.reportingCountry,
        countries: countriesOf(
          declaration.reportingCountry,
          declaration.travel?.originCountry,
          declaration.travel?.destinationCountry,
        ),
        amountUsd: totalUsd,
        explanation:
          `Declared total of ${formatMoney(total, threshold.currency)} is ${(ratio * 100).toFixed(1)}% of the ` +
          `${declaration.reportingCountry} threshold (${rule}).`,
        evidence: {
          total: formatDecimal(total),
          totalUsd: formatDecimal(totalUsd),
          currency: threshold.currency,
          threshold: formatDecimal(threshold.amount),
          boundary: threshold.boundary,
          thresholdBasis: threshold.basis,
          ...(threshold.group === undefined ? {} : { thresholdGroup: threshold.group }),
          lowerRatio: settings.lowerRatio,
          lowerBound: formatDecimal((threshold.amount * lowerRatio) / MICROS),
          ratio,
          direction: declaration.direction,
          itemsByKind: Object.fromEntries(
            Object.entries(byKind).map(([kind, amount]) => [kind, formatDecimal(amount)]),
          ),
          fxRates,
        },
      },
    ];
  },
};
