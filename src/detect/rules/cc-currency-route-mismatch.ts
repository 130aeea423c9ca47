// CC-CURRENCY-ROUTE-MISMATCH: a large amount of cash in a currency of neither journey end nor the
// reporting country, and not a widely held one (USD, EUR by default): riyals on a Mexico route
// (FATF/MENAFATF 2015). The usual currencies of each country are in
// config/reference/country-currencies.yaml; a journey end with no entry there is not judged.

import type { AlertDraft } from '../../core/alert.ts';
import { formatDecimal, type Micros } from '../../core/money.ts';
import { toUsd } from '../../reference/fx.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { carryFinding, personAlert, withFinding } from './cc-declaration.ts';
import { clampScore, countriesOf, formatMoney } from './common.ts';

const ID = 'CC-CURRENCY-ROUTE-MISMATCH';

export const currencyRouteMismatchRule: Rule<'declaration'> = {
  id: ID,
  version: 1,
  typology: 'CASH_COURIER',
  kinds: ['declaration'],

  evaluate(event, { config, state }): AlertDraft[] {
    const declaration = event.body;
    const carried = carryFinding(state, event, config);
    const settings = ruleSettings(config.rules, ID, declaration.reportingCountry);
    const table = config.reference.countryCurrencies;
    if (!settings.enabled || !table) return [];
    const travel = declaration.travel;
    const places = countriesOf(
      declaration.reportingCountry,
      travel?.originCountry,
      travel?.destinationCountry,
    );
    if (places.length < 2) return [];
    const usual: (readonly string[])[] = [];
    for (const country of places) {
      const currencies = table.countries[country];
      if (!currencies) return [];
      usual.push(currencies);
    }
    const widelyHeld = settings.widelyHeldCurrencies;
    const isExpected = (currency: string) =>
      widelyHeld.includes(currency) || usual.some((currencies) => currencies.includes(currency));
    // The usual case, without building the expected set: every cash item is in an expected currency.
    if (declaration.items.every((item) => item.kind !== 'CURRENCY' || isExpected(item.currency))) return [];
    const expected = new Set<string>([...widelyHeld, ...usual.flat()]);

    const outOfPlace: Record<string, Micros> = {};
    const outOfPlaceUsd: Record<string, Micros> = {};
    let mismatchUsd = 0n;
    for (const item of declaration.items) {
      if (item.kind !== 'CURRENCY' || expected.has(item.currency)) continue;
      const usd = toUsd(item.amount, item.currency, event.eventTime, config.reference.fxRates);
      outOfPlace[item.currency] = (outOfPlace[item.currency] ?? 0n) + item.amount;
      outOfPlaceUsd[item.currency] = (outOfPlaceUsd[item.currency] ?? 0n) + usd;
      mismatchUsd += usd;
    }
    if (mismatchUsd === 0n || mismatchUsd < settings.minAmountUsd) return [];

    const multiple = Number(mismatchUsd / (settings.minAmountUsd > 0n ? settings.minAmountUsd : 1n));
    const score = clampScore(50 + Math.min(30, 10 * Math.log2(Math.max(1, multiple))) + carried.bonus);
    const named = Object.entries(outOfPlace)
      .map(([currency, amount]) => formatMoney(amount, currency))
      .join(', ');
    const draft = personAlert(event, score, {
      amountUsd: mismatchUsd,
      explanation:
        `${named} (${formatMoney(mismatchUsd, 'USD')}) in cash on a ${travel?.originCountry ?? '?'} → ` +
        `${travel?.destinationCountry ?? '?'} journey, a currency of neither end.`,
      evidence: {
        outOfPlace: Object.fromEntries(
          Object.entries(outOfPlace).map(([currency, amount]) => [
            currency,
            { amount: formatDecimal(amount), amountUsd: formatDecimal(outOfPlaceUsd[currency] ?? 0n) },
          ]),
        ),
        mismatchUsd: formatDecimal(mismatchUsd),
        expectedCurrencies: [...expected].sort(),
        countriesJudged: places,
        minAmountUsd: formatDecimal(settings.minAmountUsd),
        currenciesAsOf: table.asOf,
      },
    });
    return [withFinding(draft, carried)];
  },
};
