// TB-VOLUME-SPIKE: a trader's rolling traded value jumps far above its own baseline, or a trader
// with no history starts with large values (FATF/Egmont TBML risk indicators 2021: sudden growth
// of trade inconsistent with the business; newly formed companies trading large volumes).
// Rolling value: the trader's invoice totals (USD) over recentDays ending on the invoice's day;
// baseline: the baselineDays before that, per recentDays. "No history" counts only when the rule
// has seen invoices since the first day of the look-back (see coversLookBack).

import type { AlertDraft } from '../../core/alert.ts';
import { formatDecimal, type Micros, microsToNumber } from '../../core/money.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { DAY_MS, dayOf } from '../stats/windowed-log-histogram.ts';
import { formatMoney } from './common.ts';
import { coversLookBack, declarant, recordActivity, totalUsd, traderDraft } from './tb-common.ts';

const ID = 'TB-VOLUME-SPIKE';

/**
 * A trader's USD totals per UTC day: `usd[i]` (decimal micro string, to stay JSON) on `days[i]`.
 * Parallel arrays rather than a record keyed by day: pruning deletes no keys.
 */
interface DailyTotals {
  days: number[];
  usd: string[];
}

export const volumeSpikeRule: Rule<'invoice'> = {
  id: ID,
  version: 1,
  typology: 'TBML',
  kinds: ['invoice'],

  evaluate(event, { config, state }): AlertDraft[] {
    const invoice = event.body;
    const settings = ruleSettings(config.rules, ID, invoice.reportingCountry);
    const trader = declarant(invoice);
    const lookBack = settings.recentDays + settings.baselineDays;
    const today = dayOf(event.eventTime);
    const covered = coversLookBack(state, event.eventTime, lookBack);
    recordActivity(state, event.eventTime, lookBack);
    const value = totalUsd(event, config);
    const key = `trader:${trader.id}`;
    // Pruned to the look-back in place (the rule owns it) while adding up recent and baseline.
    const totals = state.get<DailyTotals>(key) ?? { days: [], usd: [] };
    const { days, usd } = totals;
    let recent: Micros = 0n;
    let baseline: Micros = 0n;
    let todayAt = -1;
    let kept = 0;
    for (let i = 0; i < days.length; i++) {
      const day = days[i]!;
      if (day <= today - lookBack) continue;
      if (day > today - settings.recentDays) recent += BigInt(usd[i]!);
      else baseline += BigInt(usd[i]!);
      if (day === today) todayAt = kept;
      days[kept] = day;
      usd[kept++] = usd[i]!;
    }
    days.length = kept;
    usd.length = kept;
    const hadHistory = kept > 0;
    const added = value > 0n ? value : 0n;
    if (todayAt >= 0) usd[todayAt] = String(BigInt(usd[todayAt]!) + added);
    else {
      days.push(today);
      usd.push(String(added));
    }
    state.set(key, totals, (today + lookBack) * DAY_MS);
    if (!settings.enabled || value <= 0n) return [];
    recent += value;

    const baselinePerWindow = (baseline * BigInt(settings.recentDays)) / BigInt(settings.baselineDays);
    const ratio =
      baselinePerWindow > 0n ? microsToNumber(recent) / microsToNumber(baselinePerWindow) : Infinity;
    const spike = baselinePerWindow > 0n && ratio >= settings.spikeRatio && recent >= settings.minValueUsd;
    const newTrader = !hadHistory && covered && value >= settings.newTraderValueUsd;
    if (!spike && !newTrader) return [];
    const money = Math.min(25, 5 * Math.log10(1 + microsToNumber(recent) / 10_000));
    const score = spike
      ? 40 + Math.min(25, 10 * Math.log2(ratio / settings.spikeRatio + 1)) + money
      : 45 + money;
    return [
      traderDraft(event, {
        score,
        amountUsd: recent,
        explanation: spike
          ? `Trader ${trader.id} declared ${formatMoney(recent, 'USD')} in ${settings.recentDays} days, ` +
            `${ratio.toFixed(1)} times its baseline of ${formatMoney(baselinePerWindow, 'USD')} per ${settings.recentDays} days.`
          : `Trader ${trader.id}, with no invoice in the previous ${lookBack} days, starts with ${formatMoney(value, 'USD')}.`,
        evidence: {
          pattern: spike ? 'SPIKE' : 'NEW_TRADER',
          recentUsd: formatDecimal(recent),
          recentDays: settings.recentDays,
          baselineUsd: formatDecimal(baseline),
          baselineDays: settings.baselineDays,
          baselinePerRecentWindowUsd: formatDecimal(baselinePerWindow),
          ...(spike ? { ratio: Math.round(ratio * 100) / 100, spikeRatio: settings.spikeRatio } : {}),
          invoiceUsd: formatDecimal(value),
          ...(spike
            ? { minValueUsd: formatDecimal(settings.minValueUsd) }
            : { newTraderValueUsd: formatDecimal(settings.newTraderValueUsd) }),
        },
      }),
    ];
  },
};
