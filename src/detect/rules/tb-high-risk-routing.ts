// TB-HIGH-RISK-ROUTING: trade routed through jurisdictions on the FATF lists, or through many
// transit countries or free-trade-zone hubs (FATF/Egmont TBML risk indicators 2021: transshipment
// through high-risk jurisdictions or free-trade zones without economic reason). Looks at the
// origin, dispatch, transit and payer countries, other than the reporting country itself.

import type { AlertDraft } from '../../core/alert.ts';
import { formatDecimal } from '../../core/money.ts';
import { type HighRiskJurisdictions, type HighRiskLevel, highRiskLevel } from '../../reference/reference.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { formatMoney } from './common.ts';
import { totalUsd, traderDraft } from './tb-common.ts';

const ID = 'TB-HIGH-RISK-ROUTING';

interface HighRiskRole {
  role: string;
  country: string;
  list: HighRiskLevel;
}

/** Adds a listed country in a role (once per role and country), other than the reporting country. */
function noteHighRisk(
  found: HighRiskRole[],
  role: string,
  country: string | undefined,
  reportingCountry: string,
  lists: HighRiskJurisdictions,
): void {
  if (country === undefined || country === reportingCountry) return;
  const list = highRiskLevel(country, lists);
  if (list && !found.some((h) => h.role === role && h.country === country))
    found.push({ role, country, list });
}

export const highRiskRoutingRule: Rule<'invoice'> = {
  id: ID,
  version: 1,
  typology: 'TBML',
  kinds: ['invoice'],

  evaluate(event, { config }): AlertDraft[] {
    const invoice = event.body;
    const settings = ruleSettings(config.rules, ID, invoice.reportingCountry);
    if (!settings.enabled) return [];
    const lists = config.reference.highRiskJurisdictions;
    const transits = invoice.transitCountries ?? [];
    const highRisk: HighRiskRole[] = [];
    noteHighRisk(highRisk, 'origin', invoice.originCountry, invoice.reportingCountry, lists);
    noteHighRisk(highRisk, 'dispatch', invoice.dispatchCountry, invoice.reportingCountry, lists);
    for (const country of transits)
      noteHighRisk(highRisk, 'transit', country, invoice.reportingCountry, lists);
    noteHighRisk(highRisk, 'payer', invoice.payment?.payerCountry, invoice.reportingCountry, lists);
    const ftz = transits.filter((c) => settings.freeTradeZoneCountries.includes(c));
    const manyTransits = transits.length >= settings.manyTransitCountries;
    const ftzRouting = ftz.length >= settings.freeTradeZoneTransits;
    if (highRisk.length === 0 && !manyTransits && !ftzRouting) return [];
    const usd = totalUsd(event, config);
    if (usd < settings.minValueUsd) return [];
    const callForAction = highRisk.some((h) => h.list === 'CALL_FOR_ACTION');
    const score =
      (callForAction ? 75 : highRisk.length > 0 ? 55 : 35) +
      (manyTransits ? 10 : 0) +
      (ftzRouting ? 10 : 0) +
      Math.min(10, 2.5 * Math.log10(1 + Number(usd / 1_000_000n) / 1000));
    const reasons = [
      ...highRisk.map(
        (h) =>
          `${h.role} ${h.country} (FATF ${h.list === 'CALL_FOR_ACTION' ? 'call for action' : 'increased monitoring'})`,
      ),
      ...(manyTransits ? [`${transits.length} transit countries`] : []),
      ...(ftzRouting ? [`transit through free-trade-zone hubs ${ftz.join(', ')}`] : []),
    ];
    return [
      traderDraft(event, {
        score,
        amountUsd: usd,
        explanation: `Invoice ${invoice.invoiceNumber} (${formatMoney(usd, 'USD')}) is routed through ${reasons.join('; ')}.`,
        evidence: {
          highRisk,
          transitCountries: transits,
          manyTransitCountries: settings.manyTransitCountries,
          freeTradeZoneTransits: ftz,
          totalUsd: formatDecimal(usd),
          listsAsOf: lists.asOf,
        },
      }),
    ];
  },
};
