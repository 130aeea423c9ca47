// Produces a generated scenario to the service's three input topics, as Avro records in the
// Confluent wire format, at a chosen rate (or as fast as possible). The events go out merged by
// event time across the kinds (scenario-stream.ts), keyed by event id, in sends of bounded size.
//
// Key: the event id (declarationId, consignmentId, invoiceId). The detector orders by event time
// itself (reorder buffer, watermark over partitions), so it needs no entity affinity from the
// partitioner; the id spreads events evenly, keeps a re-sent event on its partition, and puts no
// personal data (document numbers, names) into keys, which the service never pseudonymises.
import type { Kafka, Message, Producer } from 'kafkajs';
import type { Config } from '../config/schema.ts';
import { chunkBySize } from '../core/chunks.ts';
import type { EventKind } from '../core/events.ts';
import type { Logger } from '../core/logger.ts';
import { createKafka, createOrderedProducer } from '../io/kafka/kafka-client.ts';
import { registerSchemas, valueSubject } from '../io/kafka/schema-registry.ts';
import { eventAvroSchemas, eventAvroTypes } from '../stages/decode/avro-schemas.ts';
import { toAvroValue } from '../stages/decode/avro-value.ts';
import { frame } from '../stages/decode/wire-format.ts';
import { type PaceClock, paceSchedule, runPaced } from './pacing.ts';
import type { Scenario } from './scenario.ts';
import { type StreamEvent, scenarioStream } from './scenario-stream.ts';

export type KindTopics = Readonly<Record<EventKind, string>>;

export interface PaceOptions {
  /** Events per second over the three topics together; null or absent: as fast as possible. */
  rate?: number | null | undefined;
  /** At most this many events are encoded and sent in one step (bounds memory when behind). Default 2,000. */
  maxBatch?: number | undefined;
  clock?: PaceClock | undefined;
}

export interface ProduceSummary {
  events: number;
  /** Events per topic, in the order declarations, manifests, invoices. */
  perTopic: Array<{ topic: string; events: number }>;
  /** From the first send to the end of the last, ms. */
  elapsedMs: number;
  /** Events per second achieved (events / elapsed); null when the run took no measurable time. */
  achievedRate: number | null;
  requestedRate: number | null;
}

const kinds: readonly EventKind[] = ['declaration', 'manifest', 'invoice'];

/**
 * Avro value of an event in the Confluent framing, written with the service's schema under the id
 * the registry gave that very schema (registration returns the id of an identical schema).
 */
export function encodeEvent(event: StreamEvent, schemaId: number): Buffer {
  const type = eventAvroTypes[event.kind];
  const value = toAvroValue(eventAvroSchemas[event.kind], event.json);
  try {
    return frame(schemaId, type.toBuffer(value));
  } catch (error) {
    const paths: string[] = [];
    type.isValid(value, { errorHook: (path) => paths.push(path.join('.') || '(record)') });
    throw new Error(
      `${event.kind} ${event.id} does not fit its Avro schema${paths.length ? ` at ${paths.join(', ')}` : ''}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * Produces `events` in the given order through a connected producer. Each send is awaited before
 * the next (with an idempotent producer and one request in flight, order per partition holds).
 */
export async function produceEvents(
  events: readonly StreamEvent[],
  target: { producer: Producer; topics: KindTopics; schemaIds: Readonly<Record<EventKind, number>> },
  options: PaceOptions = {},
): Promise<ProduceSummary> {
  const requestedRate = options.rate ?? null;
  const schedule = paceSchedule(events.length, requestedRate);
  const counts: Record<EventKind, number> = { declaration: 0, manifest: 0, invoice: 0 };
  const run = await runPaced(
    schedule,
    async (from, to) => {
      const messages = events.slice(from, to).map((event) => ({
        topic: target.topics[event.kind],
        key: event.id,
        value: encodeEvent(event, target.schemaIds[event.kind]),
      }));
      // Bounded requests: a broker refuses a batch above message.max.bytes (1 MiB by default).
      for (const chunk of chunkBySize(messages)) {
        const byTopic = new Map<string, Message[]>();
        for (const { topic, key, value } of chunk) {
          const list = byTopic.get(topic) ?? [];
          list.push({ key, value });
          byTopic.set(topic, list);
        }
        await target.producer.sendBatch({
          topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
        });
      }
      for (let i = from; i < to; i++) counts[events[i]!.kind]++;
    },
    { maxBatch: options.maxBatch ?? 2_000, clock: options.clock },
  );
  return {
    events: events.length,
    perTopic: kinds.map((kind) => ({ topic: target.topics[kind], events: counts[kind] })),
    elapsedMs: run.elapsedMs,
    achievedRate: run.elapsedMs > 0 ? (events.length * 1000) / run.elapsedMs : null,
    requestedRate,
  };
}

export interface ProduceScenarioOptions extends PaceOptions {
  /** kafka (brokers, TLS, SASL, topic names) and schemaRegistry from the loaded configuration. */
  config: Config;
  /** Prepended to the configured input topic names, e.g. `load-test.`; default none. */
  topicPrefix?: string | undefined;
  logger: Logger;
  /** Where kafka.sasl.passwordEnv and schemaRegistry.passwordEnv are read. Default process.env. */
  env?: NodeJS.ProcessEnv | undefined;
}

/** The configured input topics of each kind, with the prefix. */
export function scenarioTopics(config: Config, prefix = ''): KindTopics {
  if (!config.kafka)
    throw new Error('kafka: no Kafka configured (set kafka.brokers in config or KAFKA_BROKERS)');
  const { topics } = config.kafka;
  return {
    declaration: `${prefix}${topics.declarations.name}`,
    manifest: `${prefix}${topics.manifests.name}`,
    invoice: `${prefix}${topics.invoices.name}`,
  };
}

/**
 * Produces the scenario with the configured brokers and registry: creates the topics that do not
 * exist yet (with the broker's default partitions), registers the event schemas under
 * `<topic>-value` (a no-op for a schema already there), then produces paced.
 */
export async function produceScenario(
  scenario: Scenario,
  options: ProduceScenarioOptions,
): Promise<ProduceSummary> {
  const { config, logger } = options;
  const env = options.env ?? process.env;
  const topics = scenarioTopics(config, options.topicPrefix);
  if (!config.schemaRegistry)
    throw new Error(
      'schemaRegistry: no schema registry configured (set schemaRegistry.url or SCHEMA_REGISTRY_URL)',
    );
  const events = scenarioStream(scenario);
  const kafka = createKafka(config.kafka!, logger, env);
  await createMissingTopics(kafka, Object.values(topics));
  const schemaIds = await registerEventSchemas(config.schemaRegistry, topics, env);
  // Murmur2 on the key: the same event id lands on the same partition.
  const producer = createOrderedProducer(kafka);
  await producer.connect();
  try {
    return await produceEvents(events, { producer, topics, schemaIds }, options);
  } finally {
    await producer.disconnect();
  }
}

async function createMissingTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0)
      await admin.createTopics({ topics: missing.map((topic) => ({ topic })), waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

async function registerEventSchemas(
  registry: NonNullable<Config['schemaRegistry']>,
  topics: KindTopics,
  env: NodeJS.ProcessEnv,
): Promise<Record<EventKind, number>> {
  let auth: { username: string; password: string } | undefined;
  if (registry.username) {
    const password = registry.passwordEnv ? env[registry.passwordEnv] : undefined;
    if (password === undefined)
      throw new Error(
        `schemaRegistry.passwordEnv: environment variable ${registry.passwordEnv ?? '(unset)'} is not set`,
      );
    auth = { username: registry.username, password };
  }
  const registered = await registerSchemas(
    registry.url,
    { declarations: topics.declaration, manifests: topics.manifest, invoices: topics.invoice, alerts: null },
    { auth },
  );
  const idOf = (kind: EventKind) => {
    const found = registered.find((r) => r.subject === valueSubject(topics[kind]));
    if (!found) throw new Error(`no schema id registered for ${valueSubject(topics[kind])}`);
    return found.id;
  };
  return { declaration: idOf('declaration'), manifest: idOf('manifest'), invoice: idOf('invoice') };
}
