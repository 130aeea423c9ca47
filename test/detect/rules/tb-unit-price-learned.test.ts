// TB-UNIT-PRICE on statistics learned from the stream only (no table): a deterministic stream of
// normal invoices (seeded PRNG, log-normal unit prices) for several HS codes, with over- and
// under-invoiced lines planted in it. Each planted line is found with its direction, no normal
// line is; and a run split in two with a warm-up in between gives the same alerts as one run.
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/core/alert.ts';
import type { InvoiceEvent } from '../../../src/core/events.ts';
import { DetectionEngine } from '../../../src/detect/engine.ts';
import { unitPriceRule } from '../../../src/detect/rules/tb-unit-price.ts';
import { testConfig } from '../../support/config.ts';
import { invoiceEvent, invoiceLine, money, T0 } from '../../support/events.ts';

const DAY = 86_400_000;

/** mulberry32: a small seeded PRNG, so the stream is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A standard normal draw (Box–Muller), truncated to ±3: "normal" invoices stay within 3 sigma. */
function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  return Math.max(-3, Math.min(3, z));
}

// Products with their median unit price (USD) and unit; none is in the fixture's config table.
const products = [
  { hsCode: '8471300000', unit: 'NMB', median: 420 },
  { hsCode: '640399', unit: 'PR', median: 18 },
  { hsCode: '300490', unit: 'KGM', median: 95 },
  { hsCode: '85171300', unit: 'NMB', median: 160 },
];
const ORIGINS = ['CN', 'VN', 'IN', 'MY'];

interface Planted {
  invoiceId: string;
  direction: 'OVER_INVOICED' | 'UNDER_INVOICED';
}

function stream(): { events: InvoiceEvent[]; planted: Planted[] } {
  const random = prng(20260314);
  const events: InvoiceEvent[] = [];
  const planted: Planted[] = [];
  const start = T0 - 20 * DAY;
  for (let i = 0; i < 1200; i++) {
    const product = products[i % products.length]!;
    const time = start + Math.floor((i * 40 * DAY) / 1200) + (i % 7) * 60_000;
    const quantity = 100 + Math.floor(random() * 900);
    // Log-normal unit prices, sigma 0.15 (the middle 95% within ×0.75 to ×1.34 of the median).
    let price = product.median * Math.exp(0.15 * gaussian(random));
    // After the first 400 invoices, one in 40 is planted: 5× over or 1/6 under the median.
    let direction: Planted['direction'] | undefined;
    if (i >= 400 && i % 40 === 17) {
      direction = (i / 40) % 2 < 1 ? 'OVER_INVOICED' : 'UNDER_INVOICED';
      price = direction === 'OVER_INVOICED' ? product.median * 5 : product.median / 6;
    }
    const value = (Math.round(price * quantity * 100) / 100).toFixed(2);
    const invoiceId = `IMP-${String(i).padStart(5, '0')}`;
    if (direction) planted.push({ invoiceId, direction });
    events.push(
      invoiceEvent({
        invoiceId,
        invoiceNumber: `N-${i}`,
        declaredAt: time,
        originCountry: ORIGINS[i % ORIGINS.length]!,
        totalValue: money(value),
        lines: [
          invoiceLine({
            hsCode: product.hsCode,
            unit: product.unit,
            quantity: money(String(quantity)),
            value: money(value),
          }),
        ],
      }),
    );
  }
  return { events, planted };
}

// Far-out fences (k = 3; lower fence at least 30% of q1): Tukey's 1.5 IQR flags about 1% of
// log-normal prices, which is noise on a stream of thousands of lines.
const config = testConfig({
  rules: {
    'TB-UNIT-PRICE': {
      referenceSources: ['stream'],
      k: 3,
      lowerFenceFloorRatio: 0.3,
      minValueMovedUsd: '100',
    },
  },
});

function run(engine: DetectionEngine, events: readonly InvoiceEvent[]): Alert[] {
  return events.flatMap((event) => engine.process(event, event.eventTime).alerts);
}

describe('TB-UNIT-PRICE with learned statistics', () => {
  const { events, planted } = stream();

  it('finds every planted line, with its direction, and none of the normal ones', () => {
    const alerts = run(new DetectionEngine([unitPriceRule], config), events);
    expect(planted.length).toBeGreaterThanOrEqual(15);
    const found = alerts.map((a) => ({ invoiceId: a.eventIds[0], direction: a.evidence.direction }));
    expect(found).toEqual(planted);
    for (const alert of alerts) {
      expect(alert.evidence.reference).toMatchObject({ source: 'stream', windowDays: 30 });
      expect((alert.evidence.reference as { sampleSize: number }).sampleSize).toBeGreaterThanOrEqual(30);
    }
    expect(alerts[0]?.explanation).toMatch(/quartiles learned from \d+ lines of the last 30 days/);
  });

  it('stays quiet while there is too little history (the first lines of each product)', () => {
    const early = events
      .slice(0, 60)
      .map((e, i) =>
        i === 50
          ? { ...e, body: { ...e.body, lines: e.body.lines.map((l) => ({ ...l, value: l.value * 10n })) } }
          : e,
      );
    expect(run(new DetectionEngine([unitPriceRule], config), early)).toEqual([]);
  });

  it('gives the same alerts after a restart (state rebuilt by replaying the stored events) as in one run', () => {
    const clock = () => 0;
    const whole = run(new DetectionEngine([unitPriceRule], config, { clock }), events);
    const cut = 700;
    const first = events.slice(0, cut);
    const second = events.slice(cut);
    const before = run(new DetectionEngine([unitPriceRule], config, { clock }), first);
    // Restart: a new engine; warm-up replays the stored events of the retention period (35 days).
    const restarted = new DetectionEngine([unitPriceRule], config, { clock });
    const latest = first[first.length - 1]!.eventTime;
    const retention = 35 * DAY;
    for (const event of first.filter((e) => e.eventTime >= latest - retention)) {
      restarted.process(event, event.eventTime);
    }
    const after = run(restarted, second);
    expect([...before, ...after]).toEqual(whole);
    expect(after.length).toBeGreaterThan(5);
  });
});
