// Parameters of the cash-courier and courier-manifest rules (CC-*, CM-*): every field has a default.
import { z } from 'zod';
import { contentTypes } from '../../../core/contract/courier-manifest.ts';
import { declaredItemKinds } from '../../../core/contract/currency-declaration.ts';
import { currencyCode, decimalAmount } from '../../../reference/reference.ts';
import { positiveNumber, ratio } from './fields.ts';

const categoryName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'expected a category name such as "CASH"');
const days = z.number({ error: 'expected a whole number of days' }).int().positive();
const count = (min: number) =>
  z
    .number({ error: `expected a whole number from ${min}` })
    .int()
    .min(min, `expected a whole number from ${min}`);
const scoreBonus = z.number().int().min(0).max(100);

export const thresholdProximityParameters = {
  /** Lower edge of the proximity band, as a fraction of the threshold. */
  lowerRatio: ratio.default(0.8),
};

export const cashKeywordsParameters = {
  /** Keyword categories (config/reference/keywords.yaml) that count as cash or its equivalents. */
  categories: z.array(categoryName).min(1).default(['CASH', 'BNI', 'PREPAID_CARD', 'GOLD']),
  /** Content types under which cash is being passed off as something else. */
  concealingContentTypes: z.array(z.enum(contentTypes)).default(['DOCUMENTS', 'GIFT']),
  /** Declared value (USD) from which the consignment counts as high-value. */
  highValueUsd: decimalAmount.default(10_000_000_000n),
};

export const structuringPersonParameters = {
  /** Sliding window, in days of event time. */
  windowDays: days.default(30),
  /** Declarations under the threshold needed in the window. */
  minDeclarations: count(2).default(2),
};

export const linkedTravellersParameters = {
  /** How long a booking's or a flight's group stays open after its first declaration, in hours. */
  windowHours: z.number().int().positive().default(48),
  /** Distinct travellers, each under the threshold, needed in one group. */
  minTravellers: count(2).default(2),
};

export const velocityParameters = {
  windowDays: days.default(30),
  /** Crossings with cash in the window that make an alert. */
  minCrossings: count(2).default(3),
  /** Declarations under this total (USD) are not counted as crossings with cash. */
  minAmountUsd: decimalAmount.default(0n),
};

export const highRiskRouteParameters = {
  /** Declared (plus undeclared found) total (USD) from which the amount is material. */
  minAmountUsd: decimalAmount.default(5_000_000_000n),
  /** Which FATF lists count. */
  lists: z
    .array(z.enum(['CALL_FOR_ACTION', 'INCREASED_MONITORING']))
    .min(1)
    .default(['CALL_FOR_ACTION', 'INCREASED_MONITORING']),
};

export const amountAnomalyParameters = {
  /** History kept per person and per route, in days (keep it within engine.stateRetentionMs). */
  historyDays: days.default(30),
  /** Prior declarations needed before a person's own history is used. */
  minPersonHistory: count(2).default(3),
  /** Prior declarations needed before a route's history is used. */
  minRouteHistory: count(3).default(8),
  /** Most recent declarations kept per person and per route. */
  maxHistory: count(5).default(50),
  /** Robust z-score (0.6745 × (x − median) / MAD on ln USD) from which the amount is anomalous. */
  zThreshold: positiveNumber.default(3.5),
  /** Smallest MAD used (on ln amounts): identical past amounts do not make every change infinite. */
  madFloor: positiveNumber.default(0.1),
  /** Totals (USD) under this are never anomalous. */
  minAmountUsd: decimalAmount.default(1_000_000_000n),
};

export const undeclaredFoundParameters = {
  /** How long a finding raises the person's later alerts (all CC-* person rules), in days. */
  carryOverDays: days.default(30),
  /** Added to the score of that person's later CC-* alerts while the finding is carried. */
  laterScoreBonus: scoreBonus.default(15),
};

export const bniGoldParameters = {
  /** Item kinds that count as bearer instruments, prepaid cards or gold. */
  kinds: z
    .array(z.enum(declaredItemKinds))
    .min(1)
    .default(declaredItemKinds.filter((kind) => kind !== 'CURRENCY')),
  /** They must make up more than this share of the total (USD). */
  minShare: ratio.default(0.5),
  /** Totals (USD) under this are not judged. */
  minAmountUsd: decimalAmount.default(5_000_000_000n),
};

export const currencyRouteMismatchParameters = {
  /** Currencies never out of place (held worldwide). */
  widelyHeldCurrencies: z.array(currencyCode).default(['USD', 'EUR']),
  /** Cash (USD) in out-of-place currencies from which the alert fires. */
  minAmountUsd: decimalAmount.default(5_000_000_000n),
};

const contentLimits = z
  .object({
    /** Gross weight (kg) above which the content type does not fit. */
    maxWeightKg: decimalAmount,
    maxPieces: z.number().int().positive(),
    /** Declared value (USD) above which the content type does not fit. */
    maxValueUsd: decimalAmount,
  })
  .strict();

export const documentsAnomalyParameters = {
  /** Limits per content type; a content type with no entry is not judged. */
  limits: z.partialRecord(z.enum(contentTypes), contentLimits).default({
    DOCUMENTS: { maxWeightKg: 2_000_000n, maxPieces: 3, maxValueUsd: 100_000_000n },
    GIFT: { maxWeightKg: 20_000_000n, maxPieces: 5, maxValueUsd: 1_000_000_000n },
  }),
  /** Keyword category whose terms describe documents (an item described only so is documents). */
  documentsCategory: categoryName.default('DOCUMENTS'),
};

export const valueWeightParameters = {
  /** Consignments lighter than this (kg) are not judged (envelopes make ratios meaningless). */
  minWeightKg: decimalAmount.default(200_000n),
  /** Multiplies the reference range's width: the alert fires below low ÷ factor or above high × factor. */
  factor: z.number().min(1).default(1),
};

export const fanParameters = {
  windowDays: days.default(7),
  /** Distinct counterparties in the window that make an alert. */
  minCounterparties: count(2).default(5),
  /** Added per counterparty in a high-risk country (FATF lists), at most +20. */
  highRiskBonus: scoreBonus.default(5),
};

export const armsParameters = {
  /** HS prefixes of arms, parts and ammunition. */
  hsPrefixes: z.array(z.string().regex(/^\d{2,10}$/)).default(['93']),
  keywordCategory: categoryName.default('ARMS'),
  /** Content types under which an arms item is passed off as something else. */
  concealingContentTypes: z.array(z.enum(contentTypes)).default(['DOCUMENTS', 'GIFT']),
};

export const precursorParameters = {
  keywordCategory: categoryName.default('PRECURSOR'),
  /** Content types under which a precursor is passed off as something else. */
  concealingContentTypes: z.array(z.enum(contentTypes)).default(['DOCUMENTS', 'GIFT']),
};

/** Rule id → parameter shape, for every CC-* and CM-* rule. */
export const cashCourierParameters = {
  'CC-THRESHOLD-PROXIMITY': thresholdProximityParameters,
  'CC-STRUCTURING-PERSON': structuringPersonParameters,
  'CC-LINKED-TRAVELLERS': linkedTravellersParameters,
  'CC-VELOCITY': velocityParameters,
  'CC-HIGH-RISK-ROUTE': highRiskRouteParameters,
  'CC-AMOUNT-ANOMALY': amountAnomalyParameters,
  'CC-UNDECLARED-FOUND': undeclaredFoundParameters,
  'CC-BNI-GOLD': bniGoldParameters,
  'CC-CURRENCY-ROUTE-MISMATCH': currencyRouteMismatchParameters,
  'CM-CASH-KEYWORDS': cashKeywordsParameters,
  'CM-DOCUMENTS-ANOMALY': documentsAnomalyParameters,
  'CM-VALUE-WEIGHT': valueWeightParameters,
  'CM-FAN-IN': fanParameters,
  'CM-FAN-OUT': fanParameters,
  'CM-ARMS': armsParameters,
  'CM-PRECURSOR': precursorParameters,
};
