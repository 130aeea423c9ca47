// Ordinary traffic of the three streams, as JSON events (events.md): the background that detection
// must stay quiet on. Seeded and reproducible; event times ascend from `start`.
import type { EventKind } from '../core/events.ts';
import { type Random, seededRandom } from './prng.ts';

export interface GeneratedEvent {
  kind: EventKind;
  json: Record<string, unknown>;
}

export interface NormalTrafficOptions {
  seed: number;
  count: number;
  /** Epoch ms of the first event. */
  start: number;
  /** Mean gap between events, ms. */
  gapMs?: number;
}

const declarationCountries = [
  { country: 'FR', point: 'FRCDG', currency: 'EUR' },
  { country: 'DE', point: 'DEFRA', currency: 'EUR' },
  { country: 'ES', point: 'ESMAD', currency: 'EUR' },
  { country: 'GB', point: 'GBLHR', currency: 'GBP' },
  { country: 'US', point: 'USJFK', currency: 'USD' },
] as const;

// Goods with a typical unit price (USD) near the seeded reference medians, so ordinary lines sit
// inside the fences.
const goods = [
  { hsCode: '610910', unit: 'NMB', price: 2.4, kgPerUnit: 0.2, description: 'Cotton T-shirts' },
  { hsCode: '090111', unit: 'KGM', price: 4.2, kgPerUnit: 1, description: 'Green coffee beans' },
  { hsCode: '854231', unit: 'NMB', price: 38, kgPerUnit: 0.01, description: 'Processors' },
] as const;

const cents = (value: number) => value.toFixed(2);
const iso = (ms: number) => new Date(ms).toISOString();

export function* normalTraffic(options: NormalTrafficOptions): Generator<GeneratedEvent> {
  const random = seededRandom(options.seed);
  const gap = options.gapMs ?? 60_000;
  const people = Math.max(10, Math.floor(options.count / 4));
  const traders = Math.max(5, Math.floor(options.count / 50));
  let time = options.start;
  for (let i = 0; i < options.count; i++) {
    time += random.int(1, 2 * gap);
    const roll = random.next();
    if (roll < 0.4) yield { kind: 'declaration', json: declaration(random, i, time, people) };
    else if (roll < 0.7) yield { kind: 'manifest', json: manifest(random, i, time, traders) };
    else yield { kind: 'invoice', json: invoice(random, i, time, traders) };
  }
}

function declaration(random: Random, i: number, time: number, people: number): Record<string, unknown> {
  const place = random.pick(declarationCountries);
  const person = random.int(1, people);
  return {
    declarationId: `GEN-CD-${i}`,
    declaredAt: iso(time),
    reportingCountry: place.country,
    borderPoint: place.point,
    direction: random.pick(['INBOUND', 'OUTBOUND'] as const),
    transportMode: 'AIR',
    traveller: {
      documentType: 'PASSPORT',
      documentNumber: `P${String(person).padStart(8, '0')}`,
      documentCountry: 'FR',
    },
    travel: { originCountry: place.country, destinationCountry: random.pick(['TR', 'MA', 'CA', 'JP']) },
    // Ordinary amounts stay well below the thresholds (around 2,000 in the local currency).
    items: [
      {
        kind: 'CURRENCY',
        currency: place.currency,
        amount: cents(Math.min(6_500, random.logNormal(2_000, 0.5))),
      },
    ],
  };
}

function manifest(random: Random, i: number, time: number, traders: number): Record<string, unknown> {
  const item = goods[0];
  const quantity = random.int(10, 200);
  const value = quantity * item.price * random.logNormal(1, 0.1);
  const shipper = random.int(1, traders);
  const consignee = random.int(1, traders * 5);
  return {
    consignmentId: `GEN-CM-${i}`,
    carrier: random.pick(['DHL', 'UPS', 'FDX']),
    reportedAt: iso(time),
    reportingCountry: 'DE',
    originCountry: 'CN',
    destinationCountry: 'DE',
    shipper: {
      name: `Trading Company ${shipper}`,
      address: `${shipper} Harbour Road`,
      country: 'CN',
      id: `CN-T-${shipper}`,
    },
    consignee: { name: `Retail Shop ${consignee}`, address: `${consignee} Main Street`, country: 'DE' },
    contentType: 'MERCHANDISE',
    declaredValue: cents(value),
    currency: 'USD',
    grossWeightKg: (quantity * item.kgPerUnit * 1.1).toFixed(1),
    pieces: random.int(1, 4),
    items: [
      { description: item.description, hsCode: item.hsCode, quantity: String(quantity), value: cents(value) },
    ],
  };
}

function invoice(random: Random, i: number, time: number, traders: number): Record<string, unknown> {
  const item = random.pick(goods);
  const quantity = random.int(100, 5_000);
  const value = Number(cents(quantity * item.price * random.logNormal(1, 0.15)));
  const importer = random.int(1, traders);
  return {
    invoiceId: `GEN-TI-${i}`,
    invoiceNumber: `INV-${i}`,
    invoiceDate: iso(time - 86_400_000).slice(0, 10),
    declaredAt: iso(time),
    flow: 'IMPORT',
    reportingCountry: 'US',
    exporter: { id: `CN-E-${importer % 7}`, name: `Exporter ${importer % 7}`, country: 'CN' },
    importer: { id: `US-I-${importer}`, name: `Importer ${importer}`, country: 'US' },
    originCountry: 'CN',
    dispatchCountry: 'CN',
    destinationCountry: 'US',
    currency: 'USD',
    totalValue: cents(value),
    payment: { method: 'OPEN_ACCOUNT' },
    lines: [
      {
        hsCode: item.hsCode,
        description: item.description,
        quantity: String(quantity),
        unit: item.unit,
        netWeightKg: (quantity * item.kgPerUnit).toFixed(1),
        value: cents(value),
      },
    ],
  };
}
