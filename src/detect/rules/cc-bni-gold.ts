// CC-BNI-GOLD: bearer negotiable instruments, prepaid cards or gold (and other precious metals
// and stones) make up most of a declaration's value: value moved in a form that is easier to hide
// and harder to trace than notes (EU Regulation 2018/1672 Art. 2; FATF 2010 best practices on BNI).
// "Most" is more than minShare of the USD total.

import type { AlertDraft } from '../../core/alert.ts';
import { formatDecimal } from '../../core/money.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { carryFinding, declarationValue, personAlert, withFinding } from './cc-declaration.ts';
import { clampScore, formatMoney, ratioMicros } from './common.ts';

const ID = 'CC-BNI-GOLD';

export const bniGoldRule: Rule<'declaration'> = {
  id: ID,
  version: 1,
  typology: 'CASH_COURIER',
  kinds: ['declaration'],

  evaluate(event, { config, state }): AlertDraft[] {
    const declaration = event.body;
    const carried = carryFinding(state, event, config);
    const settings = ruleSettings(config.rules, ID, declaration.reportingCountry);
    if (!settings.enabled) return [];
    const { totalUsd, byKindUsd } = declarationValue(event, config);
    if (totalUsd <= 0n || totalUsd < settings.minAmountUsd) return [];
    const kinds: readonly string[] = settings.kinds;
    const counted = Object.entries(byKindUsd).filter(([kind]) => kinds.includes(kind));
    const bniUsd = counted.reduce((sum, [, usd]) => sum + usd, 0n);
    // share > minShare, exactly: bni × 10⁶ > total × minShare(micros)
    if (bniUsd * 1_000_000n <= totalUsd * ratioMicros(settings.minShare)) return [];

    const share = Number((bniUsd * 10_000n) / totalUsd) / 10_000;
    const score = clampScore(
      45 + 30 * share + Math.min(15, Number(totalUsd / 10_000_000_000n) * 3) + carried.bonus,
    );
    const kindsNamed = counted
      .sort(([, a], [, b]) => (b > a ? 1 : b < a ? -1 : 0))
      .map(([kind]) => kind.toLowerCase().replace(/_/g, ' '))
      .join(', ');
    const draft = personAlert(event, score, {
      amountUsd: totalUsd,
      explanation:
        `${(share * 100).toFixed(1)}% of the ${formatMoney(totalUsd, 'USD')} declared is in ${kindsNamed} ` +
        `rather than currency (alert above ${(settings.minShare * 100).toFixed(0)}%).`,
      evidence: {
        byKindUsd: Object.fromEntries(
          Object.entries(byKindUsd).map(([kind, usd]) => [kind, formatDecimal(usd)]),
        ),
        bniGoldUsd: formatDecimal(bniUsd),
        totalUsd: formatDecimal(totalUsd),
        share,
        minShare: settings.minShare,
        minAmountUsd: formatDecimal(settings.minAmountUsd),
        kindsCounted: settings.kinds,
      },
    });
    return [withFinding(draft, carried)];
  },
};
