// CM-CASH-KEYWORDS: a courier or postal item whose description names cash, banknotes, bearer
// negotiable instruments (cheques, money orders, bearer bonds or securities), prepaid or gift
// cards, or gold bars and coins (FATF 2010 best practices on cash and BNI; EU Regulation
// 2018/1672 on unaccompanied cash; Operation Chimera). Worse when the consignment is declared as
// DOCUMENTS or GIFT, i.e. cash passed off as something else, or when its value is high.
// DOCUMENTS and GIFT consignments with no items have nothing to match: CM-DOCUMENTS-ANOMALY
// looks at those.

import type { AlertDraft } from '../../core/alert.ts';
import { formatDecimal } from '../../core/money.ts';
import { toUsd } from '../../reference/fx.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { keywordMatcher } from '../text/keyword-matcher.ts';
import { clampScore, countriesOf, formatMoney, maxMicros, severityFromScore } from './common.ts';

const ID = 'CM-CASH-KEYWORDS';

interface ItemHit {
  itemIndex: number;
  category: string;
  language: string;
  term: string;
  matched: string;
  fuzzy: boolean;
}

export const cashKeywordsRule: Rule<'manifest'> = {
  id: ID,
  version: 1,
  typology: 'CASH_COURIER',
  kinds: ['manifest'],

  evaluate(event, { config }): AlertDraft[] {
    const manifest = event.body;
    const settings = ruleSettings(config.rules, ID, manifest.reportingCountry);
    if (!settings.enabled || manifest.items.length === 0) return [];

    const matcher = keywordMatcher(config.reference.keywords);
    const wanted = settings.categories;
    const hits: ItemHit[] = [];
    manifest.items.forEach((item, itemIndex) => {
      for (const hit of matcher.match(item.description).terms) {
        if (wanted.includes(hit.category)) hits.push({ itemIndex, ...hit });
      }
    });
    if (hits.length === 0) return [];

    // The consignment's value: the declared value, or the items' sum when that is larger.
    const itemsValue = manifest.items.reduce((sum, item) => sum + (item.value ?? 0n), 0n);
    const value = maxMicros(itemsValue, manifest.declaredValue);
    const valueUsd = toUsd(value, manifest.currency, event.eventTime, config.reference.fxRates);

    const categories = [...new Set(hits.map((h) => h.category))].sort();
    const concealing = settings.concealingContentTypes.includes(manifest.contentType);
    const highValue = valueUsd >= settings.highValueUsd;
    const score = clampScore(
      50 + (concealing ? 25 : 0) + (highValue ? 15 : 0) + Math.min(10, 5 * (categories.length - 1)),
    );
    const firstHs = hits.map((h) => manifest.items[h.itemIndex]?.hsCode).find((hs) => hs !== undefined);
    const named = categories
      .map(
        (category) =>
          `${category}: ${[...new Set(hits.filter((h) => h.category === category).map((h) => h.term))].join(', ')}`,
      )
      .join('; ');

    return [
      {
        severity: severityFromScore(score),
        score,
        entityType: 'CONSIGNEE',
        entityKey: manifest.consignee.key,
        eventIds: [event.id],
        eventTime: event.eventTime,
        reportingCountry: manifest.reportingCountry,
        countries: countriesOf(
          manifest.reportingCountry,
          manifest.originCountry,
          manifest.destinationCountry,
          manifest.shipper.country,
          manifest.consignee.country,
        ),
        hsCode: firstHs,
        amountUsd: valueUsd,
        explanation:
          `${concealing ? `Consignment declared as ${manifest.contentType}` : `${manifest.contentType} consignment`} ` +
          `describes cash or cash equivalents (${named}), declared value ${formatMoney(valueUsd, 'USD')}.`,
        evidence: {
          categories,
          matchedTerms: hits,
          contentType: manifest.contentType,
          concealingContentType: concealing,
          declaredValue: formatDecimal(manifest.declaredValue),
          itemsValue: formatDecimal(itemsValue),
          currency: manifest.currency,
          valueUsd: formatDecimal(valueUsd),
          highValueUsd: formatDecimal(settings.highValueUsd),
          highValue,
          itemCount: manifest.items.length,
          grossWeightKg: formatDecimal(manifest.grossWeightKg, 3),
          pieces: manifest.pieces,
        },
      },
    ];
  },
};
