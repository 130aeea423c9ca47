// The trade-based money-laundering rules (TB-*), in the order they run.
import type { AnyRule } from '../rule.ts';
import { unitPriceRule } from './tb-unit-price.ts';

export const tbmlRules: AnyRule[] = [unitPriceRule];
