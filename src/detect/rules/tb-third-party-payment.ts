// TB-THIRD-PARTY-PAYMENT: the invoice is paid by someone who is neither the importer nor the
// exporter (FATF/Egmont TBML risk indicators 2021; typical of the Black Market Peso Exchange),
// worse when the payer's country is on the FATF lists or has nothing to do with the trade. Names
// are compared as pseudonyms of the normalised name (payerKey vs the parties' nameKey).

import type { AlertDraft } from '../../core/alert.ts';
import { formatDecimal } from '../../core/money.ts';
import { highRiskLevel } from '../../reference/reference.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { formatMoney } from './common.ts';
import { totalUsd, traderDraft } from './tb-common.ts';

const ID = 'TB-THIRD-PARTY-PAYMENT';

export const thirdPartyPaymentRule: Rule<'invoice'> = {
  id: ID,
  version: 1,
  typology: 'TBML',
  kinds: ['invoice'],

  evaluate(event, { config }): AlertDraft[] {
    const invoice = event.body;
    const settings = ruleSettings(config.rules, ID, invoice.reportingCountry);
    const payerKey = invoice.payment?.payerKey;
    if (!settings.enabled || payerKey === undefined) return [];
    if (payerKey === invoice.importer.nameKey || payerKey === invoice.exporter.nameKey) return [];
    const usd = totalUsd(event, config);
    if (usd < settings.minValueUsd) return [];
    const payerCountry = invoice.payment?.payerCountry;
    const level =
      payerCountry === undefined ? null : highRiskLevel(payerCountry, config.reference.highRiskJurisdictions);
    const tradeCountries = new Set([
      invoice.exporter.country,
      invoice.importer.country,
      invoice.originCountry,
      invoice.dispatchCountry,
      invoice.destinationCountry,
      invoice.reportingCountry,
    ]);
    const unrelated = payerCountry !== undefined && !tradeCountries.has(payerCountry);
    const score =
      45 +
      (level === 'CALL_FOR_ACTION' ? 35 : level === 'INCREASED_MONITORING' ? 25 : 0) +
      (unrelated ? 15 : 0) +
      Math.min(10, 2.5 * Math.log10(1 + Number(usd / 1_000_000n) / 1000));
    const where =
      payerCountry === undefined
        ? ''
        : ` in ${payerCountry}${level ? ` (FATF ${level === 'CALL_FOR_ACTION' ? 'call for action' : 'increased monitoring'})` : ''}` +
          `${unrelated ? ', a country unrelated to the trade' : ''}`;
    return [
      traderDraft(event, {
        score,
        amountUsd: usd,
        explanation:
          `Invoice ${invoice.invoiceNumber} (${formatMoney(usd, 'USD')}) is paid by a third party${where}, ` +
          `neither the importer nor the exporter.`,
        evidence: {
          payerKey,
          ...(payerCountry === undefined ? {} : { payerCountry }),
          payerCountryRisk: level,
          payerCountryUnrelated: unrelated,
          paymentMethod: invoice.payment?.method ?? null,
          exporterId: invoice.exporter.id,
          importerId: invoice.importer.id,
          totalUsd: formatDecimal(usd),
        },
      }),
    ];
  },
};
