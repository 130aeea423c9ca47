// TB-LINE-OF-BUSINESS: a trader declaring goods of an HS chapter it has not traded in its history
// (FATF/Egmont TBML risk indicators 2021: goods inconsistent with the trader's line of business).
// Only traders with at least minHistoryInvoices invoices in the last historyDays are judged.

import type { AlertDraft } from '../../core/alert.ts';
import { formatDecimal, type Micros } from '../../core/money.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { formatMoney } from './common.ts';
import {
  chapterOf,
  declarant,
  invoiceChapters,
  recordTraderHistory,
  traderDraft,
  traderHistory,
  usd,
} from './tb-common.ts';

const ID = 'TB-LINE-OF-BUSINESS';

export const lineOfBusinessRule: Rule<'invoice'> = {
  id: ID,
  version: 1,
  typology: 'TBML',
  kinds: ['invoice'],

  evaluate(event, { config, state }): AlertDraft[] {
    const invoice = event.body;
    const settings = ruleSettings(config.rules, ID, invoice.reportingCountry);
    const trader = declarant(invoice);
    const chapters = invoiceChapters(event);
    // What the history says before this invoice joins it.
    const history = traderHistory(state, event, settings.historyDays);
    const historyInvoices = history.invoices.length;
    const judged = settings.enabled && historyInvoices >= settings.minHistoryInvoices;
    const fresh = judged ? chapters.filter((c) => !history.chapters.includes(c)) : [];
    const known = fresh.length > 0 ? [...history.chapters].sort() : [];
    recordTraderHistory(state, event, history, chapters, settings.historyDays);
    if (fresh.length === 0) return [];
    let value: Micros = 0n;
    for (const line of invoice.lines)
      if (fresh.includes(chapterOf(line.hsCode)) && line.value > 0n) value += line.value;
    const valueUsd = usd(value, event, config);
    if (valueUsd < settings.minValueUsd) return [];
    const score =
      40 +
      Math.min(20, 2 * historyInvoices) +
      Math.min(20, 5 * Math.log10(1 + Number(valueUsd / 1_000_000n) / 1000));
    return [
      traderDraft(event, {
        score,
        amountUsd: valueUsd,
        hsCode: invoice.lines.find((l) => fresh.includes(chapterOf(l.hsCode)))?.hsCode,
        explanation:
          `Trader ${trader.id} declares ${formatMoney(valueUsd, 'USD')} of goods in HS chapter${fresh.length > 1 ? 's' : ''} ` +
          `${fresh.join(', ')}, outside the chapters of its last ${historyInvoices} invoices (${known.join(', ')}) ` +
          `in ${settings.historyDays} days.`,
        evidence: {
          newChapters: fresh,
          knownChapters: known,
          historyInvoices,
          historyDays: settings.historyDays,
          newChapterValueUsd: formatDecimal(valueUsd),
        },
      }),
    ];
  },
};
