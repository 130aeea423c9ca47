// CM-ARMS (typology ARMS): a courier or postal item of HS chapter 93 (arms, parts, ammunition) or
// described with arms keywords (pistol, slide, barrel, receiver, suppressor, ammunition; several
// languages), worst when declared as something else: an arms description under another HS code,
// an HS 93 code under a description that names no weapon, or a DOCUMENTS or GIFT consignment
// (WCO/INTERPOL operations on small arms in postal and express channels).

import type { AlertDraft } from '../../core/alert.ts';
import { formatDecimal } from '../../core/money.ts';
import { toUsd } from '../../reference/fx.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { concealmentPhrase, consigneeAlert, consignmentValue, matcherFor } from './cm-manifest.ts';
import { clampScore, formatMoney } from './common.ts';

const ID = 'CM-ARMS';

interface ItemFinding {
  itemIndex: number;
  hsCode: string | null;
  armsHsCode: boolean;
  terms: { term: string; language: string; matched: string; fuzzy: boolean }[];
  /** Why the item counts as declared as something else, if it does. */
  misdeclared: 'KEYWORD_UNDER_OTHER_HS' | 'ARMS_HS_UNDER_OTHER_DESCRIPTION' | null;
}

export const armsRule: Rule<'manifest'> = {
  id: ID,
  version: 1,
  typology: 'ARMS',
  kinds: ['manifest'],

  evaluate(event, { config }): AlertDraft[] {
    const manifest = event.body;
    const settings = ruleSettings(config.rules, ID, manifest.reportingCountry);
    if (!settings.enabled || manifest.items.length === 0) return [];
    const matcher = matcherFor(config);
    const findings: ItemFinding[] = [];
    manifest.items.forEach((item, itemIndex) => {
      const terms = matcher
        .match(item.description)
        .terms.filter((hit) => hit.category === settings.keywordCategory)
        .map(({ term, language, matched, fuzzy }) => ({ term, language, matched, fuzzy }));
      const armsHsCode =
        item.hsCode !== undefined && settings.hsPrefixes.some((p) => item.hsCode!.startsWith(p));
      if (!armsHsCode && terms.length === 0) return;
      const misdeclared =
        terms.length > 0 && item.hsCode !== undefined && !armsHsCode
          ? 'KEYWORD_UNDER_OTHER_HS'
          : armsHsCode && terms.length === 0
            ? 'ARMS_HS_UNDER_OTHER_DESCRIPTION'
            : null;
      findings.push({ itemIndex, hsCode: item.hsCode ?? null, armsHsCode, terms, misdeclared });
    });
    if (findings.length === 0) return [];

    const concealing = settings.concealingContentTypes.includes(manifest.contentType);
    const misdeclared = findings.some((f) => f.misdeclared !== null);
    const score = clampScore(
      65 +
        (misdeclared ? 20 : 0) +
        (concealing ? 20 : 0) +
        (findings.some((f) => f.armsHsCode) && findings.some((f) => f.terms.length > 0) ? 5 : 0),
    );
    const valueUsd = toUsd(
      consignmentValue(manifest),
      manifest.currency,
      event.eventTime,
      config.reference.fxRates,
    );
    const terms = [...new Set(findings.flatMap((f) => f.terms.map((t) => t.term)))];
    const codes = [...new Set(findings.map((f) => f.hsCode).filter((c): c is string => c !== null))];
    const why = [
      terms.length > 0 ? `arms terms (${terms.join(', ')})` : undefined,
      findings.some((f) => f.armsHsCode)
        ? `HS chapter 93 (${codes.filter((c) => settings.hsPrefixes.some((p) => c.startsWith(p))).join(', ')})`
        : undefined,
    ]
      .filter(Boolean)
      .join(' and ');
    const how = concealmentPhrase(manifest, concealing, misdeclared);
    return [
      consigneeAlert(event, score, {
        hsCode: findings[0]!.hsCode ?? undefined,
        amountUsd: valueUsd,
        explanation: `${manifest.contentType} consignment with ${why}${how}; declared value ${formatMoney(valueUsd, 'USD')}.`,
        evidence: {
          items: findings,
          contentType: manifest.contentType,
          concealingContentType: concealing,
          misdeclared,
          hsPrefixes: settings.hsPrefixes,
          valueUsd: formatDecimal(valueUsd),
          grossWeightKg: formatDecimal(manifest.grossWeightKg, 3),
          pieces: manifest.pieces,
        },
      }),
    ];
  },
};
