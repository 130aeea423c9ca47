// TB-PRECURSOR: explosive-precursor chemicals or IED components of the WCO Programme Global Shield
// list traded by a trader with no history in that HS chapter, or routed through a high-risk
// jurisdiction (origin, dispatch, transit, destination, a party's or the payer's country on the
// FATF lists). Typology PRECURSOR. A trader's history is its own invoices in the last historyDays.

import type { AlertDraft } from '../../core/alert.ts';
import { formatDecimal, type Micros } from '../../core/money.ts';
import { highRiskLevel } from '../../reference/reference.ts';
import type { DetectionConfig, Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { countriesOf } from './common.ts';
import {
  chapterOf,
  invoiceChapters,
  recordTraderHistory,
  traderDraft,
  traderHistory,
  usd,
} from './tb-common.ts';

const ID = 'TB-PRECURSOR';

const prefixesOf = new WeakMap<object, readonly string[]>();

/** precursors.yaml's HS codes when present (shared with CM-PRECURSOR), else the rule's own list. */
function listedPrefixes(config: DetectionConfig, own: readonly string[]): readonly string[] {
  const list = config.reference.precursors;
  if (!list) return own;
  let prefixes = prefixesOf.get(list);
  if (!prefixes) {
    prefixes = list.items.flatMap((item) => item.hsCodes);
    prefixesOf.set(list, prefixes);
  }
  return prefixes;
}

export const precursorRule: Rule<'invoice'> = {
  id: ID,
  version: 1,
  typology: 'PRECURSOR',
  kinds: ['invoice'],

  evaluate(event, { config, state }): AlertDraft[] {
    const invoice = event.body;
    const settings = ruleSettings(config.rules, ID, invoice.reportingCountry);
    // What the history says before this invoice joins it.
    const history = traderHistory(state, event, settings.historyDays);
    const historyInvoices = history.invoices.length;
    const listed = settings.enabled ? listedPrefixes(config, settings.hsPrefixes) : [];
    const lines = invoice.lines.flatMap((line, lineIndex) =>
      listed.some((p) => line.hsCode.startsWith(p)) ? [{ line, lineIndex }] : [],
    );
    const newChapters = [...new Set(lines.map(({ line }) => chapterOf(line.hsCode)))].filter(
      (c) => !history.chapters.includes(c),
    );
    recordTraderHistory(state, event, history, invoiceChapters(event), settings.historyDays);
    if (lines.length === 0) return [];
    const lists = config.reference.highRiskJurisdictions;
    const routeCountries = countriesOf(
      invoice.originCountry,
      invoice.dispatchCountry,
      ...(invoice.transitCountries ?? []),
      invoice.destinationCountry,
      invoice.exporter.country,
      invoice.importer.country,
      invoice.payment?.payerCountry,
    );
    const highRisk = routeCountries.flatMap((country) => {
      const list = highRiskLevel(country, lists);
      return list ? [{ country, list }] : [];
    });
    if (newChapters.length === 0 && highRisk.length === 0) return [];
    let value: Micros = 0n;
    for (const { line } of lines) if (line.value > 0n) value += line.value;
    const valueUsd = usd(value, event, config);
    const score =
      50 +
      (newChapters.length > 0 ? 20 : 0) +
      (highRisk.some((h) => h.list === 'CALL_FOR_ACTION') ? 30 : highRisk.length > 0 ? 20 : 0);
    const codes = lines.map(({ line }) => line.hsCode);
    const reasons = [
      ...(newChapters.length > 0
        ? [
            `${historyInvoices === 0 ? 'a trader with no recent history' : 'a trader with no history'} in chapter ${newChapters.join(', ')}`,
          ]
        : []),
      ...(highRisk.length > 0
        ? [`routing through ${highRisk.map((h) => h.country).join(', ')} (FATF lists)`]
        : []),
    ];
    return [
      traderDraft(event, {
        score,
        hsCode: codes[0],
        amountUsd: valueUsd,
        explanation: `Invoice ${invoice.invoiceNumber} carries explosive precursors or IED components (HS ${codes.join(', ')}) with ${reasons.join(' and ')}.`,
        evidence: {
          lines: lines.map(({ line, lineIndex }) => ({
            lineIndex,
            hsCode: line.hsCode,
            quantity: formatDecimal(line.quantity, 6),
            unit: line.unit,
            value: formatDecimal(line.value),
          })),
          newChapters,
          traderHistoryInvoices: historyInvoices,
          historyDays: settings.historyDays,
          highRisk,
          valueUsd: formatDecimal(valueUsd),
        },
      }),
    ];
  },
};
