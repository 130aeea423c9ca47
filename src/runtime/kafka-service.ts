// The service wiring: Kafka in (three topics), the pipeline, ClickHouse out, dead letters and
// alerts back to Kafka. Edges only; the detection logic lives in src/detect.
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Config } from '../config/schema.ts';
import type { EventKind } from '../core/events.ts';
import type { Logger } from '../core/logger.ts';
import { DetectionEngine } from '../detect/engine.ts';
import { allRules } from '../detect/rules/index.ts';
import { createSink } from '../io/clickhouse/create-sink.ts';
import type { Sink } from '../io/clickhouse/sink.ts';
import { KafkaAlertPublisher } from '../io/kafka/alert-publisher.ts';
import { KafkaDeadLetters } from '../io/kafka/dead-letters.ts';
import { createKafka, createOrderedProducer } from '../io/kafka/kafka-client.ts';
import { ObservabilityServer } from '../io/observability/http-server.ts';
import { instrumentSink } from '../io/observability/instrumented-sink.ts';
import { ServiceMetrics, sinkOperationLabel } from '../io/observability/metrics.ts';
import { Pipeline } from '../pipeline/pipeline.ts';
import { createRecordStages } from '../pipeline/record-stages.ts';
import { createRecordDecoder } from '../stages/decode/record-decoder.ts';
import { createPseudonymiser } from '../stages/pseudonymise/pseudonymise.ts';
import { createFxCheck } from '../stages/validate/fx-check.ts';
import { KafkaDetector } from './kafka-detector.ts';
import { applyRetention } from './retention.ts';

export interface RunningService {
  detector: KafkaDetector;
  sink: Sink;
  metrics: ServiceMetrics;
  /** The /metrics, /healthz, /readyz endpoint; null unless options.serveMetrics. */
  server: ObservabilityServer | null;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  config: Config;
  pseudonymKey: string;
  logger: Logger;
  onCommitted?: (offsets: { topic: string; partition: number; offset: string }[]) => void;
  /**
   * Serve /metrics, /healthz and /readyz on config.metrics.host:port (`customs-aml run` does when
   * metrics.enabled). Off by default, so tests running several services need no free fixed port.
   */
  serveMetrics?: boolean;
}

function registryAuth(config: Config): { username: string; password: string } | undefined {
  const registry = config.schemaRegistry;
  if (!registry?.username) return undefined;
  const password = registry.passwordEnv ? process.env[registry.passwordEnv] : undefined;
  if (password === undefined)
    throw new Error(
      `schemaRegistry.passwordEnv: environment variable ${registry.passwordEnv ?? '(unset)'} is not set`,
    );
  return { username: registry.username, password };
}

export async function startKafkaService({
  config,
  pseudonymKey,
  logger,
  onCommitted,
  serveMetrics = false,
}: ServiceOptions): Promise<RunningService> {
  if (!config.kafka)
    throw new Error('kafka: no Kafka configured (set kafka.brokers in config or KAFKA_BROKERS)');
  const settings = config.kafka;
  const { topics } = settings;
  const topicKinds: Record<string, EventKind> = {
    [topics.declarations.name]: 'declaration',
    [topics.manifests.name]: 'manifest',
    [topics.invoices.name]: 'invoice',
  };
  const encodings = {
    [topics.declarations.name]: topics.declarations.encoding,
    [topics.manifests.name]: topics.manifests.encoding,
    [topics.invoices.name]: topics.invoices.encoding,
  };
  const registryUrl = config.schemaRegistry?.url;
  const kafka = createKafka(settings, logger);
  const engine = new DetectionEngine(allRules, config);
  let pipelineRef: Pipeline | null = null;
  const metrics = new ServiceMetrics({
    stateSizes: () => engine.state.sizes(),
    buffered: () => pipelineRef?.buffered ?? 0,
    watermark: () => pipelineRef?.watermark ?? Number.NEGATIVE_INFINITY,
  });
  const sink = createSink(config.sink, {
    onRetry: ({ operation }) => metrics.sinkRetries.inc({ operation: sinkOperationLabel(operation) }),
  });
  const applied = await sink.migrate();
  if (applied.length > 0) logger.info({ applied }, 'ClickHouse migrations applied');
  const retention = await applyRetention(sink, config.sink.retention);
  if (retention.skipped) logger.info(retention.skipped);
  else if (retention.changed.length > 0) logger.info({ changed: retention.changed }, 'retention applied');

  const admin = kafka.admin();
  await admin.connect();
  const outputTopics = [
    ...Object.keys(topicKinds).map((topic) => `${topic}${topics.deadLetterSuffix}`),
    ...(topics.alerts ? [topics.alerts] : []),
  ];
  const existing = new Set(await admin.listTopics());
  const missing = outputTopics.filter((topic) => !existing.has(topic));
  if (missing.length > 0) {
    await admin
      .createTopics({ topics: missing.map((topic) => ({ topic })), waitForLeaders: true })
      .catch((error: Error) => {
        logger.warn({ err: { message: error.message }, topics: missing }, 'could not create output topics');
      });
  }
  await admin.disconnect();

  const producer = createOrderedProducer(kafka);
  await producer.connect();
  const auth = registryAuth(config);
  const registry = registryUrl
    ? new SchemaRegistry(auth ? { host: registryUrl, auth } : { host: registryUrl })
    : null;
  const alertPublisher =
    topics.alerts && registry ? new KafkaAlertPublisher(producer, registry, topics.alerts) : undefined;
  if (topics.alerts && !registry)
    logger.warn('kafka.topics.alerts is set but no schema registry: alerts are not produced');

  const pipeline = new Pipeline(
    createRecordStages({
      decoder: createRecordDecoder({
        registryUrl,
        registryAuth: registryAuth(config),
        encodings,
        topicKinds,
      }),
      pseudonymiser: createPseudonymiser(pseudonymKey),
      checkFx: createFxCheck(config.reference),
    }),
    engine,
    config.engine.allowedLatenessMs,
    { idleMs: config.engine.idleFlushMs },
  );
  pipelineRef = pipeline;
  const outputSink = instrumentSink(sink, metrics);
  const detector = new KafkaDetector({
    kafka,
    groupId: settings.groupId,
    topics: topicKinds,
    pipeline,
    sink,
    outputs: {
      sink: outputSink,
      deadLetters: new KafkaDeadLetters(producer, topics.deadLetterSuffix),
      alertPublisher,
    },
    logger,
    retry: config.sink.retry,
    stateRetentionMs: config.engine.stateRetentionMs,
    idleFlushMs: config.engine.idleFlushMs,
    sessionTimeoutMs: settings.sessionTimeoutMs,
    heartbeatIntervalMs: settings.heartbeatIntervalMs,
    maxBytesPerPartition: settings.maxBytesPerPartition,
    ...(onCommitted ? { onCommitted } : {}),
    metrics,
    deadLetterSuffix: topics.deadLetterSuffix,
  });
  let server: ObservabilityServer | null = null;
  if (serveMetrics) {
    server = new ObservabilityServer({
      host: config.metrics.host,
      port: config.metrics.port,
      metrics,
      readiness: {
        kafka: () => detector.connected,
        sink: () => sink.ping(),
        state: () => detector.stateRestored,
      },
    });
    await server.start();
    logger.info({ url: server.url }, 'metrics endpoint listening (/metrics, /healthz, /readyz)');
  }
  await detector.start();
  logger.info(
    { topics: Object.keys(topicKinds), groupId: settings.groupId, sink: config.sink.driver },
    'detector started',
  );
  return {
    detector,
    sink,
    metrics,
    server,
    async stop() {
      await detector.stop();
      await server?.stop();
      await producer.disconnect();
      await sink.close();
      logger.info('detector stopped');
    },
  };
}
