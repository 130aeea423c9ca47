// TB-UNIT-PRICE (reference-table version): a trade invoice line priced outside the normal range
// for its product (FATF/Egmont TBML risk indicators 2021; the Pak–Zdanowicz price filter). The
// range is the interquartile range of config/reference/reference-prices.yaml for (HS code, unit),
// refined by origin: fences q1 − k·IQR (never below lowerFenceFloorRatio × q1) and q3 + k·IQR.
// Over-invoiced imports and under-invoiced exports move value out of the reporting country;
// under-invoiced imports and over-invoiced exports move it in. The estimated value moved is the
// distance to the nearest fence × quantity. Lines with no reference stay quiet; lines with a zero
// or negative quantity or value are TB-INVOICE-ARITHMETIC's.
import type { AlertDraft } from '../../alert/alert.ts';
import { fxRateFor, toUsd } from '../../config/fx.ts';
import { findReferencePrice } from '../../config/reference.ts';
import { ruleSettings } from '../../config/rules.ts';
import {
  divideMicros,
  divideRounded,
  formatDecimal,
  type Micros,
  microsToNumber,
  multiplyMicros,
} from '../../domain/money.ts';
import type { Rule } from '../rule.ts';
import { clampScore, countriesOf, formatMoney, maxMicros, ratioMicros, severityFromScore } from './common.ts';

const ID = 'TB-UNIT-PRICE';

export type InvoicingDirection = 'OVER_INVOICED' | 'UNDER_INVOICED';
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
  version: 1,
  typology: 'TBML',
  kinds: ['invoice'],

  evaluate(event, { config }): AlertDraft[] {
    const invoice = event.body;
    const settings = ruleSettings(config.rules, ID, invoice.reportingCountry);
    if (!settings.enabled) return [];

    const fx = config.reference.fxRates;
    const kMicros = ratioMicros(settings.k);
    const floorMicros = ratioMicros(settings.lowerFenceFloorRatio);
    const trader = invoice.flow === 'IMPORT' ? invoice.importer : invoice.exporter;
    const drafts: AlertDraft[] = [];

    invoice.lines.forEach((line, lineIndex) => {
      if (line.quantity <= 0n || line.value <= 0n) return;
      const { unit, quantity } = normaliseUnit(line.unit, line.quantity);
      if (quantity <= 0n) return;
      const reference = findReferencePrice(
        config.reference.referencePrices,
        line.hsCode,
        unit,
        invoice.originCountry,
        settings.minSampleSize,
      );
      if (!reference) return;

      const { q1, median, q3 } = reference.price;
      const iqr = q3 - q1;
      const kIqr = multiplyMicros(iqr, kMicros);
      const upper = q3 + kIqr;
      const floor = multiplyMicros(q1, floorMicros);
      const lower = maxMicros(q1 - kIqr, floor);

      const valueUsd = toUsd(line.value, invoice.currency, event.eventTime, fx);
      const unitPrice = divideMicros(valueUsd, quantity);
      let direction: InvoicingDirection;
      let moved: Micros;
      let fence: Micros;
      if (unitPrice > upper) {
        direction = 'OVER_INVOICED';
        fence = upper;
        moved = valueUsd - multiplyMicros(upper, quantity);
      } else if (unitPrice < lower) {
        direction = 'UNDER_INVOICED';
        fence = lower;
        moved = multiplyMicros(lower, quantity) - valueUsd;
      } else {
        return;
      }
      if (moved <= 0n || moved < settings.minValueMovedUsd) return;

      // How far outside, in IQRs beyond the fence (a zero IQR counts as 1% of the median).
      const spread = iqr > 0n ? iqr : maxMicros(median / 100n, 1n);
      const outside =
        microsToNumber(direction === 'OVER_INVOICED' ? unitPrice - upper : lower - unitPrice) /
        microsToNumber(spread);
      const priceScore = Math.min(40, 20 * Math.log2(1 + outside));
      const moneyScore = Math.min(40, 10 * Math.log10(1 + microsToNumber(moved) / 1000));
      const score = clampScore(20 + priceScore + moneyScore);
      const movement = valueMovement(invoice.flow, direction);
      const fxRate =
        invoice.currency === 'USD' ? undefined : fxRateFor(invoice.currency, event.eventTime, fx);

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
          `${direction === 'OVER_INVOICED' ? 'upper' : 'lower'} fence of ${formatMoney(fence, 'USD')}; an estimated ` +
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
          fences: { lower: formatDecimal(lower, 6), upper: formatDecimal(upper, 6) },
          q1: formatDecimal(q1, 6),
          median: formatDecimal(median, 6),
          q3: formatDecimal(q3, 6),
          k: settings.k,
          iqrsOutside: Math.round(outside * 100) / 100,
          reference: {
            source: 'config',
            level: reference.level,
            key: reference.key,
            sampleSize: reference.price.sampleSize,
            asOf: reference.price.asOf,
          },
          estimatedValueMovedUsd: formatDecimal(moved),
        },
        idBasis: `${invoice.invoiceId}#${lineIndex}`,
      });
    });
    return drafts;
  },
};
