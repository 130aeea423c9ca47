// Prometheus metrics of the service (prom-client), one registry per running service.
//
// Names: prefix customs_aml_, snake_case, counters end in _total, times in seconds. Labels are
// bounded: topic, partition, event kind, pipeline stage and reason codes, rule id, typology,
// severity, state store (rule id), sink operation. Never an entity key, an event id, a field value
// or an error message (test/observability/metrics-labels.test.ts checks the exposition).
// The reference, with the questions each metric answers, is docs/metrics.md.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { StepOutput } from '../../core/records.ts';

export const METRIC_PREFIX = 'customs_aml_';

/** Reads the live values that gauges report at scrape time. */
export interface MetricsProbe {
  /** Entries per keyed-state store (engine.state.sizes()). */
  stateSizes?: () => Record<string, number>;
  /** Events held in the reorder buffer. */
  buffered?: () => number;
  /** The engine's watermark, epoch ms (negative infinity before the first event). */
  watermark?: () => number;
}

const latencyBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const sizeBuckets = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
// Event-time lag spans seconds (live traffic) to months (a replay of old data).
const eventLagBuckets = [
  1,
  5,
  15,
  60,
  300,
  900,
  3600,
  6 * 3600,
  86_400,
  7 * 86_400,
  30 * 86_400,
  365 * 86_400,
];

export class ServiceMetrics {
  readonly registry = new Registry();
  readonly recordsConsumed: Counter<'topic'>;
  readonly recordsDecoded: Counter<'topic'>;
  readonly recordsRejected: Counter<'topic' | 'stage' | 'reason'>;
  readonly eventsProcessed: Counter<'kind'>;
  readonly lateEvents: Counter;
  readonly deadLetters: Counter<'topic'>;
  readonly alerts: Counter<'rule_id' | 'typology' | 'severity'>;
  readonly consumerLag: Gauge<'topic' | 'partition'>;
  readonly batchSize: Histogram<'topic'>;
  readonly batchDuration: Histogram<'topic'>;
  readonly eventTimeLag: Histogram<'kind'>;
  readonly lastEventTime: Gauge;
  readonly sinkWriteDuration: Histogram<'result'>;
  readonly sinkRetries: Counter<'operation'>;
  readonly outputWriteFailures: Counter;
  readonly commits: Counter;
  readonly pausedPartitions: Gauge;
  readonly assignedPartitions: Gauge;
  readonly rebalances: Counter;
  readonly ready: Gauge<'check'>;
  readonly stateEntries: Gauge<'store'>;
  readonly reorderBuffer: Gauge;
  readonly watermark: Gauge;

  constructor(probe: MetricsProbe = {}, options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    const p = METRIC_PREFIX;
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: p });
    this.recordsConsumed = new Counter({
      name: `${p}records_consumed_total`,
      help: 'Records read from the input topics.',
      labelNames: ['topic'],
      registers,
    });
    this.recordsDecoded = new Counter({
      name: `${p}records_decoded_total`,
      help: 'Records that decoded (Avro or JSON), whether or not they then validated.',
      labelNames: ['topic'],
      registers,
    });
    this.recordsRejected = new Counter({
      name: `${p}records_rejected_total`,
      help: 'Records rejected (sent to the dead-letter topic), by pipeline stage and reason code.',
      labelNames: ['topic', 'stage', 'reason'],
      registers,
    });
    this.eventsProcessed = new Counter({
      name: `${p}events_processed_total`,
      help: 'Validated events released from the reorder buffer to the rules and written to the sink.',
      labelNames: ['kind'],
      registers,
    });
    this.lateEvents = new Counter({
      name: `${p}late_events_total`,
      help: 'Events released although they arrived behind the watermark.',
      registers,
    });
    this.deadLetters = new Counter({
      name: `${p}dead_letters_written_total`,
      help: 'Dead letters made durable, by dead-letter topic.',
      labelNames: ['topic'],
      registers,
    });
    this.alerts = new Counter({
      name: `${p}alerts_total`,
      help: 'Alerts (or new revisions of an alert) made durable, by rule, typology and severity.',
      labelNames: ['rule_id', 'typology', 'severity'],
      registers,
    });
    this.consumerLag = new Gauge({
      name: `${p}consumer_lag_records`,
      help: "Records between the last fetched batch and the partition's high watermark.",
      labelNames: ['topic', 'partition'],
      registers,
    });
    this.batchSize = new Histogram({
      name: `${p}batch_size_records`,
      help: 'Records per consumer batch.',
      labelNames: ['topic'],
      buckets: sizeBuckets,
      registers,
    });
    this.batchDuration = new Histogram({
      name: `${p}batch_processing_seconds`,
      help: 'Time from receiving a batch to its output being durable and committed.',
      labelNames: ['topic'],
      buckets: latencyBuckets,
      registers,
    });
    this.eventTimeLag = new Histogram({
      name: `${p}event_time_lag_seconds`,
      help: 'Wall clock minus event time when an event is released to the rules.',
      labelNames: ['kind'],
      buckets: eventLagBuckets,
      registers,
    });
    this.lastEventTime = new Gauge({
      name: `${p}last_event_time_seconds`,
      help: 'Event time of the latest event released to the rules (Unix seconds).',
      registers,
    });
    this.sinkWriteDuration = new Histogram({
      name: `${p}sink_write_seconds`,
      help: 'Duration of one ClickHouse write of a batch (all its inserts), by result.',
      labelNames: ['result'],
      buckets: latencyBuckets,
      registers,
    });
    this.sinkRetries = new Counter({
      name: `${p}sink_retries_total`,
      help: 'Retries of a ClickHouse operation after a transient failure, by operation.',
      labelNames: ['operation'],
      registers,
    });
    this.outputWriteFailures = new Counter({
      name: `${p}output_write_failures_total`,
      help: 'Failed attempts to make a batch durable (sink, dead letters or alert topic); each is retried.',
      registers,
    });
    this.commits = new Counter({
      name: `${p}offset_commits_total`,
      help: 'Offset commits after durable output.',
      registers,
    });
    this.pausedPartitions = new Gauge({
      name: `${p}paused_partitions`,
      help: 'Assigned partitions paused while the outputs are unavailable.',
      registers,
    });
    this.assignedPartitions = new Gauge({
      name: `${p}assigned_partitions`,
      help: 'Input partitions assigned to this consumer.',
      registers,
    });
    this.rebalances = new Counter({
      name: `${p}rebalances_total`,
      help: 'Consumer group joins (start, rebalance, restart of the consumer).',
      registers,
    });
    this.ready = new Gauge({
      name: `${p}ready`,
      help: 'Readiness checks (1 ok, 0 failing) as last evaluated: kafka, sink, state, and all.',
      labelNames: ['check'],
      registers,
    });
    this.stateEntries = new Gauge({
      name: `${p}state_entries`,
      help: 'Entries in each keyed-state store (one store per rule).',
      labelNames: ['store'],
      registers,
      collect() {
        if (!probe.stateSizes) return;
        this.reset();
        for (const [store, size] of Object.entries(probe.stateSizes())) this.set({ store }, size);
      },
    });
    this.reorderBuffer = new Gauge({
      name: `${p}reorder_buffer_events`,
      help: 'Events held in the reorder buffer until the watermark passes them.',
      registers,
      collect() {
        if (probe.buffered) this.set(probe.buffered());
      },
    });
    this.watermark = new Gauge({
      name: `${p}watermark_seconds`,
      help: 'Event-time watermark of the engine (Unix seconds); 0 before the first event.',
      registers,
      collect() {
        const value = probe.watermark?.();
        if (value !== undefined) this.set(Number.isFinite(value) ? value / 1000 : 0);
      },
    });
  }

  /** Counts what a pipeline step made durable (call after the write succeeded). */
  observeDurableOutput(output: StepOutput, deadLetterSuffix: string, now = Date.now()): void {
    for (const alert of output.alerts)
      this.alerts.inc({ rule_id: alert.ruleId, typology: alert.typology, severity: alert.severity });
    let latest = Number.NEGATIVE_INFINITY;
    for (const { event } of output.events) {
      this.eventsProcessed.inc({ kind: event.kind });
      this.eventTimeLag.observe({ kind: event.kind }, Math.max(0, (now - event.eventTime) / 1000));
      if (event.eventTime > latest) latest = event.eventTime;
    }
    if (Number.isFinite(latest)) this.lastEventTime.set(latest / 1000);
    if (output.late > 0) this.lateEvents.inc(output.late);
    for (const letter of output.deadLetters) {
      this.recordsRejected.inc({
        topic: letter.origin.topic,
        stage: letter.error.stage,
        reason: letter.error.reason,
      });
      this.deadLetters.inc({ topic: `${letter.origin.topic}${deadLetterSuffix}` });
    }
  }

  /** Records of a batch that decoded: all of them but the decode-stage rejects. */
  observeBatch(topic: string, size: number, output: StepOutput): void {
    this.recordsConsumed.inc({ topic }, size);
    this.batchSize.observe({ topic }, size);
    const decodeFailures = output.deadLetters.filter(
      (letter) => letter.origin.topic === topic && letter.error.stage === 'decode',
    ).length;
    this.recordsDecoded.inc({ topic }, Math.max(0, size - decodeFailures));
  }

  /** The text of GET /metrics. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** A sink operation named by kind only ("insert into db.alerts" → "insert"): a bounded label. */
export function sinkOperationLabel(operation: string): string {
  const word = /^[a-z]+/i.exec(operation.trim())?.[0]?.toLowerCase() ?? 'other';
  return ['insert', 'query', 'migrate', 'read', 'latest', 'detect'].includes(word) ? word : 'other';
}
