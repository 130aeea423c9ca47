// The cash-courier and courier-manifest rules (CC-*, CM-*), in the order they run.
import type { AnyRule } from '../rule.ts';
import { thresholdProximityRule } from './cc-threshold-proximity.ts';
import { cashKeywordsRule } from './cm-cash-keywords.ts';

export const cashCourierRules: AnyRule[] = [thresholdProximityRule, cashKeywordsRule];
