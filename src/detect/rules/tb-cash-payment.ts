// TB-CASH-PAYMENT: trade paid in cash for more than the threshold (FATF/Egmont TBML risk
// indicators 2021: cash payments for goods, unusual in international trade). Boundary: a total of
// exactly the threshold does not fire ("more than").

import type { AlertDraft } from '../../core/alert.ts';
import { formatDecimal, microsToNumber } from '../../core/money.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { formatMoney } from './common.ts';
import { totalUsd, traderDraft } from './tb-common.ts';

const ID = 'TB-CASH-PAYMENT';

export const cashPaymentRule: Rule<'invoice'> = {
  id: ID,
  version: 1,
  typology: 'TBML',
  kinds: ['invoice'],

  evaluate(event, { config }): AlertDraft[] {
    const invoice = event.body;
    const settings = ruleSettings(config.rules, ID, invoice.reportingCountry);
    if (!settings.enabled || invoice.payment?.method !== 'CASH') return [];
    const usd = totalUsd(event, config);
    if (usd <= settings.thresholdUsd) return [];
    const multiple = microsToNumber(usd) / microsToNumber(settings.thresholdUsd);
    const score = 50 + Math.min(40, 15 * Math.log2(multiple));
    return [
      traderDraft(event, {
        score,
        amountUsd: usd,
        explanation:
          `Invoice ${invoice.invoiceNumber} for ${formatMoney(invoice.totalValue, invoice.currency)} ` +
          `(${formatMoney(usd, 'USD')}) is paid in cash, above the ${formatMoney(settings.thresholdUsd, 'USD')} threshold.`,
        evidence: {
          paymentMethod: 'CASH',
          totalValue: formatDecimal(invoice.totalValue),
          currency: invoice.currency,
          totalUsd: formatDecimal(usd),
          thresholdUsd: formatDecimal(settings.thresholdUsd),
        },
      }),
    ];
  },
};
