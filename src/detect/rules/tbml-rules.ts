// The trade-based money-laundering rules (TB-*), in the order they run.
import type { AnyRule } from '../rule.ts';
import { cashPaymentRule } from './tb-cash-payment.ts';
import { highRiskRoutingRule } from './tb-high-risk-routing.ts';
import { invoiceArithmeticRule } from './tb-invoice-arithmetic.ts';
import { lineOfBusinessRule } from './tb-line-of-business.ts';
import { mirrorMismatchRule } from './tb-mirror-mismatch.ts';
import { multipleInvoicingRule } from './tb-multiple-invoicing.ts';
import { precursorRule } from './tb-precursor.ts';
import { roundAmountRule } from './tb-round-amount.ts';
import { thirdPartyPaymentRule } from './tb-third-party-payment.ts';
import { unitPriceRule } from './tb-unit-price.ts';
import { valuePerKgRule } from './tb-value-per-kg.ts';
import { volumeSpikeRule } from './tb-volume-spike.ts';

export const tbmlRules: AnyRule[] = [
  unitPriceRule,
  valuePerKgRule,
  multipleInvoicingRule,
  invoiceArithmeticRule,
  thirdPartyPaymentRule,
  highRiskRoutingRule,
  lineOfBusinessRule,
  volumeSpikeRule,
  roundAmountRule,
  mirrorMismatchRule,
  cashPaymentRule,
  precursorRule,
];
