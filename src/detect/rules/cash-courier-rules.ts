// The cash-courier and courier-manifest rules (CC-*, CM-*), in the order they run.
import type { AnyRule } from '../rule.ts';
import { amountAnomalyRule } from './cc-amount-anomaly.ts';
import { bniGoldRule } from './cc-bni-gold.ts';
import { currencyRouteMismatchRule } from './cc-currency-route-mismatch.ts';
import { highRiskRouteRule } from './cc-high-risk-route.ts';
import { linkedTravellersRule } from './cc-linked-travellers.ts';
import { structuringPersonRule } from './cc-structuring-person.ts';
import { thresholdProximityRule } from './cc-threshold-proximity.ts';
import { undeclaredFoundRule } from './cc-undeclared-found.ts';
import { velocityRule } from './cc-velocity.ts';
import { armsRule } from './cm-arms.ts';
import { cashKeywordsRule } from './cm-cash-keywords.ts';
import { documentsAnomalyRule } from './cm-documents-anomaly.ts';
import { fanInRule, fanOutRule } from './cm-fan.ts';
import { precursorRule } from './cm-precursor.ts';
import { valueWeightRule } from './cm-value-weight.ts';

export const cashCourierRules: AnyRule[] = [
  thresholdProximityRule,
  structuringPersonRule,
  linkedTravellersRule,
  velocityRule,
  highRiskRouteRule,
  amountAnomalyRule,
  undeclaredFoundRule,
  bniGoldRule,
  currencyRouteMismatchRule,
  cashKeywordsRule,
  documentsAnomalyRule,
  valueWeightRule,
  fanInRule,
  fanOutRule,
  armsRule,
  precursorRule,
];
