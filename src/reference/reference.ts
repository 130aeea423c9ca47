// Reference data read from config/reference/*.yaml: declaration thresholds, FX rates, high-risk
// jurisdictions, manifest keyword lists and reference unit prices. Every list carries `asOf` and
// `source`, because operators replace them as the law, the FATF lists and the markets change.
import { z } from 'zod';
import { type Micros, parseDecimal } from '../core/money.ts';

// ---------------------------------------------------------------------------------------------
// Shared field types

export const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code such as "MX"');
export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code such as "EUR"');

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.toISOString().slice(0, 10) === text;
}

/** A calendar date "YYYY-MM-DD", kept as text. */
export const isoDate = z.string().refine(isCalendarDate, 'expected a date "YYYY-MM-DD"');

const nonEmptyText = z.string().trim().min(1, 'expected a non-empty text');

/**
 * An amount as a decimal string ("10000.00"; a YAML number is accepted too), at most 6 decimal
 * places, parsed to exact micro-units.
 */
export const decimalAmount = z
  .union([z.string(), z.number()], { error: 'expected a decimal amount such as "10000.00"' })
  .transform((value, ctx): Micros => {
    const micros = parseDecimal(value);
    if (micros === null || micros < 0n) {
      ctx.addIssue({ code: 'custom', message: 'expected a non-negative decimal amount such as "10000.00"' });
      return z.NEVER;
    }
    return micros;
  });

const positiveAmount = decimalAmount.refine((m) => m > 0n, 'expected an amount greater than zero');

/** The provenance every list carries. */
const listInfo = { asOf: isoDate, source: nonEmptyText };

// ---------------------------------------------------------------------------------------------
// Declaration thresholds

/** The 27 EU member states (ISO codes: Greece is GR), for the `EU` group of thresholds.yaml. */
// biome-ignore format: two rows read better than 27
export const EU_MEMBER_STATES = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU',
  'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
] as const;

/** Groups a threshold entry may name instead of a country; each expands to its members. */
export const THRESHOLD_GROUPS: Readonly<Record<string, readonly string[]>> = { EU: EU_MEMBER_STATES };

export const boundaries = ['AT_OR_ABOVE', 'ABOVE'] as const;
/** AT_OR_ABOVE: "10,000 or more" must be declared (EU); ABOVE: "more than 10,000" (US). */
export type Boundary = (typeof boundaries)[number];

export const declarationDirections = ['INBOUND', 'OUTBOUND', 'TRANSIT'] as const;
export type DeclarationDirection = (typeof declarationDirections)[number];

const thresholdEntry = z
  .object({
    amount: positiveAmount,
    currency: currencyCode,
    boundary: z.enum(boundaries, { error: 'expected AT_OR_ABOVE ("or more") or ABOVE ("more than")' }),
    /** The crossings the duty applies to; Türkiye, for example, only asks on exit. */
    directions: z
      .array(z.enum(declarationDirections))
      .min(1)
      .default([...declarationDirections]),
    /** Legal basis or caveat, for the alert's reader. */
    note: nonEmptyText.optional(),
  })
  .strict();

export type ThresholdEntry = z.output<typeof thresholdEntry>;
export type CountryThreshold = ThresholdEntry & {
  /** The group the entry came from (e.g. "EU"), absent for a country's own entry. */
  group?: string;
};

const thresholdKey = z
  .string()
  .refine(
    (key) => /^[A-Z]{2}$/.test(key) || key in THRESHOLD_GROUPS,
    `expected an ISO country code or a group (${Object.keys(THRESHOLD_GROUPS).join(', ')})`,
  );

export const thresholdsSchema = z
  .object({
    ...listInfo,
    /** For reporting countries with no entry. */
    default: thresholdEntry.prefault({ amount: '10000', currency: 'USD', boundary: 'ABOVE' }),
    /** Per reporting country, or per group (EU); a country's own entry wins over its group's. */
    countries: z.record(thresholdKey, thresholdEntry),
  })
  .strict()
  .transform(({ countries, ...rest }) => {
    const expanded: Record<string, CountryThreshold> = {};
    for (const [key, entry] of Object.entries(countries)) {
      for (const member of THRESHOLD_GROUPS[key] ?? []) expanded[member] ??= { ...entry, group: key };
    }
    for (const [key, entry] of Object.entries(countries)) {
      if (!(key in THRESHOLD_GROUPS)) expanded[key] = entry;
    }
    return { ...rest, countries: expanded };
  });

export type ThresholdTable = z.output<typeof thresholdsSchema>;

// ---------------------------------------------------------------------------------------------
// FX rates

/** A rate as an exact fraction: `num / den` US dollars per unit of the currency. */
export interface FxRate {
  /** First day the rate applies, "YYYY-MM-DD" (a month key "YYYY-MM" starts on its first day). */
  from: string;
  /** The rate as written in the file. */
  rate: string;
  num: bigint;
  den: bigint;
}

const RATE = /^(\d{1,12})(?:\.(\d{1,12}))?$/;

const fxRateText = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const text = String(value).trim();
  const match = RATE.exec(text);
  const num = match ? BigInt(`${match[1]}${match[2] ?? ''}`) : 0n;
  if (!match || num === 0n) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected a positive decimal rate (US dollars per unit) such as "1.0850"',
    });
    return z.NEVER;
  }
  return { rate: text, num, den: 10n ** BigInt(match[2]?.length ?? 0) };
});

const rateDate = z
  .string()
  .refine(
    (key) => isCalendarDate(key) || isCalendarDate(`${key}-01`),
    'expected a date "YYYY-MM-DD" or a month "YYYY-MM"',
  );

export const fxRatesSchema = z
  .object({
    ...listInfo,
    /** A rate older than this on the event date counts as missing; null: no limit. */
    maxAgeDays: z.number().int().positive().nullable().default(null),
    /** Per currency, per date or month: US dollars per unit of the currency. USD itself is always 1. */
    rates: z.record(currencyCode, z.record(rateDate, fxRateText)),
  })
  .strict()
  .superRefine((table, ctx) => {
    for (const [currency, byDate] of Object.entries(table.rates)) {
      const seen = new Map<string, string>();
      for (const key of Object.keys(byDate)) {
        const from = key.length === 7 ? `${key}-01` : key;
        const other = seen.get(from);
        if (other !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['rates', currency, key], message: `same day as "${other}"` });
        }
        seen.set(from, key);
      }
    }
  })
  .transform(({ rates, ...rest }) => {
    const sorted: Record<string, FxRate[]> = {};
    for (const [currency, byDate] of Object.entries(rates)) {
      sorted[currency] = Object.entries(byDate)
        .map(([key, rate]) => ({ from: key.length === 7 ? `${key}-01` : key, ...rate }))
        .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    }
    return { ...rest, rates: sorted };
  });

export type FxTable = z.output<typeof fxRatesSchema>;

// ---------------------------------------------------------------------------------------------
// High-risk jurisdictions (FATF public statements)

export const highRiskJurisdictionsSchema = z
  .object({
    ...listInfo,
    /** "High-risk jurisdictions subject to a call for action" (black list). */
    callForAction: z.array(countryCode),
    /** "Jurisdictions under increased monitoring" (grey list). */
    increasedMonitoring: z.array(countryCode),
  })
  .strict();

export type HighRiskJurisdictions = z.output<typeof highRiskJurisdictionsSchema>;
export type HighRiskLevel = 'CALL_FOR_ACTION' | 'INCREASED_MONITORING';

/** The FATF list a country is on, or null. */
export function highRiskLevel(country: string, lists: HighRiskJurisdictions): HighRiskLevel | null {
  if (lists.callForAction.includes(country)) return 'CALL_FOR_ACTION';
  if (lists.increasedMonitoring.includes(country)) return 'INCREASED_MONITORING';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Keyword lists for manifest descriptions

const categoryName = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]*$/, 'expected an upper-case category name such as "CASH"');
const languageCode = z.string().regex(/^[a-z]{2}$/, 'expected an ISO 639-1 language code such as "en"');
const termList = z.array(nonEmptyText);

export const keywordsSchema = z
  .object({
    ...listInfo,
    /** Terms per category and language; a term of several words matches as a phrase. */
    categories: z.record(categoryName, z.record(languageCode, termList)),
    /** Phrases that cancel a term they contain ("cash register"); matched exactly, never fuzzily. */
    exclude: z.record(languageCode, termList).default({}),
  })
  .strict();

export type KeywordLists = z.output<typeof keywordsSchema>;

// ---------------------------------------------------------------------------------------------
// Reference unit prices (config source of TB-UNIT-PRICE)

const referenceHsCode = z
  .string()
  .transform((s) => s.replace(/[.\s]/g, ''))
  .pipe(z.string().regex(/^(\d{6}|\d{8}|\d{10})$/, 'expected an HS code of 6, 8 or 10 digits'));

const referencePrice = z
  .object({
    hsCode: referenceHsCode,
    unit: z.string().regex(/^[A-Z0-9]{2,3}$/, 'expected a UN/ECE Rec. 20 unit code such as "KGM"'),
    /** Country of origin the range is specific to; absent: any origin. */
    origin: countryCode.optional(),
    /** Unit prices in US dollars. */
    q1: decimalAmount,
    median: decimalAmount,
    q3: decimalAmount,
    sampleSize: z.number().int().positive(),
    asOf: isoDate,
    source: nonEmptyText,
  })
  .strict()
  .refine((p) => p.q1 <= p.median && p.median <= p.q3, 'expected q1 <= median <= q3');

export type ReferencePrice = z.output<typeof referencePrice>;

export const referencePricesSchema = z
  .object({ ...listInfo, prices: z.array(referencePrice) })
  .strict()
  .superRefine((table, ctx) => {
    const seen = new Set<string>();
    table.prices.forEach((price, index) => {
      const key = referencePriceKey(price.hsCode, price.unit, price.origin);
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', path: ['prices', index], message: `duplicate entry for ${key}` });
      seen.add(key);
    });
  });

export type ReferencePriceTable = z.output<typeof referencePricesSchema>;

/** "610910/NMB" or "610910/NMB/CN". */
export function referencePriceKey(hsCode: string, unit: string, origin?: string): string {
  return origin === undefined ? `${hsCode}/${unit}` : `${hsCode}/${unit}/${origin}`;
}

export type ReferenceLevel = 'HS10' | 'HS8' | 'HS6';

// ---------------------------------------------------------------------------------------------
// Usual currencies per country (CC-CURRENCY-ROUTE-MISMATCH): the money a journey's ends use.

export const countryCurrenciesSchema = z
  .object({
    ...listInfo,
    /** Country → the currencies travellers from or to it usually carry (its own, and any in common use). */
    countries: z.record(countryCode, z.array(currencyCode).min(1)),
  })
  .strict();

export type CountryCurrencies = z.output<typeof countryCurrenciesSchema>;

// ---------------------------------------------------------------------------------------------
// Explosive precursors and IED components (Programme Global Shield), by HS subheading

const hsPrefix = z
  .string()
  .transform((s) => s.replace(/[.\s]/g, ''))
  .pipe(z.string().regex(/^\d{2,10}$/, 'expected an HS code or prefix of 2 to 10 digits'));

export const precursorKinds = ['CHEMICAL', 'IED_COMPONENT'] as const;

export const precursorsSchema = z
  .object({
    ...listInfo,
    items: z.array(
      z
        .object({
          name: nonEmptyText,
          kind: z.enum(precursorKinds),
          /** HS subheadings (or prefixes): an item's code that starts with one of them matches. */
          hsCodes: z.array(hsPrefix).min(1),
        })
        .strict(),
    ),
  })
  .strict();

export type PrecursorList = z.output<typeof precursorsSchema>;
export type PrecursorEntry = PrecursorList['items'][number];

/** The listed precursor whose HS code is the longest prefix of `hsCode`, or null. */
export function findPrecursor(
  list: PrecursorList,
  hsCode: string,
): { entry: PrecursorEntry; hsCode: string } | null {
  let best: { entry: PrecursorEntry; hsCode: string } | null = null;
  for (const entry of list.items) {
    for (const code of entry.hsCodes) {
      if (hsCode.startsWith(code) && (!best || code.length > best.hsCode.length))
        best = { entry, hsCode: code };
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Plausible declared value per kilogram by HS prefix (CM-VALUE-WEIGHT)

export const valuePerKgSchema = z
  .object({
    ...listInfo,
    ranges: z.array(
      z
        .object({
          /** HS chapter (2 digits), heading (4) or subheading (6). */
          hsPrefix,
          description: nonEmptyText,
          /** US dollars per kilogram of gross weight. */
          lowUsd: decimalAmount,
          highUsd: decimalAmount,
        })
        .strict()
        .refine((r) => r.lowUsd < r.highUsd, 'expected lowUsd < highUsd'),
    ),
  })
  .strict();

export type ValuePerKgTable = z.output<typeof valuePerKgSchema>;
export type ValuePerKgRange = ValuePerKgTable['ranges'][number];

/** The range of the longest HS prefix that `hsCode` starts with, or null. */
export function findValuePerKg(table: ValuePerKgTable, hsCode: string): ValuePerKgRange | null {
  let best: ValuePerKgRange | null = null;
  for (const range of table.ranges) {
    if (hsCode.startsWith(range.hsPrefix) && (!best || range.hsPrefix.length > best.hsPrefix.length))
      best = range;
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// All reference data: one key per file in config/reference/ (file name in camelCase).

export const referenceSchema = z
  .object({
    thresholds: thresholdsSchema,
    fxRates: fxRatesSchema,
    highRiskJurisdictions: highRiskJurisdictionsSchema,
    keywords: keywordsSchema,
    referencePrices: referencePricesSchema,
    /** Optional (CC-CURRENCY-ROUTE-MISMATCH stays quiet without it): country-currencies.yaml. */
    countryCurrencies: countryCurrenciesSchema.optional(),
    /** Optional (CM-PRECURSOR then matches names only): precursors.yaml. */
    precursors: precursorsSchema.optional(),
    /** Optional (CM-VALUE-WEIGHT stays quiet without it): value-per-kg.yaml. */
    valuePerKg: valuePerKgSchema.optional(),
    /** Optional: the table `customs-aml reference build` wrote (learned-reference-prices.yaml). */
    learnedReferencePrices: referencePricesSchema.optional(),
  })
  .strict();

export type ReferenceData = z.output<typeof referenceSchema>;
