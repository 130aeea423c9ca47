// Complete, pseudonymised events and alerts for the sink tests (every optional field exercised once).
import type { Alert } from '../../../src/core/alert.ts';
import type {
  DeclarationEvent,
  InvoiceEvent,
  ManifestEvent,
  RecordOrigin,
} from '../../../src/core/events.ts';
import type { SinkConfig, StoredEvent } from '../../../src/io/clickhouse/sink.ts';

/** 2026-03-01T10:00:00.125Z */
export const T0 = Date.UTC(2026, 2, 1, 10, 0, 0, 125);
export const MINUTE = 60_000;

export function declaration(
  id: string,
  eventTime: number,
  overrides: Partial<DeclarationEvent['body']> = {},
): DeclarationEvent {
  return {
    kind: 'declaration',
    id,
    eventTime,
    body: {
      declarationId: id,
      declaredAt: eventTime,
      reportingCountry: 'ES',
      borderPoint: 'ESMAD',
      direction: 'INBOUND',
      transportMode: 'AIR',
      traveller: {
        documentType: 'PASSPORT',
        documentCountry: 'MX',
        nationality: 'MX',
        personKey: 'pk-0a1b2c',
      },
      travel: {
        carrierCode: 'IB',
        flightOrVoyage: 'IB6402',
        bookingKey: 'bk-99ff',
        originCountry: 'MX',
        destinationCountry: 'AE',
        departureDate: '2026-02-28',
      },
      items: [
        { kind: 'CURRENCY', currency: 'EUR', amount: 9_850_000_000n },
        { kind: 'GOLD', currency: 'USD', amount: 1_234_567n },
      ],
      purpose: 'family savings',
      control: {
        inspected: true,
        undeclaredAmount: 4_000_500_000n,
        undeclaredCurrency: 'EUR',
        seized: false,
      },
      ...overrides,
    },
  };
}

export function manifest(id: string, eventTime: number): ManifestEvent {
  return {
    kind: 'manifest',
    id,
    eventTime,
    body: {
      consignmentId: id,
      masterWaybill: undefined,
      carrier: 'DHL',
      reportedAt: eventTime,
      reportingCountry: 'MX',
      originCountry: 'US',
      destinationCountry: 'MX',
      shipper: { key: 'US123456', id: 'US123456', country: 'US', nameKey: 'nk-shipper' },
      consignee: { key: 'pk-consignee', country: 'MX', nameKey: 'nk-consignee' },
      contentType: 'GIFT',
      declaredValue: 50_000_000n,
      currency: 'USD',
      grossWeightKg: 2_500_000n,
      pieces: 1,
      items: [
        { description: 'books', hsCode: '490199', quantity: 3_000_000n, value: 30_000_000n },
        { description: 'clothes', hsCode: undefined, quantity: undefined, value: undefined },
      ],
    },
  };
}

export function invoice(id: string, eventTime: number): InvoiceEvent {
  return {
    kind: 'invoice',
    id,
    eventTime,
    body: {
      invoiceId: id,
      invoiceNumber: 'INV-2026-001',
      invoiceDate: '2026-02-20',
      declaredAt: eventTime,
      flow: 'IMPORT',
      reportingCountry: 'AE',
      exporter: { id: 'HK-EXP-1', name: 'Exporter Ltd', country: 'HK', nameKey: 'nk-exp' },
      importer: { id: 'AE-IMP-7', name: 'Importer LLC', country: 'AE', nameKey: 'nk-imp' },
      originCountry: 'CN',
      dispatchCountry: 'HK',
      destinationCountry: 'AE',
      transitCountries: ['SG'],
      incoterm: 'CIF',
      currency: 'USD',
      totalValue: 125_000_500_000n,
      transportDocument: 'MAEU123456',
      payment: { method: 'CASH', payerCountry: 'PA', payerKey: 'pk-payer' },
      lines: [
        {
          hsCode: '851712',
          description: 'phones',
          quantity: 1_000_000_000n,
          unit: 'NMB',
          netWeightKg: 800_000_000n,
          value: 100_000_000_000n,
        },
        {
          hsCode: '847130',
          description: 'laptops',
          quantity: 50_000_000n,
          unit: 'NMB',
          netWeightKg: undefined,
          value: 25_000_500_000n,
        },
      ],
    },
  };
}

export function origin(
  partition: number,
  offset: number | string,
  topic = 'customs.currency-declarations',
): RecordOrigin {
  return { topic, partition, offset: String(offset) };
}

export function stored(event: StoredEvent['event'], from: RecordOrigin | null): StoredEvent {
  return { event, origin: from };
}

export function alert(id: string, overrides: Partial<Alert> = {}): Alert {
  return {
    alertId: id,
    ruleId: 'CC-STRUCTURING',
    ruleVersion: 2,
    typology: 'CASH_COURIER',
    revision: 1,
    severity: 'HIGH',
    score: 82,
    entityType: 'PERSON',
    entityKey: 'pk-0a1b2c',
    eventIds: ['d-1', 'd-2'],
    eventTime: T0,
    detectedAt: T0 + 5_000,
    reportingCountry: 'ES',
    countries: ['ES', 'MX'],
    amountUsd: 19_700_004_999n,
    explanation: 'Two declarations just under the threshold within 48 hours.',
    evidence: { observed: 2, threshold: 10_000_000_000n, windowHours: 48 },
    ...overrides,
  };
}

export function sinkConfig(overrides: Partial<SinkConfig> = {}): SinkConfig {
  return {
    driver: 'chdb',
    path: './.customs-aml',
    url: 'http://127.0.0.1:8123',
    database: 'default',
    username: 'default',
    retry: { initialDelayMs: 20, maxDelayMs: 100 },
    requestTimeoutMs: 5_000,
    ...overrides,
  };
}
