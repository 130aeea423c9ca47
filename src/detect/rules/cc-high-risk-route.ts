// CC-HIGH-RISK-ROUTE: a material amount of cash on a journey from, to or through a jurisdiction
// on the FATF lists (call for action, increased monitoring). The amount is the declared total
// plus any undeclared cash a control found.

import type { AlertDraft } from '../../core/alert.ts';
import { formatDecimal } from '../../core/money.ts';
import { toUsd } from '../../reference/fx.ts';
import { type HighRiskLevel, highRiskLevel } from '../../reference/reference.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { carryFinding, declarationValue, personAlert, withFinding } from './cc-declaration.ts';
import { clampScore, formatMoney } from './common.ts';

const ID = 'CC-HIGH-RISK-ROUTE';

interface Listed {
  role: string;
  country: string;
  list: HighRiskLevel;
}

export const highRiskRouteRule: Rule<'declaration'> = {
  id: ID,
  version: 1,
  typology: 'CASH_COURIER',
  kinds: ['declaration'],

  evaluate(event, { config, state }): AlertDraft[] {
    const declaration = event.body;
    const carried = carryFinding(state, event, config);
    const settings = ruleSettings(config.rules, ID, declaration.reportingCountry);
    if (!settings.enabled) return [];
    const travel = declaration.travel;
    const listed: Listed[] = [];
    const note = (role: string, country: string | undefined) => {
      if (country === undefined) return;
      const list = highRiskLevel(country, config.reference.highRiskJurisdictions);
      if (list && settings.lists.includes(list)) listed.push({ role, country, list });
    };
    note('origin', travel?.originCountry);
    note('destination', travel?.destinationCountry);
    note('transit', declaration.direction === 'TRANSIT' ? declaration.reportingCountry : undefined);
    if (listed.length === 0) return [];

    const { totalUsd: declaredUsd } = declarationValue(event, config);
    const control = declaration.control;
    const undeclaredUsd =
      control?.undeclaredAmount !== undefined && control.undeclaredCurrency !== undefined
        ? toUsd(
            control.undeclaredAmount,
            control.undeclaredCurrency,
            event.eventTime,
            config.reference.fxRates,
          )
        : 0n;
    const amountUsd = declaredUsd + undeclaredUsd;
    if (amountUsd < settings.minAmountUsd) return [];

    const worst = listed.some((l) => l.list === 'CALL_FOR_ACTION')
      ? 'CALL_FOR_ACTION'
      : 'INCREASED_MONITORING';
    const multiple = Number(amountUsd / (settings.minAmountUsd > 0n ? settings.minAmountUsd : 1n));
    const score = clampScore(
      (worst === 'CALL_FOR_ACTION' ? 65 : 45) +
        Math.min(20, 10 * Math.log2(Math.max(1, multiple))) +
        carried.bonus,
    );
    const named = listed
      .map(
        (l) =>
          `${l.role} ${l.country} (${l.list === 'CALL_FOR_ACTION' ? 'FATF call for action' : 'FATF increased monitoring'})`,
      )
      .join(', ');
    const draft = personAlert(event, score, {
      amountUsd,
      explanation: `${formatMoney(amountUsd, 'USD')} in cash on a journey with a high-risk ${named}.`,
      evidence: {
        highRisk: listed,
        declaredUsd: formatDecimal(declaredUsd),
        undeclaredFoundUsd: formatDecimal(undeclaredUsd),
        amountUsd: formatDecimal(amountUsd),
        minAmountUsd: formatDecimal(settings.minAmountUsd),
        listsAsOf: config.reference.highRiskJurisdictions.asOf,
        direction: declaration.direction,
      },
    });
    return [withFinding(draft, carried)];
  },
};
