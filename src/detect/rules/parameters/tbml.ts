// Parameters of the trade-based money-laundering rules (TB-*): every field has a default.
// Windows are in days of event time; keep them within engine.stateRetentionMs (35 days by default),
// since state is rebuilt after a restart from the stored events of that period only.
import { z } from 'zod';
import { countryCode, decimalAmount } from '../../../reference/reference.ts';
import { fractionFromZero, positiveNumber, ratio } from './fields.ts';

const windowDays = z
  .number({ error: 'expected a whole number of days from 1 to 35' })
  .int('expected a whole number of days from 1 to 35')
  .min(1, 'expected a whole number of days from 1 to 35')
  .max(35, 'expected a whole number of days from 1 to 35 (state is rebuilt from 35 days at most)');

const sourceList = z
  .array(z.enum(['config', 'learned-table', 'stream']))
  .min(1)
  .refine((list) => new Set(list).size === list.length, 'expected each source at most once');

/** Reference lookup and stream statistics, shared by TB-UNIT-PRICE and TB-VALUE-PER-KG. */
const referenceParameters = {
  /** Fence width in interquartile ranges: fences are q1 − k·IQR and q3 + k·IQR. */
  k: positiveNumber.default(1.5),
  /** The lower fence never goes below this fraction of q1 (q1 − k·IQR is often negative). */
  lowerFenceFloorRatio: fractionFromZero.default(0.1),
  /** Table entries (config, learned-table) with fewer observations are passed over. */
  minSampleSize: z.number().int().positive().default(20),
  /** Where reference ranges come from, in order of preference at each HS level. */
  referenceSources: sourceList.default(['config', 'learned-table', 'stream']),
  /** Stream statistics: observations needed in the window before they are used. */
  minLearnedSampleSize: z.number().int().positive().default(30),
  /** Stream statistics: the sliding window, in whole UTC days. */
  learningWindowDays: windowDays.default(30),
  /** Stream statistics: relative accuracy of the quantile sketch. */
  sketchRelativeAccuracy: ratio.default(0.01),
  /** Lines whose estimated value moved (USD) is below this raise no alert. */
  minValueMovedUsd: decimalAmount.default(1_000_000_000n),
};

export const unitPriceParameters = { ...referenceParameters };

export const valuePerKgParameters = { ...referenceParameters };

export const multipleInvoicingParameters = {
  /** How long an invoice is remembered, in days. */
  windowDays: windowDays.default(30),
  /** Duplicates below this total (USD) raise no alert. */
  minValueUsd: decimalAmount.default(1_000_000_000n),
};

export const invoiceArithmeticParameters = {
  /** Difference between the total and the sum of lines accepted as rounding, in the invoice currency. */
  tolerance: decimalAmount.default(1_000_000n),
  /** ... or this fraction of the sum of lines, whichever is larger. */
  toleranceRatio: fractionFromZero.default(0.001),
};

export const thirdPartyPaymentParameters = {
  /** Payments below this invoice total (USD) raise no alert. */
  minValueUsd: decimalAmount.default(0n),
};

export const highRiskRoutingParameters = {
  /** This many transit countries or more is unusual routing. */
  manyTransitCountries: z.number().int().positive().default(3),
  /** Countries whose free-trade zones are common transshipment points. */
  freeTradeZoneCountries: z.array(countryCode).default(['AE', 'HK', 'PA', 'SG']),
  /** This many transits through free-trade-zone countries or more is unusual routing. */
  freeTradeZoneTransits: z.number().int().positive().default(2),
  /** Invoices below this total (USD) raise no alert. */
  minValueUsd: decimalAmount.default(10_000_000_000n),
};

export const lineOfBusinessParameters = {
  /** History kept per trader, in days. */
  historyDays: windowDays.default(30),
  /** Invoices a trader must have in its history before a new chapter counts as unusual. */
  minHistoryInvoices: z.number().int().positive().default(5),
  /** Lines in new chapters worth less than this (USD) raise no alert. */
  minValueUsd: decimalAmount.default(5_000_000_000n),
};

export const volumeSpikeParameters = {
  /** The rolling window whose value is compared, in days (the invoice's day included). */
  recentDays: windowDays.default(7),
  /** The baseline before it, in days (recentDays + baselineDays ≤ 35). */
  baselineDays: windowDays.default(28),
  /** The rolling value must reach this multiple of the baseline's value per recentDays. */
  spikeRatio: positiveNumber.default(5),
  /** ... and at least this (USD). */
  minValueUsd: decimalAmount.default(50_000_000_000n),
  /** A trader with no invoice in recentDays + baselineDays starting at this (USD) or more. */
  newTraderValueUsd: decimalAmount.default(250_000_000_000n),
};

export const roundAmountParameters = {
  /** A total that is a whole multiple of this (invoice currency) is round. */
  roundUnit: decimalAmount.default(10_000_000_000n),
  /** Only invoices with at most this many lines. */
  maxLines: z.number().int().positive().default(2),
  /** Totals below this (USD) raise no alert. */
  minValueUsd: decimalAmount.default(50_000_000_000n),
};

export const mirrorMismatchParameters = {
  /** How long a record waits for its mirror, in days. */
  windowDays: windowDays.default(30),
  /** The import value may exceed the export's by this fraction (freight and insurance, CIF vs FOB). */
  cifMargin: fractionFromZero.default(0.2),
  /** ... and fall below it by this fraction. */
  lowerMargin: fractionFromZero.default(0.05),
  /** Quantities per HS code and unit may differ by this fraction. */
  quantityTolerance: fractionFromZero.default(0.05),
  /** Value gaps beyond the margin below this (USD) raise no alert (quantity gaps always do). */
  minGapUsd: decimalAmount.default(1_000_000_000n),
};

export const cashPaymentParameters = {
  /** Trade paid in cash for more than this total (USD) raises an alert. */
  thresholdUsd: decimalAmount.default(10_000_000_000n),
};

/** Programme Global Shield explosive precursors and IED components (HS 2022 subheadings). */
export const GLOBAL_SHIELD_HS = [
  '310230', // ammonium nitrate
  '310240', // calcium ammonium nitrate
  '310229', // ammonium sulphate nitrate
  '310250', // sodium nitrate
  '310210', // urea
  '283421', // potassium nitrate
  '282919', // potassium chlorate
  '282911', // sodium chlorate
  '282990', // potassium perchlorate
  '280800', // nitric acid
  '284700', // hydrogen peroxide
  '290420', // nitromethane
  '291411', // acetone
  '760310', // aluminium powder, non-lamellar
  '760320', // aluminium powder, lamellar; flakes
  '3603', // fuses, detonating cords, caps, igniters, detonators (HS 2017 3603.00)
];

export const precursorParameters = {
  /** HS code prefixes of the monitored chemicals and components, used when config/reference/precursors.yaml is absent. */
  hsPrefixes: z
    .array(z.string().regex(/^\d{4,10}$/, 'expected an HS code prefix of 4 to 10 digits'))
    .min(1)
    .default(GLOBAL_SHIELD_HS),
  /** Trader history kept, in days (a trader with no line in the chapter within it is new to it). */
  historyDays: windowDays.default(30),
};

/** Rule id → parameter shape, for every TB-* rule. */
export const tbmlParameters = {
  'TB-UNIT-PRICE': unitPriceParameters,
  'TB-VALUE-PER-KG': valuePerKgParameters,
  'TB-MULTIPLE-INVOICING': multipleInvoicingParameters,
  'TB-INVOICE-ARITHMETIC': invoiceArithmeticParameters,
  'TB-THIRD-PARTY-PAYMENT': thirdPartyPaymentParameters,
  'TB-HIGH-RISK-ROUTING': highRiskRoutingParameters,
  'TB-LINE-OF-BUSINESS': lineOfBusinessParameters,
  'TB-VOLUME-SPIKE': volumeSpikeParameters,
  'TB-ROUND-AMOUNT': roundAmountParameters,
  'TB-MIRROR-MISMATCH': mirrorMismatchParameters,
  'TB-CASH-PAYMENT': cashPaymentParameters,
  'TB-PRECURSOR': precursorParameters,
};
