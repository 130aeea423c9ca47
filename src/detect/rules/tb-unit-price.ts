// TB-UNIT-PRICE: a trade invoice line priced outside the normal range for its product (FATF/Egmont
// TBML risk indicators 2021; the Pak–Zdanowicz price filter). The range is the interquartile range
// of unit prices for (HS code, unit), refined by origin or destination, from the first reference
// found (tb-reference.ts): the seeded config table, the table `reference build` learned from stored
// invoices, or quantiles learned from the stream. Fences q1 − k·IQR (never below
// lowerFenceFloorRatio × q1) and q3 + k·IQR. Over-invoiced imports and under-invoiced exports move
// value out of the reporting country; under-invoiced imports and over-invoiced exports move it in.
// The estimated value moved is the distance to the nearest fence × quantity. Lines with no
// reference stay quiet; lines with a zero or negative quantity or value are TB-INVOICE-ARITHMETIC's.
// Every priced line then feeds the stream statistics (after it has been judged).

import type { AlertDraft } from '../../core/alert.ts';
import { divideMicros, divideRounded, formatDecimal, type Micros } from '../../core/money.ts';
import { fxRateFor, MissingFxRateError, toUsd } from '../../reference/fx.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { clampScore, countriesOf, formatMoney, severityFromScore } from './common.ts';
import {
  describeReference,
  type InvoicingDirection,
  type LevelKeys,
  learnPrice,
  lineKeys,
  lookupSettings,
  priceOutlier,
  referenceTables,
  resolveReference,
} from './tb-reference.ts';

export type { InvoicingDirection } from './tb-reference.ts';

const ID = 'TB-UNIT-PRICE';

export type ValueMovement = 'OUT_OF_COUNTRY' | 'INTO_COUNTRY';

/** Import over-invoiced or export under-invoiced: value leaves the reporting country. */
export function valueMovement(flow: 'IMPORT' | 'EXPORT', direction: InvoicingDirection): ValueMovement {
  return (flow === 'IMPORT') === (direction === 'OVER_INVOICED') ? 'OUT_OF_COUNTRY' : 'INTO_COUNTRY';
}

/**
 * Units compared as one: C62 and H87 (one, piece) are NMB; GRM and TNE are converted to KGM.
 * Returns the unit and the quantity in it.
 */
export function normaliseUnit(unit: string, quantity: Micros): { unit: string; quantity: Micros } {
  switch (unit) {
    case 'C62':
    case 'H87':
      return { unit: 'NMB', quantity };
    case 'GRM':
      return { unit: 'KGM', quantity: divideRounded(quantity, 1000n) };
    case 'TNE':
      return { unit: 'KGM', quantity: quantity * 1000n };
    default:
      return { unit, quantity };
  }
}

export const unitPriceRule: Rule<'invoice'> = {
  id: ID,
  version: 2,
  typology: 'TBML',
  kinds: ['invoice'],

  evaluate(event, { config, state }): AlertDraft[] {
    const invoice = event.body;
    const settings = ruleSettings(config.rules, ID, invoice.reportingCountry);
    const fx = config.reference.fxRates;
    const route = { origin: invoice.originCountry, destination: invoice.destinationCountry };
    const tables = referenceTables(config);
    const lookup = lookupSettings(settings);
    const trader = invoice.flow === 'IMPORT' ? invoice.importer : invoice.exporter;
    const drafts: AlertDraft[] = [];
    const learned: { levels: readonly LevelKeys[]; price: Micros }[] = [];
    const usdOrNull = (value: Micros): Micros | null => {
      try {
        return toUsd(value, invoice.currency, event.eventTime, fx);
      } catch (error) {
        if (error instanceof MissingFxRateError) return null;
        throw error;
      }
    };

    invoice.lines.forEach((line, lineIndex) => {
      if (line.quantity <= 0n || line.value <= 0n) return;
      const { unit, quantity } = normaliseUnit(line.unit, line.quantity);
      if (quantity <= 0n) return;
      const levels = lineKeys(line.hsCode, unit, route);
      const reference = resolveReference(tables, state, levels, event.eventTime, lookup);
      // The stream learns from every priced line. With a reference, a missing FX rate is an error
      // on the event (dead letter); without one, the line is only not learned from.
      const valueUsd = reference
        ? toUsd(line.value, invoice.currency, event.eventTime, fx)
        : usdOrNull(line.value);
      if (valueUsd === null) return;
      learned.push({ levels, price: divideMicros(valueUsd, quantity) });
      if (!reference || !settings.enabled) return;

      const outlier = priceOutlier(valueUsd, quantity, reference, settings.k, settings.lowerFenceFloorRatio);
      if (!outlier) return;
      const { direction, moved, fence, unitPrice } = outlier;
      if (moved <= 0n || moved < settings.minValueMovedUsd) return;

      const score = clampScore(outlier.score);
      const movement = valueMovement(invoice.flow, direction);
      const fxRate =
        invoice.currency === 'USD' ? undefined : fxRateFor(invoice.currency, event.eventTime, fx);
      const referenceText =
        reference.source === 'stream'
          ? `${reference.level} quartiles learned from ${reference.sampleSize} lines of the last ${reference.windowDays} days`
          : `${reference.level} ${reference.source === 'config' ? 'config' : 'learned'} reference table, ${reference.sampleSize} observations as of ${reference.asOf}`;

      drafts.push({
        severity: severityFromScore(score),
        score,
        entityType: 'TRADER',
        entityKey: trader.id,
        eventIds: [event.id],
        eventTime: event.eventTime,
        reportingCountry: invoice.reportingCountry,
        countries: countriesOf(
          invoice.reportingCountry,
          invoice.originCountry,
          invoice.dispatchCountry,
          invoice.destinationCountry,
          ...(invoice.transitCountries ?? []),
          invoice.exporter.country,
          invoice.importer.country,
        ),
        hsCode: line.hsCode,
        amountUsd: moved,
        explanation:
          `${invoice.flow === 'IMPORT' ? 'Import' : 'Export'} line ${lineIndex + 1} (HS ${line.hsCode}) is invoiced at ` +
          `${formatMoney(unitPrice, 'USD')} per ${unit}, ${direction === 'OVER_INVOICED' ? 'above' : 'below'} the ` +
          `${direction === 'OVER_INVOICED' ? 'upper' : 'lower'} fence of ${formatMoney(fence, 'USD')} ` +
          `(${referenceText}); an estimated ` +
          `${formatMoney(moved, 'USD')} moves ${movement === 'OUT_OF_COUNTRY' ? 'out of' : 'into'} ${invoice.reportingCountry}.`,
        evidence: {
          lineIndex,
          hsCode: line.hsCode,
          unit: line.unit,
          referenceUnit: unit,
          quantity: formatDecimal(quantity, 6),
          lineValue: formatDecimal(line.value),
          currency: invoice.currency,
          lineValueUsd: formatDecimal(valueUsd),
          ...(fxRate === undefined ? {} : { fxRate: { from: fxRate.from, rate: fxRate.rate } }),
          observedUnitPriceUsd: formatDecimal(unitPrice, 6),
          direction,
          flow: invoice.flow,
          valueMovement: movement,
          fences: { lower: formatDecimal(outlier.lower, 6), upper: formatDecimal(outlier.upper, 6) },
          q1: formatDecimal(reference.q1, 6),
          median: formatDecimal(reference.median, 6),
          q3: formatDecimal(reference.q3, 6),
          k: settings.k,
          iqrsOutside: Math.round(outlier.iqrsOutside * 100) / 100,
          robustZ: Math.round(outlier.robustZ * 100) / 100,
          reference: describeReference(reference),
          estimatedValueMovedUsd: formatDecimal(moved),
        },
        idBasis: `${invoice.invoiceId}#${lineIndex}`,
      });
    });
    for (const { levels, price } of learned) learnPrice(state, levels, price, event.eventTime, lookup.window);
    return drafts;
  },
};
