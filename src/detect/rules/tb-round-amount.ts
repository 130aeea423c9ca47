// TB-ROUND-AMOUNT: a large invoice total that is a round number, on few lines (FATF/Egmont TBML
// risk indicators 2021: round amounts suggest a payment being justified rather than goods priced).

import type { AlertDraft } from '../../core/alert.ts';
import { formatDecimal } from '../../core/money.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { formatMoney } from './common.ts';
import { totalUsd, traderDraft } from './tb-common.ts';

const ID = 'TB-ROUND-AMOUNT';

export const roundAmountRule: Rule<'invoice'> = {
  id: ID,
  version: 1,
  typology: 'TBML',
  kinds: ['invoice'],

  evaluate(event, { config }): AlertDraft[] {
    const invoice = event.body;
    const settings = ruleSettings(config.rules, ID, invoice.reportingCountry);
    const unit = settings.roundUnit;
    if (!settings.enabled || unit <= 0n || invoice.totalValue <= 0n) return [];
    if (invoice.lines.length > settings.maxLines || invoice.totalValue % unit !== 0n) return [];
    const usd = totalUsd(event, config);
    if (usd < settings.minValueUsd) return [];
    // Rounder is worse: count the further factors of ten the total is a multiple of.
    let roundness = 0;
    for (let step = unit * 10n; roundness < 3 && invoice.totalValue % step === 0n; step *= 10n) roundness++;
    const score =
      35 +
      8 * roundness +
      (invoice.lines.length === 1 ? 5 : 0) +
      Math.min(10, 2.5 * Math.log10(1 + Number(usd / 1_000_000n) / 1000));
    return [
      traderDraft(event, {
        score,
        amountUsd: usd,
        explanation:
          `Invoice ${invoice.invoiceNumber} totals a round ${formatMoney(invoice.totalValue, invoice.currency)} ` +
          `on ${invoice.lines.length} line${invoice.lines.length > 1 ? 's' : ''}.`,
        evidence: {
          totalValue: formatDecimal(invoice.totalValue),
          currency: invoice.currency,
          totalUsd: formatDecimal(usd),
          roundUnit: formatDecimal(unit),
          lines: invoice.lines.length,
          maxLines: settings.maxLines,
        },
      }),
    ];
  },
};
