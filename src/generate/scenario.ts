// A seeded scenario of the three streams: ordinary traffic (travellers, parcels, traders) that the
// rules must stay quiet on, with planted cases of every rule family and their ground truth.
// Same seed and options, same events, byte for byte. docs/quality.md explains the choices.
import type { EventKind } from '../core/events.ts';
import type { CaseTypology, GroundTruth, PlantedCase } from './ground-truth.ts';
import { type Random, seededRandom } from './prng.ts';

export interface ScenarioOptions {
  seed: number;
  /** Approximate number of events of the three streams together. */
  events: number;
  /** Epoch ms of the first event; FX rates cover 2026. */
  start: number;
}

export interface Scenario {
  declarations: Record<string, unknown>[];
  manifests: Record<string, unknown>[];
  invoices: Record<string, unknown>[];
  truth: GroundTruth;
}

export const defaultScenarioStart = Date.parse('2026-03-01T00:00:00Z');
export const defaultScenarioEvents = 20_000;

const DAY = 86_400_000;
const HOUR = 3_600_000;

interface Draft {
  kind: EventKind;
  time: number;
  /** Position in its file: the event time, or a little later for an event written out of order. */
  fileTime: number;
  json: Record<string, unknown>;
}

const idField: Record<EventKind, string> = {
  declaration: 'declarationId',
  manifest: 'consignmentId',
  invoice: 'invoiceId',
};
const idPrefix: Record<EventKind, string> = { declaration: 'CD', manifest: 'CM', invoice: 'TI' };
const timeField: Record<EventKind, string> = {
  declaration: 'declaredAt',
  manifest: 'reportedAt',
  invoice: 'declaredAt',
};

const money = (value: number) => value.toFixed(2);
const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);

// ---------------------------------------------------------------------------------------------
// Reference data of the ordinary world.

/** USD per unit (roughly the 2026 table), to keep ordinary amounts under USD caps. */
const usdRate: Record<string, number> = { USD: 1, EUR: 1.17, GBP: 1.35, CAD: 0.72, MXN: 0.054 };

interface Place {
  country: string;
  points: readonly string[];
  currency: string;
  carriers: readonly string[];
}
const places: readonly Place[] = [
  { country: 'FR', points: ['FRCDG', 'FRORY', 'FRMRS'], currency: 'EUR', carriers: ['AF', 'TO'] },
  { country: 'DE', points: ['DEFRA', 'DEMUC'], currency: 'EUR', carriers: ['LH', 'EW'] },
  { country: 'ES', points: ['ESMAD', 'ESBCN'], currency: 'EUR', carriers: ['IB', 'UX'] },
  { country: 'NL', points: ['NLAMS'], currency: 'EUR', carriers: ['KL', 'HV'] },
  { country: 'IT', points: ['ITFCO', 'ITMXP'], currency: 'EUR', carriers: ['AZ'] },
  { country: 'GB', points: ['GBLHR', 'GBMAN'], currency: 'GBP', carriers: ['BA', 'VS'] },
  { country: 'US', points: ['USJFK', 'USMIA', 'USLAX'], currency: 'USD', carriers: ['AA', 'DL', 'UA'] },
  { country: 'CA', points: ['CAYYZ', 'CAYVR'], currency: 'CAD', carriers: ['AC'] },
  { country: 'MX', points: ['MXMEX', 'MXCUN'], currency: 'MXN', carriers: ['AM'] },
];
/** Far ends of ordinary journeys (none on the FATF lists), with a weight: some routes are busy. */
const farEnds = ['MA', 'TR', 'US', 'CA', 'BR', 'AE', 'IN', 'CN', 'JP', 'TH', 'GB', 'ES', 'CO', 'MX'] as const;
const nationalities = ['FR', 'DE', 'ES', 'GB', 'US', 'MX', 'MA', 'TR', 'IN', 'CN', 'BR', 'NL', 'IT', 'CA'];
const firstNames = [
  'Ana',
  'Luis',
  'Marie',
  'Jean',
  'Fatima',
  'Omar',
  'John',
  'Mary',
  'Wei',
  'Priya',
  'Hans',
  'Sofia',
];
const lastNames = [
  'Garcia',
  'Martin',
  'Muller',
  'Smith',
  'Benali',
  'Yilmaz',
  'Kumar',
  'Chen',
  'Rossi',
  'Silva',
];

/** Goods sent by courier: one kind per parcel; value per kg well inside value-per-kg.yaml. */
const parcelGoods = [
  { hs: '610910', names: ['Cotton T-shirts', 'Knitted cotton tops'], value: 7, kg: 0.25 },
  { hs: '620520', names: ['Cotton shirts', 'Mens shirts'], value: 15, kg: 0.3 },
  { hs: '640399', names: ['Leather shoes', 'Ankle boots'], value: 45, kg: 1.1 },
  { hs: '851830', names: ['Bluetooth headphones', 'Wireless earbuds'], value: 35, kg: 0.3 },
  { hs: '851713', names: ['Smartphone', 'Mobile phone'], value: 320, kg: 0.45 },
  { hs: '330499', names: ['Skin care cream', 'Cosmetics set'], value: 18, kg: 0.3 },
  { hs: '420222', names: ['Handbag', 'Leather handbag'], value: 80, kg: 0.9 },
  { hs: '950300', names: ['Toy building blocks', 'Plush toys'], value: 15, kg: 0.5 },
  { hs: '847330', names: ['Laptop battery', 'Computer parts'], value: 40, kg: 0.5 },
  { hs: '090210', names: ['Green tea', 'Herbal tea'], value: 12, kg: 0.5 },
  { hs: '870899', names: ['Brake pads', 'Car parts'], value: 30, kg: 1.5 },
  { hs: '711719', names: ['Costume jewellery', 'Fashion bracelets'], value: 12, kg: 0.1 },
  { hs: '490199', names: ['Printed books', 'Paperback novels'], value: 15, kg: 0.6 },
] as const;
const parcelRoutes = [
  { from: 'CN', to: 'DE', reporting: 'DE' },
  { from: 'CN', to: 'US', reporting: 'US' },
  { from: 'US', to: 'MX', reporting: 'MX' },
  { from: 'GB', to: 'FR', reporting: 'FR' },
  { from: 'TR', to: 'NL', reporting: 'NL' },
  { from: 'IN', to: 'GB', reporting: 'GB' },
  { from: 'JP', to: 'US', reporting: 'US' },
  { from: 'DE', to: 'US', reporting: 'US' },
  { from: 'TH', to: 'FR', reporting: 'FR' },
] as const;
const parcelCarriers = ['DHL', 'UPS', 'FDX', 'TNT', 'EMS', 'DPD'];

/**
 * Traded goods: unit price (USD) median per HS code and unit. Codes with `config` sit in
 * config/reference/reference-prices.yaml (medians taken from it, per origin where it has one); the
 * others are judged against prices learned from the stream.
 */
interface TradeGood {
  hs: string;
  chapter: string;
  description: string;
  unit: 'NMB' | 'KGM';
  price: number;
  sigma: number;
  kgPerUnit: number;
  originPrice?: Record<string, number>;
}
const tradeGoods: readonly TradeGood[] = [
  {
    hs: '610910',
    chapter: '61',
    description: 'Cotton T-shirts',
    unit: 'NMB',
    price: 2.4,
    sigma: 0.2,
    kgPerUnit: 0.2,
    originPrice: { CN: 2.1, BD: 1.75 },
  },
  {
    hs: '611020',
    chapter: '61',
    description: 'Cotton jerseys and pullovers',
    unit: 'NMB',
    price: 5.5,
    sigma: 0.25,
    kgPerUnit: 0.45,
  },
  {
    hs: '620342',
    chapter: '62',
    description: 'Mens cotton trousers',
    unit: 'NMB',
    price: 6.8,
    sigma: 0.3,
    kgPerUnit: 0.6,
  },
  {
    hs: '090111',
    chapter: '09',
    description: 'Green coffee beans, not roasted',
    unit: 'KGM',
    price: 4.8,
    sigma: 0.15,
    kgPerUnit: 1,
    originPrice: { BR: 4.3 },
  },
  {
    hs: '090230',
    chapter: '09',
    description: 'Black tea, fermented',
    unit: 'KGM',
    price: 3.2,
    sigma: 0.25,
    kgPerUnit: 1,
  },
  {
    hs: '854231',
    chapter: '85',
    description: 'Processors and controllers',
    unit: 'NMB',
    price: 8.5,
    sigma: 0.4,
    kgPerUnit: 0.01,
  },
  {
    hs: '847130',
    chapter: '84',
    description: 'Portable computers',
    unit: 'NMB',
    price: 420,
    sigma: 0.3,
    kgPerUnit: 2.2,
  },
  {
    hs: '100630',
    chapter: '10',
    description: 'Milled rice',
    unit: 'KGM',
    price: 0.55,
    sigma: 0.12,
    kgPerUnit: 1,
  },
  {
    hs: '640399',
    chapter: '64',
    description: 'Leather footwear',
    unit: 'NMB',
    price: 14,
    sigma: 0.3,
    kgPerUnit: 0.9,
  },
  {
    hs: '940360',
    chapter: '94',
    description: 'Wooden furniture',
    unit: 'NMB',
    price: 60,
    sigma: 0.3,
    kgPerUnit: 12,
  },
  {
    hs: '392690',
    chapter: '39',
    description: 'Articles of plastics',
    unit: 'KGM',
    price: 3.5,
    sigma: 0.3,
    kgPerUnit: 1,
  },
  {
    hs: '870899',
    chapter: '87',
    description: 'Motor vehicle parts',
    unit: 'KGM',
    price: 9,
    sigma: 0.3,
    kgPerUnit: 1,
  },
];
const goodsByChapter = new Map<string, TradeGood[]>();
for (const g of tradeGoods) goodsByChapter.set(g.chapter, [...(goodsByChapter.get(g.chapter) ?? []), g]);
const chapters = [...goodsByChapter.keys()];
const goodOf = (hs: string): TradeGood => tradeGoods.find((g) => g.hs === hs)!;

/** Origin price levels for codes priced from the stream (config codes use their table medians). */
const originLevel: Record<string, number> = {
  CN: 0.95,
  IN: 0.93,
  BD: 0.92,
  TR: 1.02,
  BR: 1,
  MX: 1,
  IT: 1.06,
  DE: 1.08,
  TH: 0.97,
};
const tradeOrigins = ['CN', 'CN', 'CN', 'IN', 'BD', 'TR', 'BR', 'MX', 'IT', 'DE', 'TH'];
const importers = [
  { country: 'US', currency: 'USD' },
  { country: 'DE', currency: 'EUR' },
  { country: 'FR', currency: 'EUR' },
  { country: 'NL', currency: 'EUR' },
  { country: 'GB', currency: 'USD' },
  { country: 'CA', currency: 'USD' },
  { country: 'MX', currency: 'USD' },
];
const companyWords = [
  'Atlas',
  'Northstar',
  'Harbor',
  'Summit',
  'Pioneer',
  'Blue River',
  'Evergreen',
  'Crown',
  'Delta',
  'Orion',
];

// ---------------------------------------------------------------------------------------------

interface Person {
  documentType: 'PASSPORT';
  documentNumber: string;
  documentCountry: string;
  nationality: string;
  fullName: string;
}

interface Trader {
  id: string;
  name: string;
  country: string;
  currency: string;
  chapter: string;
  origin: string;
  exporter: { id: string; name: string; country: string };
  invoiceSeq: number;
  mirrored: boolean;
}

class Builder {
  readonly drafts: Draft[] = [];
  readonly cases: Array<Omit<PlantedCase, 'eventIds'> & { drafts: Draft[] }> = [];
  private people = 0;
  private companies = 0;
  private documents = 0;

  readonly random: Random;
  readonly seed: number;
  readonly start: number;
  readonly span: number;

  constructor(random: Random, seed: number, start: number, span: number) {
    this.random = random;
    this.seed = seed;
    this.start = start;
    this.span = span;
  }

  /** A uniform time between fractions lo and hi of the span. */
  at(lo: number, hi: number): number {
    return this.start + Math.floor(this.span * (lo + (hi - lo) * this.random.next()));
  }

  add(kind: EventKind, time: number, json: Record<string, unknown>, late = false): Draft {
    const draft: Draft = { kind, time, fileTime: late ? time + 40_000 : time, json };
    this.drafts.push(draft);
    return draft;
  }

  person(): Person {
    const n = ++this.people;
    const nationality = this.random.pick(nationalities);
    return {
      documentType: 'PASSPORT',
      // A bijection of the counter: unique numbers that do not look sequential.
      documentNumber: `${nationality}${String((n * 7919 + this.seed * 104_729) % 100_000_000).padStart(8, '0')}`,
      documentCountry: nationality,
      nationality,
      fullName: `${this.random.pick(firstNames)} ${this.random.pick(lastNames)}`,
    };
  }

  company(country: string, kind: string): { id: string; name: string; country: string } {
    const n = ++this.companies;
    return {
      id: `${country}-${kind}-${String((n * 7907 + this.seed * 31) % 1_000_000).padStart(6, '0')}`,
      name: `${this.random.pick(companyWords)} ${kind === 'E' ? 'Export' : 'Trading'} ${n}`,
      country,
    };
  }

  transportDocument(): string {
    return `BL${String((++this.documents * 6143 + this.seed * 17) % 10_000_000).padStart(7, '0')}`;
  }

  booking(): string {
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
    let s = '';
    for (let i = 0; i < 6; i++) s += alphabet[this.random.int(0, alphabet.length - 1)];
    return s;
  }

  plant(
    family: string,
    typology: CaseTypology,
    expectedRuleIds: string[],
    difficulty: 'easy' | 'hard',
    description: string,
    drafts: Draft[],
  ): void {
    const id = `case-${String(this.cases.length + 1).padStart(3, '0')}`;
    this.cases.push({ id, family, typology, expectedRuleIds, difficulty, description, drafts });
  }

  /** A truncated log-normal draw: ordinary values never wander into the tails. */
  around(median: number, sigma: number, limit = 1.5, upper = limit): number {
    for (;;) {
      const z = Math.log(this.random.logNormal(1, 1));
      if (z >= -limit && z <= upper) return median * Math.exp(sigma * z);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Event shapes.

interface DeclarationSpec {
  time: number;
  place: Place;
  direction: 'INBOUND' | 'OUTBOUND';
  person: Person;
  farEnd: string;
  items: Array<{ kind: string; currency: string; amount: number }>;
  flight?: { carrierCode: string; flightOrVoyage: string; bookingReference: string; departureDate: string };
  control?: Record<string, unknown>;
  transportMode?: string;
}

function declarationJson(b: Builder, s: DeclarationSpec): Record<string, unknown> {
  const outbound = s.direction === 'OUTBOUND';
  return {
    declarationId: '',
    declaredAt: iso(s.time),
    reportingCountry: s.place.country,
    borderPoint: b.random.pick(s.place.points),
    direction: s.direction,
    transportMode: s.transportMode ?? (s.flight ? 'AIR' : 'ROAD'),
    traveller: { ...s.person },
    travel: {
      ...(s.flight ?? {}),
      originCountry: outbound ? s.place.country : s.farEnd,
      destinationCountry: outbound ? s.farEnd : s.place.country,
    },
    items: s.items.map((i) => ({ kind: i.kind, currency: i.currency, amount: money(i.amount) })),
    ...(s.control ? { control: s.control } : {}),
  };
}

function flightFor(b: Builder, place: Place, time: number, planted = false) {
  const carrier = b.random.pick(place.carriers);
  // Planted groups use numbers 9900-9999, ordinary ones 100-9899: no accidental joins.
  const number = planted ? b.random.int(9900, 9999) : b.random.int(100, 9899);
  return {
    carrierCode: carrier,
    flightOrVoyage: `${carrier}${number}`,
    bookingReference: b.booking(),
    departureDate: day(time),
  };
}

interface ManifestSpec {
  time: number;
  carrier?: string;
  reporting: string;
  from: string;
  to: string;
  shipper: Record<string, unknown>;
  consignee: Record<string, unknown>;
  contentType: string;
  value: number;
  currency?: string;
  weightKg: number;
  pieces: number;
  items: Array<{ description: string; hsCode?: string; quantity?: number; value?: number }>;
}

function manifestJson(b: Builder, s: ManifestSpec): Record<string, unknown> {
  const carrier = s.carrier ?? b.random.pick(parcelCarriers);
  return {
    consignmentId: '',
    carrier,
    reportedAt: iso(s.time),
    reportingCountry: s.reporting,
    originCountry: s.from,
    destinationCountry: s.to,
    shipper: s.shipper,
    consignee: s.consignee,
    contentType: s.contentType,
    declaredValue: money(s.value),
    currency: s.currency ?? 'USD',
    grossWeightKg: s.weightKg.toFixed(3),
    pieces: s.pieces,
    items: s.items.map((i) => ({
      description: i.description,
      ...(i.hsCode ? { hsCode: i.hsCode } : {}),
      ...(i.quantity !== undefined ? { quantity: String(i.quantity) } : {}),
      ...(i.value !== undefined ? { value: money(i.value) } : {}),
    })),
  };
}

function privateParty(b: Builder, country: string): Record<string, unknown> {
  const p = b.person();
  return { name: p.fullName, address: `${b.random.int(1, 300)} ${b.random.pick(lastNames)} Street`, country };
}
function businessParty(b: Builder, country: string): Record<string, unknown> {
  const c = b.company(country, 'S');
  return { name: c.name, address: `${b.random.int(1, 90)} Industrial Road`, country, id: c.id };
}

interface LineSpec {
  good: TradeGood;
  quantity: number;
  value: number;
  netWeightKg?: number;
}
interface InvoiceSpec {
  time: number;
  flow?: 'IMPORT' | 'EXPORT';
  reporting?: string;
  trader: Trader;
  invoiceNumber?: string;
  lines: LineSpec[];
  total?: number;
  currency?: string;
  transit?: string[];
  dispatch?: string;
  origin?: string;
  payment?: Record<string, unknown>;
  transportDocument?: string;
}

function invoiceJson(b: Builder, s: InvoiceSpec): Record<string, unknown> {
  const t = s.trader;
  const flow = s.flow ?? 'IMPORT';
  const lineTotal = s.lines.reduce((sum, l) => sum + Math.round(l.value * 100), 0) / 100;
  const origin = s.origin ?? t.origin;
  return {
    invoiceId: '',
    invoiceNumber: s.invoiceNumber ?? `${t.exporter.id.slice(-6)}/${++t.invoiceSeq}`,
    invoiceDate: day(s.time - b.random.int(1, 20) * DAY),
    declaredAt: iso(s.time),
    flow,
    reportingCountry: s.reporting ?? (flow === 'IMPORT' ? t.country : t.exporter.country),
    exporter: t.exporter,
    importer: { id: t.id, name: t.name, country: t.country },
    originCountry: origin,
    dispatchCountry: s.dispatch ?? origin,
    destinationCountry: t.country,
    ...(s.transit ? { transitCountries: s.transit } : {}),
    incoterm: flow === 'IMPORT' ? 'CIF' : 'FOB',
    currency: s.currency ?? t.currency,
    totalValue: money(s.total ?? lineTotal),
    transportDocument: s.transportDocument ?? b.transportDocument(),
    payment: s.payment ?? { method: 'OPEN_ACCOUNT' },
    lines: s.lines.map((l) => ({
      hsCode: l.good.hs,
      description: l.good.description,
      quantity: l.good.unit === 'KGM' ? String(l.quantity) : String(Math.round(l.quantity)),
      unit: l.good.unit,
      netWeightKg: (l.netWeightKg ?? l.quantity * l.good.kgPerUnit).toFixed(1),
      value: money(l.value),
    })),
  };
}

/** An ordinary unit price (USD) of a good from an origin at a time: origin level, season, noise. */
function unitPrice(b: Builder, good: TradeGood, origin: string, time: number): number {
  const base = good.originPrice?.[origin] ?? good.price * (good.originPrice ? 1 : (originLevel[origin] ?? 1));
  const season = 1 + 0.04 * Math.sin((2 * Math.PI * (time / DAY)) / 365);
  return b.around(base * season, good.sigma, 1.3);
}

/** A line worth about `value` USD of a good at an ordinary price (in the invoice's currency). */
function line(
  b: Builder,
  good: TradeGood,
  origin: string,
  time: number,
  valueUsd: number,
  currency: string,
  priceFactor = 1,
): LineSpec {
  const price = unitPrice(b, good, origin, time) * priceFactor;
  const quantity = Math.max(1, Math.round(valueUsd / price));
  const rate = usdRate[currency] ?? 1;
  return {
    good,
    quantity,
    value: Math.round(((quantity * price) / rate) * 100) / 100,
    netWeightKg: Number((quantity * good.kgPerUnit * b.around(1, 0.02, 1)).toFixed(1)) || 0.1,
  };
}

// ---------------------------------------------------------------------------------------------
// Ordinary traffic.

/** Amount caps (local currency) keeping every ordinary total under USD 4,000: two of them stay under any threshold. */
const capUsd = 4_000;
function ordinaryAmount(b: Builder, currency: string): number {
  const rate = usdRate[currency] ?? 1;
  return Math.min(capUsd / rate, b.around(1_200 / rate, 0.55, 1.6, 0.9));
}

function ordinaryDeclarations(b: Builder, count: number): void {
  // Busy routes: most journeys go FR-MA, ES-CO, US-MX or GB-IN; the rest spread thin over many routes.
  const busy: Array<[string, string]> = [
    ['FR', 'MA'],
    ['ES', 'CO'],
    ['US', 'MX'],
    ['GB', 'IN'],
  ];
  let made = 0;
  while (made < count) {
    const time = b.at(0, 1);
    let place = b.random.pick(places);
    let farEnd: string = b.random.pick(farEnds);
    if (b.random.next() < 0.6) {
      const [c, f] = b.random.pick(busy);
      place = places.find((p) => p.country === c)!;
      farEnd = f;
    }
    while (farEnd === place.country) farEnd = b.random.pick(farEnds);
    const person = b.person();
    const currency = b.random.next() < 0.75 ? place.currency : b.random.pick(['USD', 'EUR']);
    const direction = b.random.next() < 0.5 ? 'OUTBOUND' : 'INBOUND';
    const withFlight = b.random.next() < 0.85;
    const family = withFlight && b.random.next() < 0.1;
    const flight = withFlight ? flightFor(b, place, time) : undefined;
    const items = [{ kind: 'CURRENCY', currency, amount: ordinaryAmount(b, currency) }];
    if (b.random.next() < 0.04)
      items.push({ kind: 'TRAVELLERS_CHEQUE', currency: 'USD', amount: b.random.int(100, 500) });
    const control = b.random.next() < 0.05 ? { inspected: true } : undefined;
    b.add(
      'declaration',
      time,
      declarationJson(b, {
        time,
        place,
        direction,
        person,
        farEnd,
        items,
        ...(flight ? { flight } : {}),
        ...(control ? { control } : {}),
      }),
    );
    made++;
    // A travelling companion on the same booking, small amounts.
    if (family && flight && made < count) {
      const t2 = time + b.random.int(1, 20) * 60_000;
      const companion = b.person();
      b.add(
        'declaration',
        t2,
        declarationJson(b, {
          time: t2,
          place,
          direction,
          person: companion,
          farEnd,
          flight,
          items: [{ kind: 'CURRENCY', currency, amount: ordinaryAmount(b, currency) }],
        }),
      );
      made++;
    }
    // The return trip of one traveller in five: two crossings, never three, within 30 days.
    if (b.random.next() < 0.2 && made < count) {
      const back = time + b.random.int(3, 25) * DAY + b.random.int(0, DAY);
      if (back < b.start + b.span) {
        const cur2 = b.random.next() < 0.75 ? place.currency : 'USD';
        b.add(
          'declaration',
          back,
          declarationJson(b, {
            time: back,
            place,
            direction: direction === 'OUTBOUND' ? 'INBOUND' : 'OUTBOUND',
            person,
            farEnd,
            items: [{ kind: 'CURRENCY', currency: cur2, amount: ordinaryAmount(b, cur2) }],
            ...(withFlight ? { flight: flightFor(b, place, back) } : {}),
          }),
        );
        made++;
      }
    }
  }
}

function ordinaryManifests(b: Builder, count: number): void {
  for (let i = 0; i < count; i++) {
    const time = b.at(0, 1);
    const route = b.random.pick(parcelRoutes);
    const roll = b.random.next();
    const shipper = b.random.next() < 0.6 ? businessParty(b, route.from) : privateParty(b, route.from);
    const consignee = privateParty(b, route.to);
    const base = { time, reporting: route.reporting, from: route.from, to: route.to, shipper, consignee };
    if (roll < 0.08) {
      const docs = b.random.pick(['Business correspondence', 'Contracts', 'Documents']);
      b.add(
        'manifest',
        time,
        manifestJson(b, {
          ...base,
          contentType: 'DOCUMENTS',
          value: b.random.int(0, 40),
          weightKg: 0.05 + b.random.next() * 1.1,
          pieces: 1,
          items: b.random.next() < 0.8 ? [{ description: docs }] : [],
        }),
      );
      continue;
    }
    const good = b.random.pick(parcelGoods);
    const quantity = good.hs === '851713' ? b.random.int(1, 2) : b.random.int(1, 6);
    const value = Math.round(quantity * b.around(good.value, 0.3) * 100) / 100;
    const weightKg = quantity * good.kg * (1.1 + 0.2 * b.random.next());
    const gift = roll < 0.16 && value < 400 && weightKg < 8;
    const contentType = gift
      ? 'GIFT'
      : roll > 0.97
        ? 'RETURNED_GOODS'
        : roll > 0.95
          ? 'SAMPLE'
          : 'MERCHANDISE';
    b.add(
      'manifest',
      time,
      manifestJson(b, {
        ...base,
        contentType,
        value,
        weightKg,
        pieces: gift ? 1 : b.random.int(1, 3),
        items: [{ description: b.random.pick(good.names), hsCode: good.hs, quantity, value }],
      }),
    );
  }
}

function newTrader(b: Builder, chapter: string, mirrored = false): Trader {
  const imp = b.random.pick(importers);
  const origin =
    chapter === '09'
      ? b.random.pick(['BR', 'IN', 'CN'])
      : chapter === '10'
        ? b.random.pick(['IN', 'TH'])
        : b.random.pick(tradeOrigins);
  const me = b.company(imp.country, 'I');
  return {
    ...me,
    currency: imp.currency,
    chapter,
    origin,
    exporter: b.company(origin, 'E'),
    invoiceSeq: b.random.int(100, 900),
    mirrored,
  };
}

/** An ordinary invoice of a trader: its own chapter, ordinary prices, USD 3,000-14,000. */
function ordinaryInvoice(b: Builder, t: Trader, time: number, valueUsd?: number): Draft {
  const goods = goodsByChapter.get(t.chapter)!;
  const total = valueUsd ?? Math.min(14_000, Math.max(3_000, b.random.logNormal(7_000, 0.45)));
  const lines =
    b.random.next() < 0.3 && goods.length > 1
      ? [
          line(b, goods[0]!, t.origin, time, total * 0.6, t.currency),
          line(b, goods[1]!, t.origin, time, total * 0.4, t.currency),
        ]
      : [line(b, b.random.pick(goods), t.origin, time, total, t.currency)];
  const method = b.random.pick(['OPEN_ACCOUNT', 'OPEN_ACCOUNT', 'LETTER_OF_CREDIT', 'ADVANCE', 'CASH']);
  const sum = lines.reduce((s, l) => s + l.value, 0);
  const payment =
    method === 'CASH' && sum * (usdRate[t.currency] ?? 1) > 9_000
      ? { method: 'OPEN_ACCOUNT' }
      : b.random.next() < 0.2
        ? { method, payerName: t.name, payerCountry: t.country }
        : { method };
  const transit = b.random.next() < 0.1 ? [b.random.pick(['NL', 'BE', 'ES', 'SG'])] : undefined;
  const document = b.transportDocument();
  const spec: InvoiceSpec = {
    time,
    trader: t,
    lines,
    payment,
    transportDocument: document,
    ...(transit ? { transit } : {}),
  };
  const draft = b.add('invoice', time, invoiceJson(b, spec));
  if (t.mirrored) {
    // The exporter's side of the same shipment, declared 5-20 days before, at FOB value.
    const exportTime = time - b.random.int(5, 20) * DAY;
    if (exportTime > b.start) {
      const fob = 1 / (1.03 + 0.1 * b.random.next());
      b.add(
        'invoice',
        exportTime,
        invoiceJson(b, {
          ...spec,
          time: exportTime,
          flow: 'EXPORT',
          invoiceNumber: draft.json.invoiceNumber as string,
          lines: lines.map((l) => ({ ...l, value: Math.round(l.value * fob * 100) / 100 })),
        }),
      );
    }
  }
  return draft;
}

/** Regular traders: each invoices every 3.5-10 days (never 3 in 7 days), so no week stands out. */
function ordinaryInvoices(b: Builder, count: number): Trader[] {
  const traders: Trader[] = [];
  let made = 0;
  while (made < count) {
    const t = newTrader(b, b.random.pick(chapters), b.random.next() < 0.12);
    traders.push(t);
    const period = (3.5 + 6.5 * b.random.next()) * DAY;
    for (
      let time = b.start + b.random.int(0, Math.floor(period));
      time < b.start + b.span && made < count;
      time += Math.floor(period * (0.85 + 0.3 * b.random.next()))
    ) {
      ordinaryInvoice(b, t, time);
      made += t.mirrored ? 2 : 1;
    }
  }
  return traders;
}

// ---------------------------------------------------------------------------------------------
// Planted cases. Each family gets `n` cases, cycling through its variants (easy first).

type Family = (b: Builder, k: number) => void;

const eu = () => places.find((p) => p.country === 'FR')!;
const placeOf = (c: string) => places.find((p) => p.country === c)!;

const families: Record<string, Family> = {
  'threshold-proximity'(b, k) {
    const variants: Array<[string, string, number, 'easy' | 'hard', string]> = [
      ['FR', 'EUR', 9_800, 'easy', 'EUR 9,800 declared in FR (threshold EUR 10,000 or more)'],
      ['US', 'USD', 10_000, 'hard', 'exactly USD 10,000.00 in the US: not "more than", still under the duty'],
      ['ES', 'EUR', 9_999.99, 'hard', 'EUR 9,999.99, one cent under the EU threshold'],
      ['GB', 'GBP', 8_000, 'hard', 'exactly GBP 8,000.00: the lower edge of the band'],
    ];
    const [country, currency, amount, difficulty, text] = variants[k % variants.length]!;
    const time = b.at(0.1, 0.95);
    const place = placeOf(country);
    const d = b.add(
      'declaration',
      time,
      declarationJson(b, {
        time,
        place,
        direction: 'OUTBOUND',
        person: b.person(),
        farEnd: 'TR',
        items: [{ kind: 'CURRENCY', currency, amount }],
        flight: flightFor(b, place, time, true),
      }),
    );
    b.plant('threshold-proximity', 'CASH_COURIER', ['CC-THRESHOLD-PROXIMITY'], difficulty, text, [d]);
  },
  structuring(b, k) {
    const person = b.person();
    const place = eu();
    const t0 = b.at(0.05, 0.6);
    const hard = k % 2 === 1;
    const amounts = hard ? [5_000, 5_000] : k % 4 === 2 ? [3_900, 3_400, 3_300] : [6_200, 5_900];
    const gaps = hard ? [0, 26 * DAY] : [0, 6 * DAY + 3 * HOUR, 13 * DAY];
    const drafts = amounts.map((amount, i) => {
      const time = t0 + gaps[i]!;
      const pl = i === 1 && hard ? placeOf('DE') : place;
      return b.add(
        'declaration',
        time,
        declarationJson(b, {
          time,
          place: pl,
          direction: i % 2 ? 'INBOUND' : 'OUTBOUND',
          person,
          farEnd: 'MA',
          items: [{ kind: 'CURRENCY', currency: 'EUR', amount }],
        }),
      );
    });
    b.plant(
      'structuring',
      'CASH_COURIER',
      amounts.length >= 3 ? ['CC-STRUCTURING-PERSON', 'CC-VELOCITY'] : ['CC-STRUCTURING-PERSON'],
      hard ? 'hard' : 'easy',
      hard
        ? 'EUR 5,000 + 5,000 (exactly the threshold together) 26 days apart, in FR then DE'
        : `${amounts.length} declarations under the threshold, together over it`,
      drafts,
    );
  },
  smurfing(b, k) {
    const place = placeOf(b.random.pick(['ES', 'NL', 'FR']));
    const t0 = b.at(0.05, 0.95);
    const flight = flightFor(b, place, t0, true);
    const hard = k % 2 === 1;
    const amounts = hard ? [5_000, 5_000] : [4_800, 4_100, 3_900];
    const drafts = amounts.map((amount, i) => {
      // Hard: the second traveller declares 30 hours later, and is written 40 s out of order.
      const time = t0 + (hard ? i * 30 * HOUR : i * b.random.int(2, 40) * 60_000);
      return b.add(
        'declaration',
        time,
        declarationJson(b, {
          time,
          place,
          direction: 'OUTBOUND',
          person: b.person(),
          farEnd: 'CO',
          flight,
          items: [{ kind: 'CURRENCY', currency: 'EUR', amount }],
        }),
        hard && i === 1,
      );
    });
    b.plant(
      'smurfing',
      'CASH_COURIER',
      ['CC-LINKED-TRAVELLERS'],
      hard ? 'hard' : 'easy',
      hard
        ? 'two travellers on one booking, EUR 5,000 each, 30 hours apart'
        : 'three travellers on one booking and flight, together EUR 12,800',
      drafts,
    );
  },
  'frequent-courier'(b, k) {
    const person = b.person();
    const place = placeOf(b.random.pick(['FR', 'US', 'GB']));
    const t0 = b.at(0.05, 0.6);
    const hard = k % 2 === 1;
    const offsets = hard ? [0, 14 * DAY, 29 * DAY + 20 * HOUR] : [0, 5 * DAY, 11 * DAY, 17 * DAY];
    const drafts = offsets.map((o, i) => {
      const time = t0 + o;
      const currency = place.currency;
      return b.add(
        'declaration',
        time,
        declarationJson(b, {
          time,
          place,
          direction: i % 2 ? 'INBOUND' : 'OUTBOUND',
          person,
          farEnd: 'MA',
          flight: flightFor(b, place, time),
          items: [
            { kind: 'CURRENCY', currency, amount: 1_500 / (usdRate[currency] ?? 1) + b.random.int(0, 600) },
          ],
        }),
      );
    });
    b.plant(
      'frequent-courier',
      'CASH_COURIER',
      ['CC-VELOCITY'],
      hard ? 'hard' : 'easy',
      hard
        ? 'three crossings with small sums spanning 29.8 of the 30 days'
        : 'four crossings with cash in 17 days',
      drafts,
    );
  },
  'high-risk-route'(b, k) {
    const variants: Array<[string, string, number, string, 'easy' | 'hard']> = [
      ['FR', 'EUR', 6_500, 'IR', 'easy'],
      ['US', 'USD', 5_000, 'VE', 'hard'],
      ['DE', 'EUR', 5_200, 'LB', 'easy'],
      ['GB', 'GBP', 3_800, 'MM', 'hard'],
    ];
    const [country, currency, amount, farEnd, difficulty] = variants[k % variants.length]!;
    const time = b.at(0.05, 0.95);
    const place = placeOf(country);
    const d = b.add(
      'declaration',
      time,
      declarationJson(b, {
        time,
        place,
        direction: 'OUTBOUND',
        person: b.person(),
        farEnd,
        flight: flightFor(b, place, time),
        items: [{ kind: 'CURRENCY', currency, amount }],
      }),
    );
    b.plant(
      'high-risk-route',
      'CASH_COURIER',
      ['CC-HIGH-RISK-ROUTE'],
      difficulty,
      `${currency} ${amount} to ${farEnd}${difficulty === 'hard' ? ' (at or just over USD 5,000)' : ''}`,
      [d],
    );
  },
  'amount-anomaly'(b, k) {
    if (k % 2 === 0) {
      const person = b.person();
      const place = eu();
      const t0 = b.at(0.1, 0.6);
      const drafts = [0, 6, 12, 19].map((dd, i) => {
        const time = t0 + dd * DAY;
        return b.add(
          'declaration',
          time,
          declarationJson(b, {
            time,
            place,
            direction: 'OUTBOUND',
            person,
            farEnd: 'TR',
            items: [
              { kind: 'CURRENCY', currency: 'EUR', amount: i < 3 ? 1_100 + b.random.int(0, 300) : 24_000 },
            ],
          }),
        );
      });
      b.plant(
        'amount-anomaly',
        'CASH_COURIER',
        ['CC-AMOUNT-ANOMALY', 'CC-VELOCITY'],
        'easy',
        'three small declarations, then EUR 24,000 (declared) by the same person',
        drafts,
      );
    } else {
      // A fresh traveller on a busy route: judged against the route's history only.
      const place = placeOf('FR');
      const time = b.at(0.5, 0.95);
      const d = b.add(
        'declaration',
        time,
        declarationJson(b, {
          time,
          place,
          direction: 'OUTBOUND',
          person: b.person(),
          farEnd: 'MA',
          items: [{ kind: 'CURRENCY', currency: 'EUR', amount: 30_000 }],
        }),
      );
      b.plant(
        'amount-anomaly',
        'CASH_COURIER',
        ['CC-AMOUNT-ANOMALY'],
        'hard',
        'first-time traveller, EUR 30,000 declared on FR-MA: only the route history shows it',
        [d],
      );
    }
  },
  'undeclared-cash'(b, k) {
    const hard = k % 2 === 1;
    const place = placeOf(b.random.pick(['NL', 'ES', 'US']));
    const time = b.at(0.05, 0.95);
    const control = hard
      ? { inspected: true, undeclaredAmount: '150.00', undeclaredCurrency: place.currency, seized: false }
      : {
          inspected: true,
          undeclaredAmount: money(20_000 + b.random.int(0, 30_000)),
          undeclaredCurrency: place.currency,
          seized: true,
        };
    const d = b.add(
      'declaration',
      time,
      declarationJson(b, {
        time,
        place,
        direction: 'INBOUND',
        person: b.person(),
        farEnd: 'CO',
        items: [{ kind: 'CURRENCY', currency: place.currency, amount: 2_000 }],
        control,
      }),
    );
    b.plant(
      'undeclared-cash',
      'CASH_COURIER',
      ['CC-UNDECLARED-FOUND'],
      hard ? 'hard' : 'easy',
      hard ? 'a control found 150 undeclared, not seized' : 'large undeclared sum found and seized',
      [d],
    );
  },
  'bni-gold'(b, k) {
    const hard = k % 2 === 1;
    const place = placeOf('IT');
    const time = b.at(0.05, 0.95);
    const items = hard
      ? [
          { kind: 'BEARER_BOND', currency: 'USD', amount: 3_100 },
          { kind: 'CURRENCY', currency: 'USD', amount: 2_900 },
        ]
      : [{ kind: 'GOLD', currency: 'USD', amount: 45_000 }];
    const d = b.add(
      'declaration',
      time,
      declarationJson(b, { time, place, direction: 'OUTBOUND', person: b.person(), farEnd: 'AE', items }),
    );
    b.plant(
      'bni-gold',
      'CASH_COURIER',
      ['CC-BNI-GOLD'],
      hard ? 'hard' : 'easy',
      hard ? 'bearer bonds 51.7% of USD 6,000' : 'USD 45,000 in gold',
      [d],
    );
  },
  'currency-mismatch'(b, k) {
    const variants: Array<[string, number, 'easy' | 'hard']> = [
      ['SAR', 30_000, 'easy'],
      ['AED', 18_500, 'hard'],
      ['JPY', 1_200_000, 'easy'],
    ];
    const [currency, amount, difficulty] = variants[k % variants.length]!;
    const place = placeOf('FR');
    const time = b.at(0.05, 0.95);
    const d = b.add(
      'declaration',
      time,
      declarationJson(b, {
        time,
        place,
        direction: 'OUTBOUND',
        person: b.person(),
        farEnd: 'MA',
        flight: flightFor(b, place, time),
        items: [{ kind: 'CURRENCY', currency, amount }],
      }),
    );
    b.plant(
      'currency-mismatch',
      'CASH_COURIER',
      ['CC-CURRENCY-ROUTE-MISMATCH'],
      difficulty,
      `${currency} ${amount} on FR-MA`,
      [d],
    );
  },
  'cash-in-parcel'(b, k) {
    const variants: Array<[string, string, 'easy' | 'hard']> = [
      ['US dollar bills', 'GIFT', 'easy'],
      ['Bargeld', 'MERCHANDISE', 'easy'],
      ['Bamknotes for collection', 'MERCHANDISE', 'hard'],
      ['casch', 'MERCHANDISE', 'hard'],
      ['Prepaid gift card bundle', 'MERCHANDISE', 'easy'],
    ];
    const [description, contentType, difficulty] = variants[k % variants.length]!;
    const time = b.at(0.05, 0.95);
    const d = b.add(
      'manifest',
      time,
      manifestJson(b, {
        time,
        reporting: 'MX',
        from: 'US',
        to: 'MX',
        shipper: privateParty(b, 'US'),
        consignee: privateParty(b, 'MX'),
        contentType,
        value: 60,
        weightKg: 0.8,
        pieces: 1,
        items: [{ description }],
      }),
    );
    b.plant(
      'cash-in-parcel',
      'CASH_COURIER',
      ['CM-CASH-KEYWORDS'],
      difficulty,
      `"${description}" in a ${contentType} parcel`,
      [d],
    );
  },
  'documents-anomaly'(b, k) {
    const variants: Array<[string, number, number, number, string, 'easy' | 'hard']> = [
      ['DOCUMENTS', 7.8, 1, 10, 'Business correspondence', 'easy'],
      ['DOCUMENTS', 2.1, 1, 5, 'Contracts', 'hard'],
      ['GIFT', 24, 2, 300, 'Plush toys', 'easy'],
      ['OTHER', 1.2, 1, 150, 'Business correspondence', 'hard'],
    ];
    const [contentType, weightKg, pieces, value, description, difficulty] = variants[k % variants.length]!;
    const time = b.at(0.05, 0.95);
    const d = b.add(
      'manifest',
      time,
      manifestJson(b, {
        time,
        reporting: 'MX',
        from: 'US',
        to: 'MX',
        shipper: businessParty(b, 'US'),
        consignee: businessParty(b, 'MX'),
        contentType,
        value,
        weightKg,
        pieces,
        items: [{ description }],
      }),
    );
    b.plant(
      'documents-anomaly',
      'CASH_COURIER',
      ['CM-DOCUMENTS-ANOMALY'],
      difficulty,
      `${contentType} "${description}" of ${weightKg} kg, USD ${value}`,
      [d],
    );
  },
  'value-weight'(b, k) {
    const hard = k % 2 === 1;
    const time = b.at(0.05, 0.95);
    const [weightKg, value] = hard ? [2.5, 240] : [12, 60];
    const d = b.add(
      'manifest',
      time,
      manifestJson(b, {
        time,
        reporting: 'US',
        from: 'CN',
        to: 'US',
        shipper: businessParty(b, 'CN'),
        consignee: privateParty(b, 'US'),
        contentType: 'MERCHANDISE',
        value,
        weightKg,
        pieces: 1,
        items: [{ description: 'Smartphones', hsCode: '851713', quantity: 2, value }],
      }),
    );
    b.plant(
      'value-weight',
      'CASH_COURIER',
      ['CM-VALUE-WEIGHT'],
      hard ? 'hard' : 'easy',
      `${weightKg} kg of smartphones at USD ${value}${hard ? ' (96/kg, just under 100)' : ''}`,
      [d],
    );
  },
  'fan-in'(b, k) {
    const hard = k % 2 === 1;
    const consignee = businessParty(b, 'MX');
    const t0 = b.at(0.05, 0.9);
    const n = hard ? 5 : 7;
    const drafts: Draft[] = [];
    for (let i = 0; i < n; i++) {
      const from = b.random.pick(['US', 'CO', 'VE', 'GT']);
      const time = hard
        ? t0 + Math.floor((i * 6.9 * DAY) / (n - 1)) - (i === 3 ? Math.floor(1.725 * DAY) - 20_000 : 0)
        : t0 + i * b.random.int(4, 20) * HOUR;
      drafts.push(
        b.add(
          'manifest',
          time,
          manifestJson(b, {
            time,
            reporting: 'MX',
            from,
            to: 'MX',
            shipper: privateParty(b, from),
            consignee,
            contentType: 'GIFT',
            value: 40 + b.random.int(0, 60),
            weightKg: 0.6 + b.random.next(),
            pieces: 1,
            items: [{ description: 'Clothes', hsCode: '620520', quantity: 2, value: 40 }],
          }),
          hard && i === 2,
        ),
      );
    }
    b.plant(
      'fan-in',
      'CASH_COURIER',
      ['CM-FAN-IN'],
      hard ? 'hard' : 'easy',
      hard
        ? 'five senders to one consignee across 6.9 days, two parcels out of order'
        : 'seven senders to one consignee in two days',
      drafts,
    );
  },
  'fan-out'(b, k) {
    const hard = k % 2 === 1;
    const shipper = privateParty(b, 'US');
    const t0 = b.at(0.05, 0.9);
    const n = hard ? 5 : 6;
    const drafts: Draft[] = [];
    for (let i = 0; i < n; i++) {
      const to = b.random.pick(['NG', 'KE', 'LB', 'YE', 'GH']);
      const time = t0 + Math.floor(i * (hard ? 1.7 : 0.5) * DAY);
      drafts.push(
        b.add(
          'manifest',
          time,
          manifestJson(b, {
            time,
            reporting: 'US',
            from: 'US',
            to,
            shipper,
            consignee: privateParty(b, to),
            contentType: 'GIFT',
            value: 60 + b.random.int(0, 40),
            weightKg: 0.9,
            pieces: 1,
            items: [{ description: 'Clothes', hsCode: '620520', quantity: 2, value: 60 }],
          }),
        ),
      );
    }
    b.plant(
      'fan-out',
      'CASH_COURIER',
      ['CM-FAN-OUT'],
      hard ? 'hard' : 'easy',
      `one sender to ${n} consignees within ${hard ? 6.8 : 2.5} days`,
      drafts,
    );
  },
  'arms-in-parcel'(b, k) {
    const variants: Array<[string, string, string, 'easy' | 'hard']> = [
      ['Pistol slide and barrel', '870899', 'MERCHANDISE', 'easy'],
      ['Metal parts', '930599', 'MERCHANDISE', 'hard'],
      ['Supressor kit', '848180', 'MERCHANDISE', 'hard'],
      ['Ammunition', '930630', 'GIFT', 'easy'],
    ];
    const [description, hsCode, contentType, difficulty] = variants[k % variants.length]!;
    const time = b.at(0.05, 0.95);
    const d = b.add(
      'manifest',
      time,
      manifestJson(b, {
        time,
        reporting: 'MX',
        from: 'US',
        to: 'MX',
        shipper: privateParty(b, 'US'),
        consignee: privateParty(b, 'MX'),
        contentType,
        value: 85,
        weightKg: 0.9,
        pieces: 1,
        items: [{ description, hsCode, quantity: 1, value: 85 }],
      }),
    );
    b.plant('arms-in-parcel', 'ARMS', ['CM-ARMS'], difficulty, `"${description}" under HS ${hsCode}`, [d]);
  },
  'precursor-parcel'(b, k) {
    const variants: Array<[string, string, string, 'easy' | 'hard']> = [
      ['Ammonium nitrate', '310230', 'SAMPLE', 'easy'],
      ['Electric detonators', '853690', 'SAMPLE', 'easy'],
      ['Nitromethan', '382499', 'MERCHANDISE', 'hard'],
      ['Industrial chemical sample', '282919', 'SAMPLE', 'hard'],
    ];
    const [description, hsCode, contentType, difficulty] = variants[k % variants.length]!;
    const time = b.at(0.05, 0.95);
    const d = b.add(
      'manifest',
      time,
      manifestJson(b, {
        time,
        reporting: 'AE',
        from: 'PK',
        to: 'AE',
        shipper: businessParty(b, 'PK'),
        consignee: businessParty(b, 'AE'),
        contentType,
        value: 40,
        weightKg: 1.2,
        pieces: 1,
        items: [{ description, hsCode, quantity: 1, value: 40 }],
      }),
    );
    b.plant(
      'precursor-parcel',
      'PRECURSOR',
      ['CM-PRECURSOR'],
      difficulty,
      `"${description}" under HS ${hsCode}`,
      [d],
    );
  },
  'over-invoicing'(b, k) {
    const variants: Array<[string, number, number, 'easy' | 'hard', string]> = [
      ['610910', 4, 8_000, 'easy', 'T-shirts from CN at 4x the median'],
      ['610910', 0, 12_000, 'hard', 'T-shirts from CN at USD 5.60, just over the 5.40 fence'],
      ['640399', 3, 1_500, 'easy', 'footwear (learned prices) at 3x the median'],
      ['847130', 6, 20, 'easy', 'laptops at 6x the median'],
    ];
    const [hs, factor, quantity, difficulty, text] = variants[k % variants.length]!;
    const good = goodOf(hs);
    const t = newTrader(b, good.chapter);
    t.origin = 'CN';
    const time = b.at(0.55, 0.95);
    const price = factor === 0 ? 5.6 : unitPrice(b, good, 'CN', time) * factor;
    const value = Math.round(quantity * price * 100) / 100;
    const d = b.add(
      'invoice',
      time,
      invoiceJson(b, {
        time,
        trader: { ...t, currency: 'USD' },
        currency: 'USD',
        lines: [{ good, quantity, value }],
      }),
    );
    b.plant('over-invoicing', 'TBML', ['TB-UNIT-PRICE'], difficulty, text, [d]);
  },
  'under-invoicing'(b, k) {
    const variants: Array<[string, string, number, number, 'easy' | 'hard', string]> = [
      ['090111', 'IN', 0.7, 20_000, 'easy', 'coffee at USD 0.70/kg (lower fence 0.90)'],
      ['100630', 'IN', 0.08, 200_000, 'easy', 'rice at USD 0.08/kg (lower fence 0.105)'],
      ['090111', 'IN', 0.85, 30_000, 'hard', 'coffee at USD 0.85/kg, just under the 0.90 fence'],
      ['392690', 'CN', -0.15, 20_000, 'easy', 'plastics (learned prices) at 15% of the median'],
    ];
    const [hs, origin, price0, quantity, difficulty, text] = variants[k % variants.length]!;
    const good = goodOf(hs);
    const t = newTrader(b, good.chapter);
    t.origin = origin;
    const time = b.at(0.55, 0.95);
    const price = price0 < 0 ? unitPrice(b, good, origin, time) * -price0 : price0;
    const d = b.add(
      'invoice',
      time,
      invoiceJson(b, {
        time,
        trader: { ...t, currency: 'USD' },
        currency: 'USD',
        lines: [{ good, quantity, value: Math.round(quantity * price * 100) / 100 }],
      }),
    );
    b.plant('under-invoicing', 'TBML', ['TB-UNIT-PRICE'], difficulty, text, [d]);
  },
  'value-per-kg'(b, k) {
    const hard = k % 2 === 1;
    const good = goodOf(hard ? '611020' : '847130');
    const t = newTrader(b, good.chapter);
    const time = b.at(0.55, 0.95);
    const l = line(b, good, t.origin, time, hard ? 9_000 : 12_000, 'USD');
    // Declared net weight far below what the pieces weigh: value per kg 8 (hard: 4) times normal.
    const d = b.add(
      'invoice',
      time,
      invoiceJson(b, {
        time,
        trader: { ...t, currency: 'USD' },
        currency: 'USD',
        lines: [{ ...l, netWeightKg: (l.netWeightKg ?? 1) / (hard ? 4 : 8) }],
      }),
    );
    b.plant(
      'value-per-kg',
      'TBML',
      ['TB-VALUE-PER-KG'],
      hard ? 'hard' : 'easy',
      `${good.description} with net weight 1/${hard ? 4 : 8} of normal`,
      [d],
    );
  },
  'multiple-invoicing'(b, k) {
    const hard = k % 2 === 1;
    const t = newTrader(b, b.random.pick(chapters));
    const t0 = b.at(0.1, 0.85);
    const first = ordinaryInvoice(b, t, t0, 12_000);
    const again = structuredClone(first.json);
    const t1 = t0 + b.random.int(2, 12) * DAY;
    again.declaredAt = iso(t1);
    again.transportDocument = b.transportDocument();
    if (hard) again.invoiceNumber = `${String(first.json.invoiceNumber)}-B`;
    else again.reportingCountry = t.country === 'CA' ? 'MX' : 'CA';
    const d2 = b.add('invoice', t1, again);
    b.plant(
      'multiple-invoicing',
      'TBML',
      ['TB-MULTIPLE-INVOICING'],
      hard ? 'hard' : 'easy',
      hard
        ? 'same goods, value and parties under a new invoice number'
        : 'same seller invoice number lodged again in another country',
      [first, d2],
    );
  },
  'invoice-arithmetic'(b, k) {
    const t = newTrader(b, b.random.pick(chapters));
    const time = b.at(0.05, 0.95);
    const v = k % 3;
    const goods = goodsByChapter.get(t.chapter)!;
    const l = line(b, goods[0]!, t.origin, time, v === 1 ? 50_000 : 12_000, 'USD');
    const sum = l.value;
    const lines = v === 2 ? [l, { ...l, quantity: 0, value: 0 }] : [l];
    const total = v === 0 ? sum * 1.2 : v === 1 ? sum + Math.max(1, sum * 0.001) + 5 : sum;
    const d = b.add(
      'invoice',
      time,
      invoiceJson(b, { time, trader: { ...t, currency: 'USD' }, currency: 'USD', lines, total }),
    );
    b.plant(
      'invoice-arithmetic',
      'TBML',
      ['TB-INVOICE-ARITHMETIC'],
      v === 0 ? 'easy' : 'hard',
      [
        'total 20% above the lines',
        'total 5 over the rounding tolerance',
        'a line with zero quantity and value',
      ][v]!,
      [d],
    );
  },
  'third-party-payment'(b, k) {
    const hard = k % 2 === 1;
    const t = newTrader(b, b.random.pick(chapters));
    const time = b.at(0.05, 0.95);
    const payment = hard
      ? { method: 'OPEN_ACCOUNT', payerName: `${t.name} Holdings`, payerCountry: t.country }
      : { method: 'ADVANCE', payerName: 'Global Remittance Services SA', payerCountry: 'PA' };
    const goods = goodsByChapter.get(t.chapter)!;
    const d = b.add(
      'invoice',
      time,
      invoiceJson(b, {
        time,
        trader: t,
        lines: [line(b, goods[0]!, t.origin, time, 9_000, t.currency)],
        payment,
      }),
    );
    b.plant(
      'third-party-payment',
      'TBML',
      ['TB-THIRD-PARTY-PAYMENT'],
      hard ? 'hard' : 'easy',
      hard
        ? "paid by a similarly named company in the importer's country"
        : 'paid by an unrelated company in Panama',
      [d],
    );
  },
  'high-risk-routing'(b, k) {
    const v = k % 3;
    const t = newTrader(b, '61');
    t.origin = 'CN';
    const time = b.at(0.05, 0.95);
    const good = goodOf('610910');
    const l = line(b, good, 'CN', time, v === 2 ? 10_000 : 25_000, 'USD');
    const lines = v === 2 ? [{ ...l, value: 10_000 }] : [l];
    const spec: InvoiceSpec =
      v === 0
        ? { time, trader: { ...t, currency: 'USD' }, currency: 'USD', lines, transit: ['AE', 'HK'] }
        : v === 1
          ? { time, trader: { ...t, currency: 'USD' }, currency: 'USD', lines, dispatch: 'IR' }
          : { time, trader: { ...t, currency: 'USD' }, currency: 'USD', lines, transit: ['MM'] };
    const d = b.add('invoice', time, invoiceJson(b, spec));
    b.plant(
      'high-risk-routing',
      'TBML',
      ['TB-HIGH-RISK-ROUTING'],
      v === 2 ? 'hard' : 'easy',
      [
        'transit through two free-trade zones (AE, HK)',
        'dispatched from IR',
        'exactly USD 10,000.00 through MM',
      ][v]!,
      [d],
    );
  },
  'line-of-business'(b, k) {
    const chapter = k % 2 ? '61' : '09';
    const t = newTrader(b, chapter);
    const t0 = b.at(0.6, 0.9);
    for (let i = 7; i >= 1; i--) ordinaryInvoice(b, t, t0 - i * 3.6 * DAY, 5_000);
    const other = goodOf(chapter === '61' ? '847130' : '870899');
    const d = b.add(
      'invoice',
      t0,
      invoiceJson(b, {
        time: t0,
        trader: t,
        lines: [line(b, other, t.origin, t0, k % 2 ? 6_000 : 15_000, t.currency)],
      }),
    );
    b.plant(
      'line-of-business',
      'TBML',
      ['TB-LINE-OF-BUSINESS'],
      k % 2 ? 'hard' : 'easy',
      `a chapter ${chapter} trader with 7 invoices suddenly declares ${other.description}${k % 2 ? ' (about USD 6,000, near the 5,000 minimum)' : ''}`,
      [d],
    );
  },
  'volume-spike'(b, k) {
    const chapter = b.random.pick(['61', '85', '39']);
    const t = newTrader(b, chapter);
    const goods = goodsByChapter.get(chapter)!;
    if (k % 2 === 1 && b.span > 37 * DAY) {
      const time = b.at(0.9, 0.98);
      const d = b.add(
        'invoice',
        time,
        invoiceJson(b, {
          time,
          trader: { ...t, currency: 'USD' },
          currency: 'USD',
          lines: [line(b, goods[0]!, t.origin, time, 310_000, 'USD')],
        }),
      );
      b.plant(
        'volume-spike',
        'TBML',
        ['TB-VOLUME-SPIKE'],
        'hard',
        'a trader never seen before starts with USD 310,000',
        [d],
      );
      return;
    }
    const t0 = b.at(0.75, 0.9);
    for (let time = t0 - 30 * DAY; time < t0 - 7 * DAY; time += 4 * DAY) ordinaryInvoice(b, t, time, 6_000);
    const drafts = [0, 1.5, 3].map((dd) => {
      const time = t0 + dd * DAY;
      return b.add(
        'invoice',
        time,
        invoiceJson(b, { time, trader: t, lines: [line(b, goods[0]!, t.origin, time, 45_000, t.currency)] }),
      );
    });
    b.plant(
      'volume-spike',
      'TBML',
      ['TB-VOLUME-SPIKE'],
      'easy',
      'a steady trader (USD 6,000 every 4 days) invoices USD 135,000 in three days',
      drafts,
    );
  },
  'round-amount'(b, k) {
    const variants: Array<[number, string, 'easy' | 'hard']> = [
      [120_000, 'USD', 'easy'],
      [50_000, 'USD', 'hard'],
      [60_000, 'EUR', 'easy'],
    ];
    const [total, currency, difficulty] = variants[k % variants.length]!;
    const t = newTrader(b, b.random.pick(chapters));
    const time = b.at(0.05, 0.95);
    const goods = goodsByChapter.get(t.chapter)!;
    const l = line(b, goods[0]!, t.origin, time, total * (usdRate[currency] ?? 1), currency);
    const d = b.add(
      'invoice',
      time,
      invoiceJson(b, { time, trader: { ...t, currency }, currency, lines: [{ ...l, value: total }] }),
    );
    b.plant(
      'round-amount',
      'TBML',
      ['TB-ROUND-AMOUNT'],
      difficulty,
      `a single line for exactly ${currency} ${total}`,
      [d],
    );
  },
  'mirror-mismatch'(b, k) {
    const v = k % 3;
    const t = newTrader(b, b.random.pick(chapters));
    const t1 = b.at(0.2, 0.95);
    const t0 = t1 - b.random.int(6, 15) * DAY;
    const goods = goodsByChapter.get(t.chapter)!;
    const l = line(b, goods[0]!, t.origin, t0, 50_000, 'USD');
    const doc = b.transportDocument();
    const number = `${t.exporter.id.slice(-6)}/${++t.invoiceSeq}`;
    const trader = { ...t, currency: 'USD' };
    const exp = b.add(
      'invoice',
      t0,
      invoiceJson(b, {
        time: t0,
        flow: 'EXPORT',
        trader,
        currency: 'USD',
        invoiceNumber: number,
        transportDocument: doc,
        lines: [l],
      }),
    );
    const factor = v === 0 ? 1.6 : v === 1 ? 1.23 : 1.08;
    const qty = v === 2 ? Math.round(l.quantity * 1.25) : l.quantity;
    const imp = b.add(
      'invoice',
      t1,
      invoiceJson(b, {
        time: t1,
        flow: 'IMPORT',
        trader,
        currency: 'USD',
        invoiceNumber: number,
        transportDocument: doc,
        lines: [{ ...l, quantity: qty, value: Math.round(l.value * factor * 100) / 100 }],
      }),
    );
    b.plant(
      'mirror-mismatch',
      'TBML',
      ['TB-MIRROR-MISMATCH'],
      v === 0 ? 'easy' : 'hard',
      [
        'import declared at 1.6x the export value',
        'import at 1.23x the export value, just beyond the 20% CIF margin',
        'import quantity 25% above the export quantity',
      ][v]!,
      [exp, imp],
    );
  },
  'cash-payment'(b, k) {
    const hard = k % 2 === 1;
    const t = newTrader(b, b.random.pick(chapters));
    const time = b.at(0.05, 0.95);
    const goods = goodsByChapter.get(t.chapter)!;
    const l = line(b, goods[0]!, t.origin, time, hard ? 10_000 : 25_000, 'USD');
    const lines = hard ? [{ ...l, value: 10_000.01 }] : [l];
    const d = b.add(
      'invoice',
      time,
      invoiceJson(b, {
        time,
        trader: { ...t, currency: 'USD' },
        currency: 'USD',
        lines,
        payment: { method: 'CASH' },
      }),
    );
    b.plant(
      'cash-payment',
      'TBML',
      ['TB-CASH-PAYMENT'],
      hard ? 'hard' : 'easy',
      hard ? 'USD 10,000.01 paid in cash' : 'USD 25,000 paid in cash',
      [d],
    );
  },
  'precursor-trade'(b, k) {
    const variants: Array<[string, string, number]> = [
      ['310230', 'Ammonium nitrate, fertiliser grade', 0.45],
      ['284700', 'Hydrogen peroxide solution', 1.1],
      ['760310', 'Aluminium powder, non-lamellar', 3.2],
    ];
    const [hs, description, price] = variants[k % variants.length]!;
    const t = newTrader(b, '31');
    const time = b.at(0.05, 0.95);
    const good: TradeGood = {
      hs,
      chapter: hs.slice(0, 2),
      description,
      unit: 'KGM',
      price,
      sigma: 0.2,
      kgPerUnit: 1,
    };
    const quantity = 20_000;
    const d = b.add(
      'invoice',
      time,
      invoiceJson(b, {
        time,
        trader: { ...t, currency: 'USD' },
        currency: 'USD',
        lines: [{ good, quantity, value: quantity * price }],
      }),
    );
    b.plant(
      'precursor-trade',
      'PRECURSOR',
      ['TB-PRECURSOR'],
      'easy',
      `${description} to a trader new to chapter ${hs.slice(0, 2)}`,
      [d],
    );
  },
};

export const plantedFamilies = Object.keys(families);

/** Generates the scenario: ordinary traffic, planted cases, ids in file order, ground truth. */
export function generateScenario(options: ScenarioOptions): Scenario {
  const total = Math.max(500, Math.floor(options.events));
  const spanDays = Math.min(70, Math.max(42, Math.round(total / 285)));
  const b = new Builder(seededRandom(options.seed), options.seed, options.start, spanDays * DAY);
  const perFamily = Math.max(2, Math.round(total / 5_000));
  for (const family of Object.values(families)) for (let k = 0; k < perFamily; k++) family(b, k);
  const planted = b.drafts.length;
  const ordinary = Math.max(0, total - planted);
  ordinaryDeclarations(b, Math.round(ordinary * 0.4));
  ordinaryManifests(b, Math.round(ordinary * 0.3));
  ordinaryInvoices(b, ordinary - Math.round(ordinary * 0.4) - Math.round(ordinary * 0.3));

  const byKind: Record<EventKind, Draft[]> = { declaration: [], manifest: [], invoice: [] };
  for (const d of b.drafts) {
    if (d.time < options.start) d.time = d.fileTime = options.start;
    byKind[d.kind].push(d);
  }
  const ids = new Map<Draft, string>();
  for (const kind of Object.keys(byKind) as EventKind[]) {
    const list = byKind[kind];
    // Stable order: file time, then creation order (the array index) for ties.
    list.sort((x, y) => x.fileTime - y.fileTime);
    list.forEach((d, i) => {
      const id = `${idPrefix[kind]}-${String(options.seed).padStart(4, '0')}-${String(i + 1).padStart(7, '0')}`;
      d.json[idField[kind]] = id;
      d.json[timeField[kind]] = iso(d.time);
      ids.set(d, id);
    });
  }
  const end = Math.max(...b.drafts.map((d) => d.time));
  return {
    declarations: byKind.declaration.map((d) => d.json),
    manifests: byKind.manifest.map((d) => d.json),
    invoices: byKind.invoice.map((d) => d.json),
    truth: {
      seed: options.seed,
      events: b.drafts.length,
      start: iso(options.start),
      end: iso(end),
      counts: {
        declarations: byKind.declaration.length,
        manifests: byKind.manifest.length,
        invoices: byKind.invoice.length,
      },
      cases: b.cases.map(({ drafts, ...c }) => ({ ...c, eventIds: drafts.map((d) => ids.get(d)!) })),
    },
  };
}
