import { describe, expect, it } from 'vitest';
import type { EventKind } from '../../src/core/events.ts';
import { defaultScenarioStart, generateScenario } from '../../src/generate/scenario.ts';
import { eventIdField, scenarioStream } from '../../src/generate/scenario-stream.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 0, minute)).toISOString();

describe('scenarioStream', () => {
  it('merges the kinds by event time, ties to declarations then manifests then invoices', () => {
    const stream = scenarioStream({
      declarations: [
        { declarationId: 'D1', declaredAt: at(1) },
        { declarationId: 'D2', declaredAt: at(5) },
      ],
      manifests: [
        { consignmentId: 'M1', reportedAt: at(0) },
        { consignmentId: 'M2', reportedAt: at(5) },
      ],
      invoices: [
        { invoiceId: 'I1', declaredAt: at(5) },
        { invoiceId: 'I2', declaredAt: at(7) },
      ],
    });
    expect(stream.map((e) => e.id)).toEqual(['M1', 'D1', 'D2', 'M2', 'I1', 'I2']);
    expect(stream.map((e) => e.kind)).toEqual([
      'manifest',
      'declaration',
      'declaration',
      'manifest',
      'invoice',
      'invoice',
    ]);
    expect(stream[0]!.time).toBe(Date.parse(at(0)));
  });

  it('keeps each kind in its file order, an event written out of order included', () => {
    const stream = scenarioStream({
      declarations: [
        { declarationId: 'D1', declaredAt: at(10) },
        { declarationId: 'D-late', declaredAt: at(2) },
        { declarationId: 'D3', declaredAt: at(11) },
      ],
      manifests: [{ consignmentId: 'M1', reportedAt: at(5) }],
      invoices: [],
    });
    expect(stream.map((e) => e.id)).toEqual(['M1', 'D1', 'D-late', 'D3']);
  });

  it('holds every event of a generated scenario once, in ascending time within the lateness', () => {
    const scenario = generateScenario({ seed: 11, events: 1_000, start: defaultScenarioStart });
    const stream = scenarioStream(scenario);
    expect(stream.length).toBe(scenario.truth.events);
    const lists: Record<EventKind, Record<string, unknown>[]> = {
      declaration: scenario.declarations,
      manifest: scenario.manifests,
      invoice: scenario.invoices,
    };
    for (const kind of Object.keys(lists) as EventKind[]) {
      expect(stream.filter((e) => e.kind === kind).map((e) => e.json)).toEqual(lists[kind]);
      expect(stream.filter((e) => e.kind === kind).map((e) => e.id)).toEqual(
        lists[kind].map((json) => json[eventIdField[kind]]),
      );
    }
    let latest = Number.NEGATIVE_INFINITY;
    for (const event of stream) {
      expect(event.time).toBeGreaterThan(latest - 60_000);
      latest = Math.max(latest, event.time);
    }
  });

  it('refuses an event without a readable time', () => {
    expect(() =>
      scenarioStream({
        declarations: [{ declarationId: 'X', declaredAt: 'soon' }],
        manifests: [],
        invoices: [],
      }),
    ).toThrow(/declaration X has no event time/);
  });
});
