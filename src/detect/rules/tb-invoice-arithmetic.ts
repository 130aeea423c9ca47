// TB-INVOICE-ARITHMETIC: an invoice whose total is not the sum of its lines beyond rounding, or
// with a zero or negative quantity or value (FATF/Egmont TBML risk indicators 2021: inconsistent
// or falsified documents). Validation accepts such invoices on purpose so that this rule sees them.

import type { AlertDraft } from '../../core/alert.ts';
import { formatDecimal, type Micros, microsToNumber, multiplyMicros } from '../../core/money.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { formatMoney, maxMicros, ratioMicros } from './common.ts';
import { traderDraft, usd } from './tb-common.ts';

const ID = 'TB-INVOICE-ARITHMETIC';

const abs = (x: Micros): Micros => (x < 0n ? -x : x);

export const invoiceArithmeticRule: Rule<'invoice'> = {
  id: ID,
  version: 1,
  typology: 'TBML',
  kinds: ['invoice'],

  evaluate(event, { config }): AlertDraft[] {
    const invoice = event.body;
    const settings = ruleSettings(config.rules, ID, invoice.reportingCountry);
    if (!settings.enabled) return [];
    const sum = invoice.lines.reduce((total, line) => total + line.value, 0n);
    const difference = invoice.totalValue - sum;
    const tolerance = maxMicros(
      settings.tolerance,
      multiplyMicros(abs(sum), ratioMicros(settings.toleranceRatio)),
    );
    const mismatch = abs(difference) > tolerance;
    const badLines = invoice.lines.flatMap((line, index) =>
      line.quantity <= 0n || line.value <= 0n
        ? [{ lineIndex: index, quantity: formatDecimal(line.quantity, 6), value: formatDecimal(line.value) }]
        : [],
    );
    if (!mismatch && badLines.length === 0) return [];
    const differenceUsd = abs(usd(difference, event, config));
    const share = sum === 0n ? 1 : Math.min(1, microsToNumber(abs(difference)) / microsToNumber(abs(sum)));
    const score =
      (mismatch
        ? 40 + 20 * share + Math.min(20, 5 * Math.log10(1 + microsToNumber(differenceUsd) / 1000))
        : 0) + (badLines.length > 0 ? (mismatch ? 15 : 50) : 0);
    const problems = [
      ...(mismatch
        ? [
            `the total ${formatMoney(invoice.totalValue, invoice.currency)} differs from the sum of its lines ` +
              `${formatMoney(sum, invoice.currency)} by ${formatMoney(abs(difference), invoice.currency)}`,
          ]
        : []),
      ...(badLines.length > 0
        ? [
            `line${badLines.length > 1 ? 's' : ''} ${badLines.map((l) => l.lineIndex + 1).join(', ')} ha${badLines.length > 1 ? 've' : 's'} a zero or negative quantity or value`,
          ]
        : []),
    ];
    return [
      traderDraft(event, {
        score,
        ...(mismatch ? { amountUsd: differenceUsd } : {}),
        explanation: `Invoice ${invoice.invoiceNumber}: ${problems.join('; ')}.`,
        evidence: {
          totalValue: formatDecimal(invoice.totalValue),
          sumOfLines: formatDecimal(sum),
          difference: formatDecimal(difference),
          currency: invoice.currency,
          differenceUsd: formatDecimal(differenceUsd),
          tolerance: formatDecimal(tolerance),
          totalMismatch: mismatch,
          nonPositiveLines: badLines,
        },
      }),
    ];
  },
};
