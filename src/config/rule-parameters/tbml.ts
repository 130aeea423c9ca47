// Parameters of the trade-based money-laundering rules (TB-*): every field has a default.
import { z } from 'zod';
import { decimalAmount } from '../reference.ts';
import { fractionFromZero, positiveNumber } from './fields.ts';

export const unitPriceParameters = {
  /** Fence width in interquartile ranges: fences are q1 − k·IQR and q3 + k·IQR. */
  k: positiveNumber.default(1.5),
  /** The lower fence never goes below this fraction of q1 (q1 − k·IQR is often negative). */
  lowerFenceFloorRatio: fractionFromZero.default(0.1),
  /** References with fewer observations are passed over (the rule stays quiet without one). */
  minSampleSize: z.number().int().positive().default(20),
  /** Lines whose estimated value moved (USD) is below this raise no alert. */
  minValueMovedUsd: decimalAmount.default(1_000_000_000n),
};

/** Rule id → parameter shape, for every TB-* rule. */
export const tbmlParameters = {
  'TB-UNIT-PRICE': unitPriceParameters,
};
