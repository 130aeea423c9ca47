// The latency bench's producer, in a worker thread: encoding and sending thousands of Avro records a
// second on the detector's own event loop would slow the detector down and inflate its latency.
// Sends events with event time = now at a fixed rate (ticks of 50 ms) and reports, per send, the
// partition offsets it got and the wall time (epoch ms) it was sent at.
import { parentPort, workerData } from 'node:worker_threads';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import type { EventKind } from '../src/core/events.ts';
import type { GeneratedEvent } from '../src/generate/normal-traffic.ts';
import { eventAvroSchemas } from '../src/stages/decode/avro-schemas.ts';
import { toAvroValue } from '../src/stages/decode/avro-value.ts';

export interface LatencyProducerInput {
  brokers: string[];
  registryUrl: string;
  topics: Record<EventKind, string>;
  events: GeneratedEvent[];
  rate: number;
  /** How long the measured sends last. */
  seconds: number;
  /** Sending goes on this long after them, unmeasured, so the last measured events have successors. */
  tailSeconds: number;
}

/** One send's result: these offsets of this partition left at `at` (epoch ms). */
export interface SentRecords {
  topic: string;
  partition: number;
  firstOffset: number;
  count: number;
  at: number;
  /** False for the tail's sends. */
  measured: boolean;
}

const idFields: Record<EventKind, string> = {
  declaration: 'declarationId',
  manifest: 'consignmentId',
  invoice: 'invoiceId',
};

async function run({
  brokers,
  registryUrl,
  topics,
  events,
  rate,
  seconds,
  tailSeconds,
}: LatencyProducerInput) {
  const registry = new SchemaRegistry({ host: registryUrl });
  const ids = {} as Record<EventKind, number>;
  for (const kind of Object.keys(topics) as EventKind[]) {
    ids[kind] = await registry.getLatestSchemaId(`${topics[kind]}-value`);
    await registry.getSchema(ids[kind]);
  }
  const kafka = new Kafka({ clientId: 'bench-latency', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const tickMs = 50;
  const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
  const started = Date.now();
  let produced = 0;
  for (let tick = 0; Date.now() - started < (seconds + tailSeconds) * 1000; tick++) {
    const due = started + tick * tickMs;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    const now = new Date().toISOString();
    const byKind = new Map<EventKind, { value: Buffer; partition: number }[]>();
    for (let i = 0; i < perTick; i++) {
      const e = events[(produced + i) % events.length]!;
      const idField = idFields[e.kind];
      const value: Record<string, unknown> = {
        ...e.json,
        [e.kind === 'manifest' ? 'reportedAt' : 'declaredAt']: now,
        [idField]: `${String(e.json[idField] ?? 'e')}-${produced + i}`,
      };
      const list = byKind.get(e.kind) ?? [];
      list.push({
        partition: list.length % 3,
        value: await registry.encode(ids[e.kind], toAvroValue(eventAvroSchemas[e.kind], value)),
      });
      byKind.set(e.kind, list);
    }
    produced += perTick;
    await Promise.all(
      [...byKind].map(async ([kind, messages]) => {
        const at = Date.now();
        const results = await producer.send({ topic: topics[kind], messages });
        // Each partition's messages of one send get offsets baseOffset, baseOffset + 1, ...
        const sent: SentRecords[] = results.map((r) => ({
          topic: r.topicName,
          partition: r.partition,
          firstOffset: Number(r.baseOffset),
          count: messages.filter((m) => m.partition === r.partition).length,
          at,
          measured: at - started < seconds * 1000,
        }));
        parentPort?.postMessage({ sent });
      }),
    );
  }
  await producer.disconnect();
  parentPort?.postMessage({ done: produced });
}

await run(workerData as LatencyProducerInput);
