// Rule settings read from config/rules.yaml: one block per rule id, each with `enabled`, the
// rule's parameters (with defaults) and `overrides` per reporting country. A rule's version is not
// configurable: it lives in the rule and is bumped when its logic or defaults change.
//
// Adding a rule's block: write its parameter shape (every field with a default) and add one line
// to `rulesSchema` below. Unknown rule ids and unknown keys are errors.
import { z } from 'zod';
import { contentTypes } from '../validate/courier-manifest.ts';
import { countryCode, decimalAmount } from './reference.ts';

const RATIO_MESSAGE = 'expected a decimal between 0 and 1';

/** A fraction strictly between 0 and 1 (rules use it to 6 decimal places). */
const ratio = z.number({ error: RATIO_MESSAGE }).gt(0, RATIO_MESSAGE).lt(1, RATIO_MESSAGE);

/** A fraction in [0, 1). */
const fractionFromZero = z
  .number({ error: 'expected a decimal from 0 up to 1' })
  .min(0, 'expected a decimal from 0 up to 1')
  .lt(1, 'expected a decimal from 0 up to 1');

const positiveNumber = z
  .number({ error: 'expected a number greater than 0' })
  .gt(0, 'expected a number greater than 0');

// ---------------------------------------------------------------------------------------------
// Parameters per rule (every field has a default)

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

// ---------------------------------------------------------------------------------------------
// The block every rule shares

/** The override schema of a parameter: the same type, no default, optional. */
function withoutDefault(schema: z.ZodType): z.ZodType {
  return (schema instanceof z.ZodDefault ? (schema.unwrap() as unknown as z.ZodType) : schema).optional();
}

function ruleBlock<Shape extends z.ZodRawShape>(parameters: Shape) {
  const base = z.object({ enabled: z.boolean().default(true), ...parameters });
  const overrideShape = Object.fromEntries(
    Object.entries(base.shape).map(([key, schema]) => [key, withoutDefault(schema as z.ZodType)]),
  );
  const override = z.object(overrideShape).strict() as unknown as ReturnType<typeof base.partial>;
  const block = base
    /** Per reporting country: a partial of `enabled` and the parameters, over the block's values. */
    .extend({ overrides: z.record(countryCode, override).default({}) })
    .strict();
  // Every field has a default, so an absent block is the empty object (`never`: generic input type).
  return block.prefault({} as never);
}

export const rulesSchema = z
  .object({
    'CC-THRESHOLD-PROXIMITY': ruleBlock(thresholdProximityParameters),
    'CM-CASH-KEYWORDS': ruleBlock(cashKeywordsParameters),
    'TB-UNIT-PRICE': ruleBlock(unitPriceParameters),
  })
  .strict();

export type RulesConfig = z.output<typeof rulesSchema>;
export type RuleId = keyof RulesConfig;
/** A rule's effective settings in one reporting country: `enabled` and the parameters. */
export type RuleSettings<Id extends RuleId> = Omit<RulesConfig[Id], 'overrides'>;

/** The block's values with the reporting country's overrides applied. */
export function ruleSettings<Id extends RuleId>(
  rules: RulesConfig,
  id: Id,
  reportingCountry: string,
): RuleSettings<Id> {
  const { overrides, ...base } = rules[id];
  const override = (overrides as Record<string, Record<string, unknown>>)[reportingCountry];
  if (!override) return base as RuleSettings<Id>;
  const settings: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) if (value !== undefined) settings[key] = value;
  return settings as RuleSettings<Id>;
}
