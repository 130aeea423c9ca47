// Builders of pseudonymised DomainEvents for rule tests: sensible defaults (March 2026, EU/US
// traffic, pseudonyms instead of personal data), any field overridden. The event's id and time
// follow the body's id and time fields.
import type {
  CourierManifest,
  CurrencyDeclaration,
  DeclarationEvent,
  InvoiceEvent,
  ManifestEvent,
  ManifestParty,
  TradeInvoice,
} from '../../src/core/events.ts';
import { type Micros, parseDecimal } from '../../src/core/money.ts';

/** 14 March 2026, 10:00 UTC. */
export const T0 = Date.parse('2026-03-14T10:00:00Z');

/** Exact micro-units of a decimal text: money('9500.00') → 9_500_000_000n. */
export function money(text: string): Micros {
  const micros = parseDecimal(text);
  if (micros === null) throw new Error(`not a decimal: ${text}`);
  return micros;
}

/** Overrides of a body: top-level fields replaced, plain nested objects (traveller, travel, parties) merged. */
type BodyOverrides<B> = {
  [K in keyof B]?: B[K] extends Micros | readonly unknown[]
    ? B[K]
    : B[K] extends object
      ? Partial<B[K]>
      : B[K];
};

function merge<B extends object>(defaults: B, overrides: BodyOverrides<B>): B {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overrides)) {
    const base = out[key];
    const plain = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
    out[key] = plain(base) && plain(value) ? { ...(base as object), ...(value as object) } : value;
  }
  return out as B;
}

export function declarationEvent(overrides: BodyOverrides<CurrencyDeclaration> = {}): DeclarationEvent {
  const body = merge<CurrencyDeclaration>(
    {
      declarationId: 'DECL-0001',
      declaredAt: T0,
      reportingCountry: 'FR',
      borderPoint: 'FRCDG',
      direction: 'OUTBOUND',
      transportMode: 'AIR',
      traveller: {
        documentType: 'PASSPORT',
        documentCountry: 'FR',
        nationality: 'FR',
        personKey: 'p-4f1c2a',
      },
      travel: {
        carrierCode: 'AF',
        flightOrVoyage: 'AF0438',
        originCountry: 'FR',
        destinationCountry: 'MX',
        departureDate: '2026-03-14',
      },
      items: [{ kind: 'CURRENCY', currency: 'EUR', amount: money('9500.00') }],
      purpose: undefined,
      control: undefined,
    },
    overrides,
  );
  return { kind: 'declaration', id: body.declarationId, eventTime: body.declaredAt, body };
}

export function party(key: string, country: string, id?: string): ManifestParty {
  return { key, country, nameKey: `n-${key}`, ...(id === undefined ? {} : { id }) };
}

export function manifestEvent(overrides: BodyOverrides<CourierManifest> = {}): ManifestEvent {
  const body = merge<CourierManifest>(
    {
      consignmentId: 'HAWB-0001',
      masterWaybill: 'MAWB-0001',
      carrier: 'DHL',
      reportedAt: T0,
      reportingCountry: 'MX',
      originCountry: 'US',
      destinationCountry: 'MX',
      shipper: party('s-9a01', 'US'),
      consignee: party('c-7be2', 'MX'),
      contentType: 'MERCHANDISE',
      declaredValue: money('120.00'),
      currency: 'USD',
      grossWeightKg: money('1.2'),
      pieces: 1,
      items: [
        { description: 'Cotton T-shirts', hsCode: '610910', quantity: money('4'), value: money('120.00') },
      ],
    },
    overrides,
  );
  return { kind: 'manifest', id: body.consignmentId, eventTime: body.reportedAt, body };
}

export type InvoiceLine = TradeInvoice['lines'][number];

export function invoiceLine(overrides: Partial<InvoiceLine> = {}): InvoiceLine {
  return {
    hsCode: '610910',
    description: 'T-shirts, knitted, cotton',
    quantity: money('1000'),
    unit: 'NMB',
    netWeightKg: money('180'),
    value: money('2400.00'),
    ...overrides,
  };
}

export function invoiceEvent(overrides: BodyOverrides<TradeInvoice> = {}): InvoiceEvent {
  const body = merge<TradeInvoice>(
    {
      invoiceId: 'IMP-0001/INV-1',
      invoiceNumber: 'INV-1',
      invoiceDate: '2026-03-10',
      declaredAt: T0,
      flow: 'IMPORT',
      reportingCountry: 'US',
      exporter: { id: 'CN9133010000000001', name: 'exporter', country: 'CN', nameKey: 'n-exp1' },
      importer: { id: 'US-EIN-00-0000001', name: 'importer', country: 'US', nameKey: 'n-imp1' },
      originCountry: 'CN',
      dispatchCountry: 'CN',
      destinationCountry: 'US',
      transitCountries: undefined,
      incoterm: 'FOB',
      currency: 'USD',
      totalValue: money('2400.00'),
      transportDocument: 'MSKU0000001',
      payment: { method: 'OPEN_ACCOUNT', payerCountry: undefined },
      lines: [invoiceLine()],
    },
    overrides,
  );
  return { kind: 'invoice', id: body.invoiceId, eventTime: body.declaredAt, body };
}
