// TB-MULTIPLE-INVOICING: the same invoice presented more than once (FATF/Egmont TBML risk
// indicators 2021: one shipment paid several times, or proceeds justified twice). Two records of
// the same flow match when they carry the same invoice number from the same seller (exporter id),
// or the same goods, value and parties (exporter, importer, currency, total and every line's HS
// code, unit, quantity and value), within the window, in any reporting country. An export and an
// import of one shipment are its two sides, not a duplicate (TB-MIRROR-MISMATCH compares those).
// One alert per pattern (first record's id in the basis), whose revision rises with each repeat.

import type { AlertDraft } from '../../core/alert.ts';
import type { TradeInvoice } from '../../core/events.ts';
import { formatDecimal } from '../../core/money.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { DAY_MS } from '../stats/windowed-log-histogram.ts';
import { formatMoney } from './common.ts';
import { appendRecord, totalUsd, traderDraft } from './tb-common.ts';

const ID = 'TB-MULTIPLE-INVOICING';

interface Seen {
  id: string;
  time: number;
  reportingCountry: string;
  totalUsd: string;
}

/** Goods, value and parties: what makes two invoices the same deal whatever their numbers. */
export function invoiceFingerprint(invoice: TradeInvoice): string {
  const lines = invoice.lines
    .map((l) => `${l.hsCode}:${l.unit}:${l.quantity}:${l.value}`)
    .sort()
    .join(',');
  return `${invoice.exporter.id}|${invoice.importer.id}|${invoice.currency}|${invoice.totalValue}|${lines}`;
}

export const multipleInvoicingRule: Rule<'invoice'> = {
  id: ID,
  version: 1,
  typology: 'TBML',
  kinds: ['invoice'],

  evaluate(event, { config, state }): AlertDraft[] {
    const invoice = event.body;
    const settings = ruleSettings(config.rules, ID, invoice.reportingCountry);
    const since = event.eventTime - settings.windowDays * DAY_MS;
    const usd = totalUsd(event, config);
    const self: Seen = {
      id: event.id,
      time: event.eventTime,
      reportingCountry: invoice.reportingCountry,
      totalUsd: usd.toString(),
    };
    const keys = [
      {
        match: 'SAME_NUMBER' as const,
        key: `number:${invoice.flow}|${invoice.exporter.id}|${invoice.invoiceNumber}`,
      },
      { match: 'SAME_CONTENT' as const, key: `content:${invoice.flow}|${invoiceFingerprint(invoice)}` },
    ];
    let fired: AlertDraft | undefined;
    for (const { match, key } of keys) {
      const all = appendRecord(state, key, self, since, event.eventTime + settings.windowDays * DAY_MS);
      const earlier = all.length - 1; // records before this one
      if (fired || earlier === 0 || !settings.enabled || usd < settings.minValueUsd) continue;
      const first = all[0]!;
      const countries = [...new Set(all.map((s) => s.reportingCountry))].sort();
      const total = all.reduce((sum, s) => sum + BigInt(s.totalUsd), 0n);
      const score =
        50 + Math.min(20, 10 * earlier) + (countries.length > 1 ? 15 : 0) + (match === 'SAME_NUMBER' ? 5 : 0);
      fired = traderDraft(event, {
        score,
        eventIds: all.map((s) => s.id),
        amountUsd: usd,
        explanation:
          `${match === 'SAME_NUMBER' ? `Invoice number ${invoice.invoiceNumber} from seller ${invoice.exporter.id}` : 'An invoice with the same goods, value and parties'} ` +
          `was presented ${all.length} times within ${settings.windowDays} days (${invoice.flow.toLowerCase()}s reported by ` +
          `${countries.join(', ')}), together ${formatMoney(total, 'USD')}.`,
        evidence: {
          match,
          invoiceNumber: invoice.invoiceNumber,
          sellerId: invoice.exporter.id,
          buyerId: invoice.importer.id,
          flow: invoice.flow,
          records: all.map((s) => ({
            invoiceId: s.id,
            reportingCountry: s.reportingCountry,
            at: new Date(s.time).toISOString(),
          })),
          reportingCountries: countries,
          totalUsd: formatDecimal(usd),
          combinedUsd: formatDecimal(total),
          windowDays: settings.windowDays,
        },
        idBasis: `${match}:${first.id}`,
        revision: earlier,
      });
    }
    return fired ? [fired] : [];
  },
};
