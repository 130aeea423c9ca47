// TB-MIRROR-MISMATCH: the export record and the import record of the same shipment disagree on
// value or quantity beyond what freight and insurance explain (FATF/Egmont TBML risk indicators
// 2021; mirror-trade analysis). Records pair up by transport document (bill of lading, air waybill)
// or by the seller's invoice number, one EXPORT and one IMPORT, within the window, whichever
// arrives first. The import value (often CIF) may exceed the export value (often FOB) by cifMargin
// and fall short by lowerMargin; quantities per HS6 code and unit may differ by quantityTolerance.

import type { AlertDraft } from '../../core/alert.ts';
import type { TradeInvoice } from '../../core/events.ts';
import { formatDecimal, type Micros, microsToNumber, multiplyMicros } from '../../core/money.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { DAY_MS } from '../stats/windowed-log-histogram.ts';
import { formatMoney, ratioMicros } from './common.ts';
import { appendRecord, totalUsd, traderDraft } from './tb-common.ts';
import { normaliseUnit } from './tb-unit-price.ts';

const ID = 'TB-MIRROR-MISMATCH';

interface MirrorRecord {
  id: string;
  flow: 'IMPORT' | 'EXPORT';
  reportingCountry: string;
  time: number;
  totalUsd: string;
  /** HS6/unit → quantity (micro string). */
  quantities: Record<string, string>;
}

function quantitiesOf(invoice: TradeInvoice): Record<string, string> {
  const sums = new Map<string, bigint>();
  for (const line of invoice.lines) {
    const { unit, quantity } = normaliseUnit(line.unit, line.quantity);
    const key = `${line.hsCode.slice(0, 6)}/${unit}`;
    sums.set(key, (sums.get(key) ?? 0n) + quantity);
  }
  const out: Record<string, string> = {};
  for (const [key, sum] of sums) out[key] = sum.toString();
  return out;
}

function relativeGap(a: bigint, b: bigint): number {
  const big = a > b ? a : b;
  if (big <= 0n) return a === b ? 0 : 1;
  return Math.abs(microsToNumber(a - b)) / microsToNumber(big);
}

export const mirrorMismatchRule: Rule<'invoice'> = {
  id: ID,
  version: 1,
  typology: 'TBML',
  kinds: ['invoice'],

  evaluate(event, { config, state }): AlertDraft[] {
    const invoice = event.body;
    const settings = ruleSettings(config.rules, ID, invoice.reportingCountry);
    const since = event.eventTime - settings.windowDays * DAY_MS;
    const self: MirrorRecord = {
      id: event.id,
      flow: invoice.flow,
      reportingCountry: invoice.reportingCountry,
      time: event.eventTime,
      totalUsd: totalUsd(event, config).toString(),
      quantities: quantitiesOf(invoice),
    };
    const keys = [
      ...(invoice.transportDocument === undefined
        ? []
        : [{ by: 'TRANSPORT_DOCUMENT', key: `doc:${invoice.transportDocument}` }]),
      { by: 'INVOICE_NUMBER', key: `inv:${invoice.exporter.id}|${invoice.invoiceNumber}` },
    ];
    const mirrors = new Map<string, { record: MirrorRecord; by: string }>();
    for (const { by, key } of keys) {
      const all = appendRecord(state, key, self, since, event.eventTime + settings.windowDays * DAY_MS);
      for (let i = 0; i < all.length - 1; i++) {
        const record = all[i]!;
        if (record.flow !== invoice.flow && !mirrors.has(record.id)) mirrors.set(record.id, { record, by });
      }
    }
    if (!settings.enabled) return [];
    const drafts: AlertDraft[] = [];
    for (const { record, by } of mirrors.values()) {
      const exp = invoice.flow === 'EXPORT' ? self : record;
      const imp = invoice.flow === 'IMPORT' ? self : record;
      const e = BigInt(exp.totalUsd);
      const i = BigInt(imp.totalUsd);
      const high = e + multiplyMicros(e, ratioMicros(settings.cifMargin));
      const low = e - multiplyMicros(e, ratioMicros(settings.lowerMargin));
      const gap: Micros = i > high ? i - high : i < low ? low - i : 0n;
      const valueMismatch = gap > 0n && gap >= settings.minGapUsd;
      const keysAll = [...new Set([...Object.keys(exp.quantities), ...Object.keys(imp.quantities)])].sort();
      const quantityGaps = keysAll.flatMap((k) => {
        const qe = BigInt(exp.quantities[k] ?? '0');
        const qi = BigInt(imp.quantities[k] ?? '0');
        const rel = relativeGap(qe, qi);
        return rel > settings.quantityTolerance
          ? [
              {
                key: k,
                export: formatDecimal(qe, 6),
                import: formatDecimal(qi, 6),
                relativeGap: Math.round(rel * 1000) / 1000,
              },
            ]
          : [];
      });
      if (!valueMismatch && quantityGaps.length === 0) continue;
      const valueGapShare = e > 0n ? microsToNumber(i - e) / microsToNumber(e) : 1;
      const score =
        (valueMismatch
          ? 45 +
            Math.min(20, 20 * Math.abs(valueGapShare)) +
            Math.min(20, 5 * Math.log10(1 + Number(gap / 1_000_000n) / 1000))
          : 0) + (quantityGaps.length > 0 ? (valueMismatch ? 10 : 55) : 0);
      const parts = [
        ...(valueMismatch
          ? [
              `the import is valued at ${formatMoney(i, 'USD')} against ${formatMoney(e, 'USD')} exported, ${formatMoney(gap, 'USD')} beyond the CIF/FOB margin`,
            ]
          : []),
        ...(quantityGaps.length > 0
          ? [`quantities differ for ${quantityGaps.map((q) => q.key).join(', ')}`]
          : []),
      ];
      drafts.push(
        traderDraft(event, {
          score,
          eventIds: [exp.id, imp.id],
          ...(valueMismatch ? { amountUsd: gap } : {}),
          countries: [
            ...new Set([
              invoice.exporter.country,
              invoice.importer.country,
              exp.reportingCountry,
              imp.reportingCountry,
            ]),
          ],
          explanation: `Export ${exp.id} (${exp.reportingCountry}) and import ${imp.id} (${imp.reportingCountry}) of the same shipment disagree: ${parts.join('; ')}.`,
          evidence: {
            matchedBy: by,
            exportId: exp.id,
            importId: imp.id,
            exportUsd: formatDecimal(e),
            importUsd: formatDecimal(i),
            allowedImportUsd: { low: formatDecimal(low), high: formatDecimal(high) },
            cifMargin: settings.cifMargin,
            lowerMargin: settings.lowerMargin,
            valueGapUsd: formatDecimal(gap),
            direction: i > high ? 'IMPORT_HIGHER' : i < low ? 'IMPORT_LOWER' : 'WITHIN_MARGIN',
            quantityGaps,
            quantityTolerance: settings.quantityTolerance,
          },
        }),
      );
    }
    return drafts;
  },
};
