// Parameters of the cash-courier and courier-manifest rules (CC-*, CM-*): every field has a default.
import { z } from 'zod';
import { contentTypes } from '../../validate/courier-manifest.ts';
import { decimalAmount } from '../reference.ts';
import { ratio } from './fields.ts';

export const thresholdProximityParameters = {
  /** Lower edge of the proximity band, as a fraction of the threshold. */
  lowerRatio: ratio.default(0.8),
};

export const cashKeywordsParameters = {
  /** Keyword categories (config/reference/keywords.yaml) that count as cash or its equivalents. */
  categories: z
    .array(z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'expected a category name such as "CASH"'))
    .min(1)
    .default(['CASH', 'BNI', 'PREPAID_CARD', 'GOLD']),
  /** Content types under which cash is being passed off as something else. */
  concealingContentTypes: z.array(z.enum(contentTypes)).default(['DOCUMENTS', 'GIFT']),
  /** Declared value (USD) from which the consignment counts as high-value. */
  highValueUsd: decimalAmount.default(10_000_000_000n),
};

/** Rule id → parameter shape, for every CC-* and CM-* rule. */
export const cashCourierParameters = {
  'CC-THRESHOLD-PROXIMITY': thresholdProximityParameters,
  'CM-CASH-KEYWORDS': cashKeywordsParameters,
};
