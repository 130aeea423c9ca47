// CM-VALUE-WEIGHT: a consignment's declared value per kilogram far outside what its goods carry
// (the range for the HS code of its largest item in config/reference/value-per-kg.yaml, longest
// HS prefix first): heavy parcels declared cheap can hide cash or gold; light ones declared dear
// can be value moved on paper. Compared exactly: value < low × weight ÷ factor or value > high ×
// weight × factor. No HS code, no range or too light a parcel: no judgement.

import type { AlertDraft } from '../../core/alert.ts';
import { divideMicros, formatDecimal, multiplyMicros } from '../../core/money.ts';
import { toUsd } from '../../reference/fx.ts';
import { findValuePerKg } from '../../reference/reference.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { consignmentValue, manifestCountries } from './cm-manifest.ts';
import { clampScore, formatMoney, ratioMicros, severityFromScore } from './common.ts';

const ID = 'CM-VALUE-WEIGHT';

export const valueWeightRule: Rule<'manifest'> = {
  id: ID,
  version: 1,
  typology: 'CASH_COURIER',
  kinds: ['manifest'],

  evaluate(event, { config }): AlertDraft[] {
    const manifest = event.body;
    const settings = ruleSettings(config.rules, ID, manifest.reportingCountry);
    const table = config.reference.valuePerKg;
    if (!settings.enabled || !table) return [];
    const weight = manifest.grossWeightKg;
    if (weight <= 0n || weight < settings.minWeightKg) return [];
    // The item that carries the consignment: the largest value with an HS code, else the first coded.
    const coded = manifest.items
      .map((item, index) => ({ item, index }))
      .filter(({ item }) => item.hsCode !== undefined);
    if (coded.length === 0) return [];
    const main = coded.reduce((best, next) =>
      (next.item.value ?? 0n) > (best.item.value ?? 0n) ? next : best,
    );
    const hsCode = main.item.hsCode!;
    const range = findValuePerKg(table, hsCode);
    if (!range) return [];

    const valueUsd = toUsd(
      consignmentValue(manifest),
      manifest.currency,
      event.eventTime,
      config.reference.fxRates,
    );
    const factor = ratioMicros(settings.factor);
    const low = divideMicros(range.lowUsd, factor);
    const high = multiplyMicros(range.highUsd, factor);
    const perKg = divideMicros(valueUsd, weight);
    let direction: 'BELOW' | 'ABOVE';
    if (valueUsd < multiplyMicros(low, weight)) direction = 'BELOW';
    else if (valueUsd > multiplyMicros(high, weight)) direction = 'ABOVE';
    else return [];

    const perKgNumber = Math.max(Number(perKg) / 1e6, 1e-6);
    const distance =
      direction === 'ABOVE' ? perKgNumber / (Number(high) / 1e6) : Number(low) / 1e6 / perKgNumber;
    const score = clampScore(40 + Math.min(45, 12 * Math.log2(Math.max(1, distance))));
    const fence = direction === 'ABOVE' ? high : low;
    return [
      {
        severity: severityFromScore(score),
        score,
        entityType: 'CONSIGNEE',
        entityKey: manifest.consignee.key,
        eventIds: [event.id],
        eventTime: event.eventTime,
        reportingCountry: manifest.reportingCountry,
        countries: manifestCountries(manifest),
        hsCode,
        amountUsd: valueUsd,
        explanation:
          `Declared value of ${formatMoney(perKg, 'USD')} per kg (${formatMoney(valueUsd, 'USD')} for ` +
          `${formatDecimal(weight, 3)} kg) is ${direction === 'ABOVE' ? 'above' : 'below'} the ` +
          `${formatMoney(fence, 'USD')} per kg ${direction === 'ABOVE' ? 'upper' : 'lower'} bound for HS ${range.hsPrefix} (${range.description}).`,
        evidence: {
          direction,
          valueUsd: formatDecimal(valueUsd),
          grossWeightKg: formatDecimal(weight, 3),
          valuePerKgUsd: formatDecimal(perKg),
          expectedPerKgUsd: { low: formatDecimal(low), high: formatDecimal(high) },
          timesOutside: Math.round(distance * 10) / 10,
          factor: settings.factor,
          reference: {
            source: 'config',
            hsPrefix: range.hsPrefix,
            description: range.description,
            asOf: table.asOf,
          },
          itemIndex: main.index,
          hsCode,
          contentType: manifest.contentType,
        },
      },
    ];
  },
};
