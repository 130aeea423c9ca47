// produceEvents against a recording stand-in for the kafkajs producer: order, keys, framing,
// bounded sends and the summary, with a fake clock (no Kafka, no waiting).
import type { Producer, ProducerBatch } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { MAX_SEND_BYTES } from '../../src/core/chunks.ts';
import { encodeEvent, produceEvents } from '../../src/generate/kafka-producer.ts';
import type { PaceClock } from '../../src/generate/pacing.ts';
import { defaultScenarioStart, generateScenario } from '../../src/generate/scenario.ts';
import { scenarioStream, streamEvent } from '../../src/generate/scenario-stream.ts';
import { eventAvroSchemas, eventAvroTypes } from '../../src/stages/decode/avro-schemas.ts';
import { toAvroValue } from '../../src/stages/decode/avro-value.ts';
import { parseFrame } from '../../src/stages/decode/wire-format.ts';
import { eventFixture } from '../fixtures/events.ts';

const topics = { declaration: 't.declarations', manifest: 't.manifests', invoice: 't.invoices' };
const schemaIds = { declaration: 11, manifest: 12, invoice: 13 };

function recordingProducer(clock: { at: number }) {
  const batches: Array<{ batch: ProducerBatch; at: number }> = [];
  const producer = {
    sendBatch: async (batch: ProducerBatch) => {
      batches.push({ batch, at: clock.at });
      return [];
    },
  } as unknown as Producer;
  return { producer, batches };
}

function fakeClock(): PaceClock & { at: number } {
  const clock = {
    at: 0,
    now: () => clock.at,
    sleep: async (ms: number) => {
      clock.at += ms;
    },
  };
  return clock;
}

describe('encodeEvent', () => {
  it('frames the Avro body with the schema id; the body decodes back to the Avro value', () => {
    const json = eventFixture('invoice');
    const buffer = encodeEvent(streamEvent('invoice', json), 4242);
    const parsed = parseFrame(buffer);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.frame.schemaId).toBe(4242);
    expect(eventAvroTypes.invoice.fromBuffer(parsed.frame.body)).toEqual(
      eventAvroTypes.invoice.clone(toAvroValue(eventAvroSchemas.invoice, json)),
    );
  });

  it('names the event and the field when the event does not fit its schema', () => {
    const json = eventFixture('manifest');
    delete json.carrier;
    expect(() => encodeEvent(streamEvent('manifest', json), 1)).toThrow(
      /manifest .* does not fit its Avro schema at carrier/,
    );
  });
});

describe('produceEvents', () => {
  const scenario = generateScenario({ seed: 4, events: 600, start: defaultScenarioStart });
  const events = scenarioStream(scenario);

  it('sends every event once, in stream order, keyed by event id, to its kind topic', async () => {
    const clock = fakeClock();
    const { producer, batches } = recordingProducer(clock);
    const summary = await produceEvents(
      events,
      { producer, topics, schemaIds },
      { rate: 200, clock, maxBatch: 50 },
    );
    const sent = batches.flatMap(({ batch }) =>
      batch.topicMessages!.flatMap((t) =>
        t.messages.map((m) => ({ topic: t.topic, key: m.key, value: m.value as Buffer })),
      ),
    );
    // Within a send, messages are grouped by topic: compare per topic, where order matters.
    for (const kind of ['declaration', 'manifest', 'invoice'] as const) {
      const mine = events.filter((e) => e.kind === kind);
      const got = sent.filter((m) => m.topic === topics[kind]);
      expect(got.map((m) => m.key)).toEqual(mine.map((e) => e.id));
      const frame = parseFrame(got[0]!.value);
      expect(frame.ok && frame.frame.schemaId).toBe(schemaIds[kind]);
    }
    expect(summary.events).toBe(events.length);
    expect(summary.perTopic).toEqual([
      { topic: topics.declaration, events: scenario.truth.counts.declarations },
      { topic: topics.manifest, events: scenario.truth.counts.manifests },
      { topic: topics.invoice, events: scenario.truth.counts.invoices },
    ]);
    // Event i is due at i × 5 ms: the last at (n - 1) × 5 ms, and nothing went out early.
    expect(summary.elapsedMs).toBe((events.length - 1) * 5);
    expect(summary.requestedRate).toBe(200);
    expect(summary.achievedRate).toBeCloseTo((events.length * 1000) / summary.elapsedMs, 6);
  });

  it('without a rate sends at once, in requests below the size bound', async () => {
    const clock = fakeClock();
    const { producer, batches } = recordingProducer(clock);
    const big = events.map((e) => ({ ...e, json: { ...e.json, purpose: 'x'.repeat(4_000) } }));
    const declarationsOnly = big.filter((e) => e.kind === 'declaration');
    const summary = await produceEvents(declarationsOnly, { producer, topics, schemaIds }, { clock });
    expect(batches.length).toBeGreaterThan(1);
    for (const { batch, at } of batches) {
      expect(at).toBe(0);
      const bytes = batch
        .topicMessages!.flatMap((t) => t.messages)
        .reduce((n, m) => n + (m.value as Buffer).length, 0);
      expect(bytes).toBeLessThanOrEqual(MAX_SEND_BYTES);
    }
    expect(summary.perTopic[0]!.events).toBe(declarationsOnly.length);
    expect(summary.achievedRate).toBeNull();
  });
});
