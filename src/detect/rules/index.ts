// Every rule the detector runs. Add a rule here, its settings block in src/config/rules.ts and
// config/rules.yaml, and its section in docs/rules.md.
import type { AnyRule } from '../rule.ts';
import { thresholdProximityRule } from './cc-threshold-proximity.ts';
import { cashKeywordsRule } from './cm-cash-keywords.ts';
import { unitPriceRule } from './tb-unit-price.ts';

export const allRules: AnyRule[] = [thresholdProximityRule, cashKeywordsRule, unitPriceRule];

export { cashKeywordsRule, thresholdProximityRule, unitPriceRule };
