// A traveller's (or a control's) declaration of cash and bearer negotiable instruments.
import { z } from 'zod';
import {
  calendarDate,
  country,
  currency,
  freeText,
  locode,
  nonEmpty,
  nonNegativeDecimal,
  optional,
  timestamp,
} from './fields.ts';

export const declaredItemKinds = [
  'CURRENCY',
  'TRAVELLERS_CHEQUE',
  'CHEQUE',
  'MONEY_ORDER',
  'PROMISSORY_NOTE',
  'BEARER_BOND',
  'PREPAID_CARD',
  'GOLD',
  'PRECIOUS_METAL_OTHER',
  'PRECIOUS_STONES',
  'OTHER_BNI',
] as const;

export const currencyDeclarationSchema = z
  .object({
    declarationId: nonEmpty,
    declaredAt: timestamp,
    reportingCountry: country,
    borderPoint: locode,
    direction: z.enum(['INBOUND', 'OUTBOUND', 'TRANSIT']),
    transportMode: z.enum(['AIR', 'SEA', 'ROAD', 'RAIL']),
    traveller: z.object({
      documentType: z.enum(['PASSPORT', 'ID_CARD', 'OTHER']),
      documentNumber: nonEmpty,
      documentCountry: country,
      nationality: optional(country),
      dateOfBirth: optional(calendarDate),
      fullName: optional(nonEmpty),
    }),
    travel: optional(
      z.object({
        carrierCode: optional(nonEmpty),
        flightOrVoyage: optional(nonEmpty),
        bookingReference: optional(nonEmpty),
        originCountry: optional(country),
        destinationCountry: optional(country),
        departureDate: optional(calendarDate),
      }),
    ),
    items: z
      .array(
        z.object({
          kind: z.enum(declaredItemKinds),
          currency,
          amount: nonNegativeDecimal,
        }),
      )
      .min(1, 'at least one item is required')
      .max(100, 'more than 100 items'),
    purpose: optional(freeText),
    control: optional(
      z.object({
        inspected: optional(z.boolean()),
        undeclaredAmount: optional(nonNegativeDecimal),
        undeclaredCurrency: optional(currency),
        seized: optional(z.boolean()),
      }),
    ),
  })
  .superRefine((d, ctx) => {
    if (d.control?.undeclaredAmount !== undefined && d.control.undeclaredCurrency === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['control', 'undeclaredCurrency'],
        message: 'required with undeclaredAmount',
      });
    }
    if (d.traveller.dateOfBirth !== undefined && Date.parse(d.traveller.dateOfBirth) > d.declaredAt) {
      ctx.addIssue({ code: 'custom', path: ['traveller', 'dateOfBirth'], message: 'after the declaration' });
    }
  });

/** A currency declaration as received: it still holds personal data in clear. */
export type CurrencyDeclarationInput = z.output<typeof currencyDeclarationSchema>;
