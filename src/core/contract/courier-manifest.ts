// One express-courier or postal consignment (house waybill) as the carrier reports it.
import { z } from 'zod';
import {
  country,
  currency,
  freeText,
  hsCode,
  nonEmpty,
  nonNegativeDecimal,
  optional,
  timestamp,
} from './fields.ts';

export const contentTypes = [
  'DOCUMENTS',
  'GIFT',
  'SAMPLE',
  'MERCHANDISE',
  'RETURNED_GOODS',
  'OTHER',
] as const;

const party = z.object({
  name: nonEmpty,
  address: optional(freeText),
  country,
  id: optional(nonEmpty),
});

export const courierManifestSchema = z.object({
  consignmentId: nonEmpty,
  masterWaybill: optional(nonEmpty),
  carrier: nonEmpty,
  reportedAt: timestamp,
  reportingCountry: country,
  originCountry: country,
  destinationCountry: country,
  shipper: party,
  consignee: party,
  contentType: z.enum(contentTypes),
  declaredValue: nonNegativeDecimal,
  currency,
  grossWeightKg: nonNegativeDecimal,
  pieces: z.number().int().min(1, 'at least one piece').max(100_000, 'more than 100000 pieces'),
  items: z
    .array(
      z.object({
        description: freeText,
        hsCode: optional(hsCode),
        quantity: optional(nonNegativeDecimal),
        value: optional(nonNegativeDecimal),
      }),
    )
    .max(1000, 'more than 1000 items')
    .default([]),
});

/** A courier manifest as received: shipper and consignee names and addresses in clear. */
export type CourierManifestInput = z.output<typeof courierManifestSchema>;
export type ManifestPartyInput = z.output<typeof party>;
