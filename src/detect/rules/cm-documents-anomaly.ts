// CM-DOCUMENTS-ANOMALY: a consignment declared as DOCUMENTS or GIFT (or described only as
// documents or business correspondence, whatever its content type) whose weight, number of pieces
// or value does not fit that content: the Toluca case of Operation Chimera, USD 450 million in
// US bonds declared as "business correspondence". Limits per content type are parameters; a
// value exactly at a limit fits.

import type { AlertDraft } from '../../core/alert.ts';
import { formatDecimal } from '../../core/money.ts';
import { toUsd } from '../../reference/fx.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { consigneeAlert, consignmentValue, matcherFor } from './cm-manifest.ts';
import { clampScore, formatMoney } from './common.ts';

const ID = 'CM-DOCUMENTS-ANOMALY';

interface Excess {
  measure: 'grossWeightKg' | 'pieces' | 'valueUsd';
  observed: string;
  limit: string;
  /** observed ÷ limit */
  ratio: number;
}

const ratioOf = (observed: bigint, limit: bigint) =>
  limit === 0n ? Infinity : Math.round(Number((observed * 1000n) / limit)) / 1000;

export const documentsAnomalyRule: Rule<'manifest'> = {
  id: ID,
  version: 1,
  typology: 'CASH_COURIER',
  kinds: ['manifest'],

  evaluate(event, { config }): AlertDraft[] {
    const manifest = event.body;
    const settings = ruleSettings(config.rules, ID, manifest.reportingCountry);
    if (!settings.enabled) return [];

    let asType = manifest.contentType;
    let basis: 'CONTENT_TYPE' | 'DESCRIPTION' = 'CONTENT_TYPE';
    if (
      settings.limits[asType] === undefined &&
      settings.limits.DOCUMENTS !== undefined &&
      manifest.items.length > 0
    ) {
      const matcher = matcherFor(config);
      const onlyDocuments = manifest.items.every((item) => {
        const found = matcher.match(item.description).categories;
        return found.length === 1 && found[0] === settings.documentsCategory;
      });
      if (onlyDocuments) {
        asType = 'DOCUMENTS';
        basis = 'DESCRIPTION';
      }
    }
    const limits = settings.limits[asType];
    if (!limits) return [];

    const valueUsd = toUsd(
      consignmentValue(manifest),
      manifest.currency,
      event.eventTime,
      config.reference.fxRates,
    );
    const excesses: Excess[] = [];
    if (manifest.grossWeightKg > limits.maxWeightKg)
      excesses.push({
        measure: 'grossWeightKg',
        observed: formatDecimal(manifest.grossWeightKg, 3),
        limit: formatDecimal(limits.maxWeightKg, 3),
        ratio: ratioOf(manifest.grossWeightKg, limits.maxWeightKg),
      });
    if (manifest.pieces > limits.maxPieces)
      excesses.push({
        measure: 'pieces',
        observed: String(manifest.pieces),
        limit: String(limits.maxPieces),
        ratio: Math.round((manifest.pieces / limits.maxPieces) * 1000) / 1000,
      });
    if (valueUsd > limits.maxValueUsd)
      excesses.push({
        measure: 'valueUsd',
        observed: formatDecimal(valueUsd),
        limit: formatDecimal(limits.maxValueUsd),
        ratio: ratioOf(valueUsd, limits.maxValueUsd),
      });
    if (excesses.length === 0) return [];

    const worst = Math.max(...excesses.map((e) => e.ratio));
    const score = clampScore(
      45 + 15 * (excesses.length - 1) + Math.min(30, 15 * Math.log2(Math.min(worst, 1e6))),
    );
    const described =
      basis === 'DESCRIPTION'
        ? `described as documents (declared ${manifest.contentType})`
        : `declared as ${asType}`;
    const what = excesses
      .map((e) =>
        e.measure === 'grossWeightKg'
          ? `weighs ${e.observed} kg (limit ${e.limit})`
          : e.measure === 'pieces'
            ? `has ${e.observed} pieces (limit ${e.limit})`
            : `is valued at ${formatMoney(valueUsd, 'USD')} (limit ${formatMoney(limits.maxValueUsd, 'USD')})`,
      )
      .join(', ');
    return [
      consigneeAlert(event, score, {
        amountUsd: valueUsd,
        explanation: `Consignment ${described} ${what}.`,
        evidence: {
          contentType: manifest.contentType,
          judgedAs: asType,
          basis,
          excesses,
          limits: {
            maxWeightKg: formatDecimal(limits.maxWeightKg, 3),
            maxPieces: limits.maxPieces,
            maxValueUsd: formatDecimal(limits.maxValueUsd),
          },
          grossWeightKg: formatDecimal(manifest.grossWeightKg, 3),
          pieces: manifest.pieces,
          valueUsd: formatDecimal(valueUsd),
          itemCount: manifest.items.length,
          carrier: manifest.carrier,
        },
      }),
    ];
  },
};
