// The CC-* and CM-* rules over the bundled sample: in event-time order, shuffled within the allowed
// lateness through the reorder buffer, and split across two runs (the second rebuilding its state
// by warming up on the first part, as after a restart) give the same final alerts: alert id →
// the alert at its highest revision.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.ts';
import type { Alert } from '../../../src/core/alert.ts';
import { courierManifestSchema } from '../../../src/core/contract/courier-manifest.ts';
import { currencyDeclarationSchema } from '../../../src/core/contract/currency-declaration.ts';
import { compareEvents, type DomainEvent } from '../../../src/core/events.ts';
import { DetectionEngine } from '../../../src/detect/engine.ts';
import { ReorderBuffer } from '../../../src/detect/event-time/reorder-buffer.ts';
import { cashCourierRules } from '../../../src/detect/rules/cash-courier-rules.ts';
import { createPseudonymiser } from '../../../src/stages/pseudonymise/pseudonymise.ts';

const config = loadConfig({ env: {} });
const pseudonymiser = createPseudonymiser('replay-test-key-0123456789abcdef012345');
const events: DomainEvent[] = (
  [
    ['declarations', 'declaration', currencyDeclarationSchema],
    ['manifests', 'manifest', courierManifestSchema],
  ] as const
)
  .flatMap(([file, kind, schema]) =>
    readFileSync(`data/sample/${file}.ndjson`, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .flatMap((line) => {
        const parsed = schema.safeParse(JSON.parse(line));
        return parsed.success ? [pseudonymiser.pseudonymise(kind, parsed.data as never) as DomainEvent] : [];
      }),
  )
  .sort(compareEvents);

type Final = Map<string, Omit<Alert, 'detectedAt'>>;

function keep(final: Final, alerts: readonly Alert[]): void {
  for (const { detectedAt: _, ...alert } of alerts) {
    const seen = final.get(alert.alertId);
    if (!seen || alert.revision > seen.revision) final.set(alert.alertId, alert);
  }
}

const engine = () => new DetectionEngine(cashCourierRules, config, { clock: () => 0 });

function inOrder(list: readonly DomainEvent[], final: Final = new Map(), run = engine()): Final {
  for (const event of list) keep(final, run.process(event, event.eventTime).alerts);
  return final;
}

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LATENESS = 3 * 86_400_000;

function shuffledWithinLateness(seed: number): Final {
  // Arrival order: event time plus a random delay under the lateness, so no event arrives late.
  const next = random(seed);
  const arrivals = events
    .map((event) => ({ event, arrival: event.eventTime + next() * LATENESS }))
    .sort((a, b) => a.arrival - b.arrival)
    .map((a) => a.event);
  expect(arrivals.map((e) => e.id)).not.toEqual(events.map((e) => e.id));
  const buffer = new ReorderBuffer<null>(LATENESS);
  const run = engine();
  const final: Final = new Map();
  for (const event of arrivals) {
    buffer.push(event, null);
    const { released, late } = buffer.release();
    expect(late).toBe(0);
    for (const item of released) keep(final, run.process(item.event, item.event.eventTime).alerts);
  }
  for (const item of buffer.flush().released)
    keep(final, run.process(item.event, item.event.eventTime).alerts);
  return final;
}

describe('CC-* and CM-* rules over data/sample', () => {
  const expected = inOrder(events);

  it('fire every rule of the family at least once, growing patterns with revisions above 1', () => {
    const rules = new Set([...expected.values()].map((a) => a.ruleId));
    expect([...rules].sort()).toEqual(cashCourierRules.map((r) => r.id).sort());
    const grown = [...expected.values()].filter((a) => a.revision > 1).map((a) => a.ruleId);
    expect(new Set(grown)).toEqual(
      new Set(['CC-STRUCTURING-PERSON', 'CC-LINKED-TRAVELLERS', 'CC-VELOCITY', 'CM-FAN-IN', 'CM-FAN-OUT']),
    );
  });

  it('fire on the cases written for them (alert → supporting events at the highest revision)', () => {
    const fired = [...expected.values()]
      .filter((a) => !['CC-THRESHOLD-PROXIMITY', 'CM-CASH-KEYWORDS'].includes(a.ruleId))
      .map((a) => `${a.ruleId} ${a.entityType} r${a.revision}: ${[...a.eventIds].join(' ')}`)
      .sort();
    expect(fired).toEqual([
      'CC-AMOUNT-ANOMALY PERSON r1: FR-CD-2026-00035',
      'CC-BNI-GOLD PERSON r1: IT-CD-2026-00009',
      'CC-CURRENCY-ROUTE-MISMATCH PERSON r1: MX-CD-2026-00039',
      'CC-HIGH-RISK-ROUTE PERSON r1: NL-CD-2026-00029',
      'CC-HIGH-RISK-ROUTE PERSON r1: NL-CD-2026-00038',
      'CC-LINKED-TRAVELLERS BOOKING r2: ES-CD-2026-00036 ES-CD-2026-00037',
      'CC-LINKED-TRAVELLERS FLIGHT r3: ES-CD-2026-00036 ES-CD-2026-00037 ES-CD-2026-00026',
      'CC-STRUCTURING-PERSON PERSON r2: NL-CD-2026-00029 NL-CD-2026-00038',
      'CC-STRUCTURING-PERSON PERSON r3: FR-CD-2026-00032 FR-CD-2026-00033 FR-CD-2026-00034',
      'CC-UNDECLARED-FOUND PERSON r1: NL-CD-2026-00029',
      'CC-VELOCITY PERSON r4: FR-CD-2026-00032 FR-CD-2026-00033 FR-CD-2026-00034 FR-CD-2026-00035',
      'CM-ARMS CONSIGNEE r1: FDX0000000038',
      'CM-DOCUMENTS-ANOMALY CONSIGNEE r1: DHL0000000015',
      'CM-DOCUMENTS-ANOMALY CONSIGNEE r1: DHL0000000020',
      'CM-FAN-IN CONSIGNEE r5: DHL0000000028 DHL0000000029 DHL0000000030 DHL0000000031 DHL0000000032',
      'CM-FAN-OUT SHIPPER r5: FDX0000000033 FDX0000000034 FDX0000000035 FDX0000000036 FDX0000000037',
      'CM-PRECURSOR CONSIGNEE r1: DHL0000000039',
      'CM-VALUE-WEIGHT CONSIGNEE r1: UPS0000000027',
    ]);
    // The seizure of 26 March raises the same traveller's later alerts.
    const later = [...expected.values()].find(
      (a) => a.ruleId === 'CC-HIGH-RISK-ROUTE' && a.eventIds[0] === 'NL-CD-2026-00038',
    );
    expect(later?.evidence).toMatchObject({
      priorUndeclaredFinding: { declarationId: 'NL-CD-2026-00029', seized: true },
    });
  });

  it.each([1, 2, 3])('give the same final alerts shuffled within the lateness (seed %i)', (seed) => {
    expect(shuffledWithinLateness(seed)).toEqual(expected);
  });

  it.each([0.3, 0.5, 0.8])(
    'give the same final alerts split across two runs at %d of the events',
    (share) => {
      const cut = Math.floor(events.length * share);
      const first = events.slice(0, cut);
      const final = inOrder(first);
      const restarted = engine();
      for (const event of first) restarted.process(event, event.eventTime); // Pipeline.warmUp
      inOrder(events.slice(cut), final, restarted);
      expect(final).toEqual(expected);
    },
  );
});
