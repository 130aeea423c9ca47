// CM-PRECURSOR (typology PRECURSOR): an explosive-precursor chemical or an IED component
// (detonators, detonating cord, safety fuses) of the WCO Programme Global Shield list in a courier
// or postal item, by HS code (config/reference/precursors.yaml, longest prefix) or by name
// (keywords.yaml, category PRECURSOR, several languages). IED components weigh more than
// chemicals; worse when declared as something else (a named precursor under another HS code, a
// listed HS code under another description, a DOCUMENTS or GIFT consignment).

import type { AlertDraft } from '../../core/alert.ts';
import { formatDecimal } from '../../core/money.ts';
import { toUsd } from '../../reference/fx.ts';
import { findPrecursor } from '../../reference/reference.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { concealmentPhrase, consigneeAlert, consignmentValue, matcherFor } from './cm-manifest.ts';
import { clampScore, formatMoney } from './common.ts';

const ID = 'CM-PRECURSOR';

const IED_TERMS =
  /detonat|fuse|fuze|cap|igniter|cord|mecha|cordel|cordeau|zunder|sprengkapsel|sprengschnur|صاعق|فتيل/;

interface ItemFinding {
  itemIndex: number;
  hsCode: string | null;
  listed: { name: string; kind: string; hsCode: string } | null;
  terms: { term: string; language: string; matched: string; fuzzy: boolean }[];
  misdeclared: 'NAME_UNDER_OTHER_HS' | 'LISTED_HS_UNDER_OTHER_DESCRIPTION' | null;
}

export const precursorRule: Rule<'manifest'> = {
  id: ID,
  version: 1,
  typology: 'PRECURSOR',
  kinds: ['manifest'],

  evaluate(event, { config }): AlertDraft[] {
    const manifest = event.body;
    const settings = ruleSettings(config.rules, ID, manifest.reportingCountry);
    if (!settings.enabled || manifest.items.length === 0) return [];
    const matcher = matcherFor(config);
    const list = config.reference.precursors;
    const findings: ItemFinding[] = [];
    manifest.items.forEach((item, itemIndex) => {
      const terms = matcher
        .match(item.description)
        .terms.filter((hit) => hit.category === settings.keywordCategory)
        .map(({ term, language, matched, fuzzy }) => ({ term, language, matched, fuzzy }));
      const match = list && item.hsCode !== undefined ? findPrecursor(list, item.hsCode) : null;
      if (!match && terms.length === 0) return;
      const misdeclared =
        terms.length > 0 && item.hsCode !== undefined && !match
          ? 'NAME_UNDER_OTHER_HS'
          : match && terms.length === 0
            ? 'LISTED_HS_UNDER_OTHER_DESCRIPTION'
            : null;
      findings.push({
        itemIndex,
        hsCode: item.hsCode ?? null,
        listed: match ? { name: match.entry.name, kind: match.entry.kind, hsCode: match.hsCode } : null,
        terms,
        misdeclared,
      });
    });
    if (findings.length === 0) return [];

    const ied = findings.some(
      (f) => f.listed?.kind === 'IED_COMPONENT' || f.terms.some((t) => IED_TERMS.test(t.term.toLowerCase())),
    );
    const concealing = settings.concealingContentTypes.includes(manifest.contentType);
    const misdeclared = findings.some((f) => f.misdeclared !== null);
    const score = clampScore(55 + (ied ? 20 : 0) + (misdeclared ? 15 : 0) + (concealing ? 15 : 0));
    const valueUsd = toUsd(
      consignmentValue(manifest),
      manifest.currency,
      event.eventTime,
      config.reference.fxRates,
    );
    const named = [
      ...new Set(
        findings.flatMap((f) => [...(f.listed ? [f.listed.name] : []), ...f.terms.map((t) => t.term)]),
      ),
    ].join(', ');
    const how = concealmentPhrase(manifest, concealing, misdeclared);
    return [
      consigneeAlert(event, score, {
        hsCode: findings[0]!.hsCode ?? undefined,
        amountUsd: valueUsd,
        explanation: `${manifest.contentType} consignment with ${ied ? 'IED components' : 'explosive precursors'} of the Global Shield list (${named})${how}; declared value ${formatMoney(valueUsd, 'USD')}.`,
        evidence: {
          items: findings,
          iedComponent: ied,
          contentType: manifest.contentType,
          concealingContentType: concealing,
          misdeclared,
          listAsOf: list?.asOf ?? null,
          valueUsd: formatDecimal(valueUsd),
          grossWeightKg: formatDecimal(manifest.grossWeightKg, 3),
        },
      }),
    ];
  },
};
