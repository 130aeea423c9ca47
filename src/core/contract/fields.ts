// Field-level zod building blocks shared by the three event schemas: codes, money, time.
import { z } from 'zod';
import { type Micros, parseDecimal } from '../money.ts';

export const country = z.string().regex(/^[A-Z]{2}$/, 'not an ISO 3166-1 alpha-2 country code');
export const currency = z.string().regex(/^[A-Z]{3}$/, 'not an ISO 4217 currency code');
export const locode = z.string().regex(/^[A-Z]{2}[A-Z2-9]{3}$/, 'not a UN/LOCODE');
/** HS codes arrive as "3102.30" or "310230"; kept as digits only, 6 to 10 of them. */
export const hsCode = z
  .string()
  .transform((s) => s.replace(/[.\s]/g, ''))
  .pipe(z.string().regex(/^\d{6,10}$/, 'not an HS code of 6 to 10 digits'));
export const nonEmpty = z.string().trim().min(1, 'empty').max(512, 'longer than 512 characters');
export const freeText = z.string().max(4096, 'longer than 4096 characters');

/** A decimal amount as a string ("9850.00") or a JSON number, parsed to exact micro-units. */
export const decimal = z.union([z.string(), z.number()]).transform((value, ctx): Micros => {
  const micros = parseDecimal(value);
  if (micros === null) {
    ctx.addIssue({ code: 'custom', message: 'not a decimal amount with at most 6 decimal places' });
    return z.NEVER;
  }
  return micros;
});
export const nonNegativeDecimal = decimal.refine((m) => m >= 0n, 'negative amount');

const EARLIEST = Date.UTC(1990, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

/** Event time: ISO 8601 with a zone (JSON), or epoch milliseconds (Avro timestamp-millis). Epoch ms out. */
export const timestamp = z
  .union([z.iso.datetime({ offset: true }), z.number().int(), z.date()])
  .transform((value) =>
    typeof value === 'string' ? Date.parse(value) : value instanceof Date ? value.getTime() : value,
  )
  .refine((ms) => ms >= EARLIEST && ms < LATEST, 'time outside 1990–2100');

/** Calendar date "YYYY-MM-DD", kept as text (no zone, no time). */
export const calendarDate = z.iso.date('not a YYYY-MM-DD date');

/** Optional field: absent and null mean the same; both come out as undefined. */
export function optional<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((v) => v ?? undefined);
}
