// Configuration of the service's edges: Kafka, schema registry, ClickHouse sink, engine, metrics.
import { z } from 'zod';

const duration = z.number().int().nonnegative();

export const topicEncodings = ['avro', 'json', 'auto'] as const;

const topic = z
  .object({
    name: z.string().min(1),
    /** avro: Confluent wire format only; json: plain JSON only; auto: by the first byte. */
    encoding: z.enum(topicEncodings).default('auto'),
  })
  .strict();

export const kafkaSchema = z
  .object({
    brokers: z.array(z.string().regex(/^[^\s:]+:\d+$/, 'not host:port')).min(1),
    clientId: z.string().default('customs-aml'),
    groupId: z.string().default('customs-aml-detector'),
    topics: z
      .object({
        declarations: topic.default({ name: 'customs.currency-declarations', encoding: 'auto' }),
        manifests: topic.default({ name: 'customs.courier-manifests', encoding: 'auto' }),
        invoices: topic.default({ name: 'customs.trade-invoices', encoding: 'auto' }),
        /** Alerts are also produced here (Avro, keyed by entity); null turns that off. */
        alerts: z.string().min(1).nullable().default('customs.alerts'),
        /** Dead letters go to `<source topic><suffix>`. */
        deadLetterSuffix: z.string().min(1).default('.dlq'),
      })
      .strict()
      .default({
        declarations: { name: 'customs.currency-declarations', encoding: 'auto' },
        manifests: { name: 'customs.courier-manifests', encoding: 'auto' },
        invoices: { name: 'customs.trade-invoices', encoding: 'auto' },
        alerts: 'customs.alerts',
        deadLetterSuffix: '.dlq',
      }),
    ssl: z
      .union([
        z.boolean(),
        z
          .object({
            ca: z.string().optional(),
            cert: z.string().optional(),
            key: z.string().optional(),
            rejectUnauthorized: z.boolean().default(true),
          })
          .strict(),
      ])
      .default(false),
    sasl: z
      .object({
        mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
        username: z.string(),
        /** Name of the environment variable holding the password (never the password itself). */
        passwordEnv: z.string(),
      })
      .strict()
      .nullable()
      .default(null),
    sessionTimeoutMs: duration.default(30_000),
    heartbeatIntervalMs: duration.default(3_000),
    /** Largest batch handed to the pipeline at once. */
    maxBytesPerPartition: z.number().int().positive().default(1_048_576),
  })
  .strict();

export const schemaRegistrySchema = z
  .object({
    url: z.string().url(),
    username: z.string().optional(),
    passwordEnv: z.string().optional(),
  })
  .strict();

const retentionDays = z.number().int().positive().nullable().default(null);

export const retentionSchema = z
  .object({
    alertsDays: retentionDays,
    declarationsDays: retentionDays,
    manifestsDays: retentionDays,
    invoicesDays: retentionDays,
  })
  .strict();

export const sinkSchema = z
  .object({
    driver: z.enum(['chdb', 'server']).default('chdb'),
    /** Embedded store folder for the chdb driver. */
    path: z.string().default('./.customs-aml'),
    url: z.string().url().default('http://127.0.0.1:8123'),
    database: z.string().regex(/^\w+$/, 'not a database name').default('default'),
    username: z.string().default('default'),
    passwordEnv: z.string().optional(),
    /** Retries of a failed insert before the consumer pauses and waits for the sink. */
    retry: z
      .object({ initialDelayMs: duration.default(200), maxDelayMs: duration.default(10_000) })
      .strict()
      .default({ initialDelayMs: 200, maxDelayMs: 10_000 }),
    requestTimeoutMs: duration.default(30_000),
    /**
     * Days each table keeps its rows (by event time), applied by migrate as a table TTL on modern
     * servers and chDB (ClickHouse 18.x has no TTL: left as is there); null: kept forever (and a TTL
     * set before is removed). Tables are partitioned by month, so expired months drop as a whole.
     * Absent: as all null (optional, so code building a SinkConfig by hand need not name it).
     */
    retention: retentionSchema.optional(),
  })
  .strict();

export const engineSchema = z
  .object({
    /** Out-of-order tolerance: events are released in event-time order once the watermark passes them. */
    allowedLatenessMs: duration.default(60_000),
    /** How far back state is rebuilt after a restart or rebalance. */
    stateRetentionMs: duration.default(35 * 86_400_000),
    /**
     * With no new input for this long (wall clock), held events are released anyway, so a quiet
     * stream still gets its alerts and commits. An event arriving later but older counts as late.
     */
    idleFlushMs: duration.default(2_000),
  })
  .strict();

export const pseudonymisationSchema = z
  .object({
    /** Environment variable holding the HMAC key (at least 32 characters). */
    keyEnv: z.string().default('CUSTOMS_AML_PSEUDONYM_KEY'),
  })
  .strict();

export const metricsSchema = z
  .object({
    /** Serve /metrics, /healthz and /readyz while `customs-aml run` runs. */
    enabled: z.boolean().default(true),
    port: z.number().int().min(0).max(65535).default(9464),
    /** Loopback by default; set 0.0.0.0 (e.g. in a container) only behind a network boundary. */
    host: z.string().default('127.0.0.1'),
  })
  .strict();
