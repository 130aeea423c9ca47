// CC-UNDECLARED-FOUND: a control found cash beyond what was declared, or seized it. Always an
// alert (FATF 2010 best practices: a false or missing declaration is the strongest single
// indicator), and it raises the person's later risk: every CC-* person rule notes the finding
// and, for carryOverDays of event time, adds laterScoreBonus and `priorUndeclaredFinding` to that
// person's later alerts (see cc-declaration.ts). A second finding carries the first.

import type { AlertDraft } from '../../core/alert.ts';
import { formatDecimal } from '../../core/money.ts';
import { toUsd } from '../../reference/fx.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { carryFinding, declarationValue, hasFinding, personAlert, withFinding } from './cc-declaration.ts';
import { clampScore, formatMoney } from './common.ts';

const ID = 'CC-UNDECLARED-FOUND';

export const undeclaredFoundRule: Rule<'declaration'> = {
  id: ID,
  version: 1,
  typology: 'CASH_COURIER',
  kinds: ['declaration'],

  evaluate(event, { config, state }): AlertDraft[] {
    const declaration = event.body;
    const carried = carryFinding(state, event, config);
    const settings = ruleSettings(config.rules, ID, declaration.reportingCountry);
    if (!settings.enabled || !hasFinding(declaration)) return [];
    const control = declaration.control!;
    const { totalUsd: declaredUsd } = declarationValue(event, config);
    const undeclaredUsd =
      control.undeclaredAmount !== undefined && control.undeclaredCurrency !== undefined
        ? toUsd(
            control.undeclaredAmount,
            control.undeclaredCurrency,
            event.eventTime,
            config.reference.fxRates,
          )
        : 0n;
    const seized = control.seized === true;
    const score = clampScore(
      75 + (seized ? 10 : 0) + Math.min(10, Number(undeclaredUsd / 10_000_000_000n) * 2) + carried.bonus,
    );
    const found =
      control.undeclaredAmount !== undefined && control.undeclaredCurrency !== undefined && undeclaredUsd > 0n
        ? `${formatMoney(control.undeclaredAmount, control.undeclaredCurrency)} undeclared cash found`
        : 'cash found';
    const draft = personAlert(event, score, {
      amountUsd: declaredUsd + undeclaredUsd,
      explanation:
        `A ${declaration.reportingCountry} control ${seized ? 'seized cash' : 'found cash'}: ${found} beyond the ` +
        `${formatMoney(declaredUsd, 'USD')} declared${seized ? ', seized' : ''}.`,
      evidence: {
        inspected: control.inspected ?? null,
        seized,
        undeclaredAmount:
          control.undeclaredAmount === undefined ? null : formatDecimal(control.undeclaredAmount),
        undeclaredCurrency: control.undeclaredCurrency ?? null,
        undeclaredUsd: formatDecimal(undeclaredUsd),
        declaredUsd: formatDecimal(declaredUsd),
        direction: declaration.direction,
        carryOverDays: settings.carryOverDays,
        laterScoreBonus: settings.laterScoreBonus,
      },
    });
    return [withFinding(draft, carried)];
  },
};
