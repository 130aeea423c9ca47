// TB-VALUE-PER-KG: a line's value per kilogram of net weight outside the reference range for its
// HS code (FATF/Egmont TBML risk indicators 2021: "the value of goods is inconsistent with their
// weight"). For lines counted in other units (NMB, LTR, ...) that carry netWeightKg; lines counted
// in kilograms are TB-UNIT-PRICE's. References as TB-UNIT-PRICE's (tb-reference.ts), in USD per KGM:
// the config and learned tables' KGM entries, or per-kg quantiles learned from the stream.

import type { AlertDraft } from '../../core/alert.ts';
import { divideMicros, formatDecimal, type Micros } from '../../core/money.ts';
import { MissingFxRateError } from '../../reference/fx.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { formatMoney } from './common.ts';
import { traderDraft, usd } from './tb-common.ts';
import {
  describeReference,
  type LevelKeys,
  learnPrice,
  lineKeys,
  lookupSettings,
  priceOutlier,
  referenceTables,
  resolveReference,
} from './tb-reference.ts';
import { normaliseUnit, valueMovement } from './tb-unit-price.ts';

const ID = 'TB-VALUE-PER-KG';

export const valuePerKgRule: Rule<'invoice'> = {
  id: ID,
  version: 1,
  typology: 'TBML',
  kinds: ['invoice'],

  evaluate(event, { config, state }): AlertDraft[] {
    const invoice = event.body;
    const settings = ruleSettings(config.rules, ID, invoice.reportingCountry);
    const route = { origin: invoice.originCountry, destination: invoice.destinationCountry };
    const drafts: AlertDraft[] = [];
    const tables = referenceTables(config);
    const lookup = lookupSettings(settings);
    const learned: { levels: readonly LevelKeys[]; price: Micros }[] = [];

    invoice.lines.forEach((line, lineIndex) => {
      const kg = line.netWeightKg;
      if (kg === undefined || kg <= 0n || line.value <= 0n || line.quantity <= 0n) return;
      if (normaliseUnit(line.unit, line.quantity).unit === 'KGM') return;
      const levels = lineKeys(line.hsCode, 'KGM', route);
      const reference = resolveReference(tables, state, levels, event.eventTime, lookup);
      let valueUsd: Micros;
      try {
        valueUsd = usd(line.value, event, config);
      } catch (error) {
        if (error instanceof MissingFxRateError && !reference) return;
        throw error;
      }
      learned.push({ levels, price: divideMicros(valueUsd, kg) });
      if (!reference || !settings.enabled) return;
      const outlier = priceOutlier(valueUsd, kg, reference, settings.k, settings.lowerFenceFloorRatio);
      if (!outlier || outlier.moved < settings.minValueMovedUsd || outlier.moved <= 0n) return;
      const movement = valueMovement(invoice.flow, outlier.direction);
      const over = outlier.direction === 'OVER_INVOICED';
      drafts.push(
        traderDraft(event, {
          score: outlier.score,
          hsCode: line.hsCode,
          amountUsd: outlier.moved,
          explanation:
            `${invoice.flow === 'IMPORT' ? 'Import' : 'Export'} line ${lineIndex + 1} (HS ${line.hsCode}) is worth ` +
            `${formatMoney(outlier.unitPrice, 'USD')} per kg, ${over ? 'above the upper' : 'below the lower'} fence of ` +
            `${formatMoney(outlier.fence, 'USD')} (${reference.level}, ${reference.source} reference of ` +
            `${reference.sampleSize}); an estimated ${formatMoney(outlier.moved, 'USD')} moves ` +
            `${movement === 'OUT_OF_COUNTRY' ? 'out of' : 'into'} ${invoice.reportingCountry}.`,
          evidence: {
            lineIndex,
            hsCode: line.hsCode,
            unit: line.unit,
            netWeightKg: formatDecimal(kg, 3),
            lineValue: formatDecimal(line.value),
            currency: invoice.currency,
            lineValueUsd: formatDecimal(valueUsd),
            observedValuePerKgUsd: formatDecimal(outlier.unitPrice, 6),
            direction: outlier.direction,
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
            estimatedValueMovedUsd: formatDecimal(outlier.moved),
          },
          idBasis: `${invoice.invoiceId}#${lineIndex}`,
        }),
      );
    });
    for (const { levels, price } of learned) learnPrice(state, levels, price, event.eventTime, lookup.window);
    return drafts;
  },
};
