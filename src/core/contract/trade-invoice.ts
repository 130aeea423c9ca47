// A commercial invoice lodged with an import or export declaration, line by line.
// Totals that do not add up and non-positive lines are NOT rejected here: they are the evidence
// of TB-INVOICE-ARITHMETIC, which an analyst must see as an alert, not in a dead-letter topic.
import { z } from 'zod';
import { calendarDate, country, currency, decimal, hsCode, nonEmpty, optional, timestamp } from './fields.ts';

export const paymentMethods = ['LETTER_OF_CREDIT', 'OPEN_ACCOUNT', 'ADVANCE', 'CASH', 'OTHER'] as const;

/** How the goods crossed the border; OTHER when the source's code has no equivalent here. */
export const invoiceTransportModes = ['AIR', 'SEA', 'ROAD', 'RAIL', 'POST', 'OTHER'] as const;

export const MAX_ATTRIBUTES = 32;

/**
 * Operator-defined categorical attributes of the declaration (a procedure code, a duty payment
 * type): short snake_case names to short texts, for features and filters, never for personal data.
 */
export const declarationAttributes = z
  .record(
    z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'not an attribute name (a-z, 0-9, _; at most 40; a letter first)'),
    z.string().max(200, 'longer than 200 characters'),
  )
  .refine((map) => Object.keys(map).length <= MAX_ATTRIBUTES, `more than ${MAX_ATTRIBUTES} attributes`);

const trader = z.object({ id: nonEmpty, name: nonEmpty, country });

export const tradeInvoiceSchema = z
  .object({
    invoiceId: nonEmpty,
    invoiceNumber: nonEmpty,
    invoiceDate: calendarDate,
    declaredAt: timestamp,
    flow: z.enum(['IMPORT', 'EXPORT']),
    reportingCountry: country,
    exporter: trader,
    importer: trader,
    originCountry: country,
    dispatchCountry: country,
    destinationCountry: country,
    transitCountries: optional(z.array(country).max(20, 'more than 20 transit countries')),
    incoterm: optional(z.string().regex(/^[A-Z]{3}$/, 'not an Incoterms code')),
    currency,
    totalValue: decimal,
    transportDocument: optional(nonEmpty),
    payment: optional(
      z.object({
        method: optional(z.enum(paymentMethods)),
        payerName: optional(nonEmpty),
        payerCountry: optional(country),
      }),
    ),
    /** The customs broker or declarant trader who lodged the declaration (a trader id, not personal data). */
    declarant: optional(z.object({ id: nonEmpty })),
    /** The customs office's code, as the administration numbers its offices. */
    customsOffice: optional(nonEmpty),
    transportMode: optional(z.enum(invoiceTransportModes)),
    attributes: optional(declarationAttributes),
    lines: z
      .array(
        z.object({
          hsCode,
          description: z.string().max(4096, 'longer than 4096 characters'),
          quantity: decimal,
          unit: z.string().regex(/^[A-Z0-9]{2,3}$/, 'not a UN/ECE Rec. 20 unit code'),
          netWeightKg: optional(decimal),
          value: decimal,
        }),
      )
      .min(1, 'at least one line is required')
      .max(1000, 'more than 1000 lines'),
  })
  .superRefine((invoice, ctx) => {
    const declared = invoice.declaredAt;
    const invoiced = Date.parse(invoice.invoiceDate);
    const day = 86_400_000;
    if (invoiced > declared + 366 * day || invoiced < declared - 10 * 366 * day) {
      ctx.addIssue({
        code: 'custom',
        path: ['invoiceDate'],
        message: 'more than a year after or ten years before declaredAt',
      });
    }
  });

export type TradeInvoiceInput = z.output<typeof tradeInvoiceSchema>;
