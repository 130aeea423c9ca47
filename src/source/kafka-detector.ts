// The service loop: one consumer group over the three input topics. Offsets are committed only
// after a batch's alerts, events and dead letters are durable. On every assignment change the
// detector drops what it held, rebuilds keyed state from the events stored in the sink (those
// below each partition's committed offset) and re-reads from the committed offsets, so a crash,
// a restart or a rebalance gives the same alerts as an uninterrupted run.
import type { Consumer, EachBatchPayload, Kafka, Producer } from 'kafkajs';
import type { EventKind } from '../domain/events.ts';
import type { Logger } from '../observability/logger.ts';
import type { ServiceMetrics } from '../observability/metrics.ts';
import { type DurableOutputs, ShutdownError, writeDurably } from '../pipeline/durable-writer.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import type { SourceRecord } from '../pipeline/records.ts';
import type { Sink } from '../sink/sink.ts';

export interface KafkaDetectorOptions {
  kafka: Kafka;
  groupId: string;
  /** Input topic name → event kind. */
  topics: Record<string, EventKind>;
  pipeline: Pipeline;
  outputs: DurableOutputs;
  sink: Sink;
  logger: Logger;
  retry: { initialDelayMs: number; maxDelayMs: number };
  stateRetentionMs: number;
  /** Release held events after this long without input (see engine.idleFlushMs). */
  idleFlushMs: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  maxBytesPerPartition?: number;
  /** Called after each committed batch (tests and metrics). */
  onCommitted?: (offsets: { topic: string; partition: number; offset: string }[]) => void;
  /** Prometheus metrics to record into (src/observability/metrics.ts). */
  metrics?: ServiceMetrics | undefined;
  /** Dead-letter topic suffix, for the dead-letter metric's topic label (default '.dlq'). */
  deadLetterSuffix?: string;
}

type Assignment = Map<string, number[]>;

export class KafkaDetector {
  readonly #options: KafkaDetectorOptions;
  readonly #consumer: Consumer;
  readonly #abort = new AbortController();
  #assignment: Assignment = new Map();
  #ready: Promise<void> = Promise.resolve();
  #lock: Promise<void> = Promise.resolve();
  #stopping = false;
  #paused = false;
  #connected = false;
  #stateRestored = false;
  #lastInputAt = Date.now();
  #idleTimer: NodeJS.Timeout | null = null;

  constructor(options: KafkaDetectorOptions) {
    this.#options = options;
    this.#consumer = options.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: options.heartbeatIntervalMs ?? 3_000,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 1_048_576,
      allowAutoTopicCreation: false,
    });
  }

  get connected(): boolean {
    return this.#connected;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** True once keyed state was rebuilt for the current assignment (false during a rebalance). */
  get stateRestored(): boolean {
    return this.#stateRestored;
  }

  async start(): Promise<void> {
    const consumer = this.#consumer;
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      // Set synchronously, so no batch of the new generation runs before state is rebuilt.
      this.#stateRestored = false;
      this.#options.metrics?.rebalances.inc();
      const ready = this.#onAssignment(event.payload.memberAssignment);
      this.#ready = ready;
      ready.then(
        () => {
          if (this.#ready === ready) this.#stateRestored = true;
        },
        () => undefined,
      );
    });
    consumer.on(consumer.events.CONNECT, () => {
      this.#connected = true;
    });
    consumer.on(consumer.events.DISCONNECT, () => {
      this.#connected = false;
    });
    consumer.on(consumer.events.CRASH, (event) => {
      this.#options.logger.error(
        { err: { message: event.payload.error.message }, restart: event.payload.restart },
        'consumer crashed',
      );
    });
    await consumer.connect();
    this.#idleTimer = setInterval(
      () => void this.#flushIfIdle(),
      Math.max(100, this.#options.idleFlushMs / 2),
    );
    this.#idleTimer.unref();
    await consumer.subscribe({ topics: Object.keys(this.#options.topics), fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => this.#exclusive(() => this.#onBatch(payload)),
    });
  }

  /** Graceful stop: finish the batch in hand, release and write what is held, commit, leave the group. */
  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    if (this.#idleTimer) clearInterval(this.#idleTimer);
    const { pipeline, outputs, logger, retry } = this.#options;
    await this.#exclusive(async () => {
      try {
        await this.#ready;
        const output = pipeline.finish();
        // Bounded: a sink that stays down at shutdown must not hold the process forever.
        const deadline = AbortSignal.timeout(15_000);
        await writeDurably(output, outputs, { ...retry, ...this.#failureCount(), logger, signal: deadline });
        this.#observeOutput(output);
        await this.#commit();
      } catch (error) {
        logger.warn(
          { err: { message: (error as Error).message } },
          'shutdown without a final flush: uncommitted records will be re-read',
        );
      }
    });
    this.#abort.abort();
    await this.#consumer.disconnect();
  }

  /** A quiet input must not hold alerts and commits back: release what is held after idleFlushMs. */
  async #flushIfIdle(): Promise<void> {
    if (this.#stopping || this.#paused || this.#options.pipeline.buffered === 0) return;
    if (Date.now() - this.#lastInputAt < this.#options.idleFlushMs) return;
    await this.#exclusive(async () => {
      const { pipeline, outputs, logger, retry } = this.#options;
      if (this.#stopping || pipeline.buffered === 0) return;
      await this.#ready;
      const output = pipeline.finish();
      await writeDurably(output, outputs, {
        ...retry,
        ...this.#failureCount(),
        logger,
        signal: this.#abort.signal,
      });
      this.#observeOutput(output);
      await this.#commit();
    }).catch((error: Error) => {
      if (!(error instanceof ShutdownError))
        this.#options.logger.warn({ err: { message: error.message } }, 'idle flush failed');
    });
  }

  #exclusive(task: () => Promise<void>): Promise<void> {
    const run = this.#lock.then(task);
    this.#lock = run.catch(() => undefined);
    return run;
  }

  async #onBatch({ batch, heartbeat, isRunning, isStale, resolveOffset }: EachBatchPayload): Promise<void> {
    await this.#ready;
    if (this.#stopping || !isRunning() || isStale()) return;
    const { pipeline, outputs, logger, retry, topics } = this.#options;
    const kind = topics[batch.topic];
    if (!kind) return;
    this.#lastInputAt = Date.now();
    const started = performance.now();
    const records: SourceRecord[] = batch.messages.map((message) => ({
      kind,
      origin: { topic: batch.topic, partition: batch.partition, offset: message.offset },
      value: message.value,
    }));
    const output = await pipeline.step(records);
    for (const letter of output.deadLetters) {
      logger.warn(
        {
          record: letter.origin,
          stage: letter.error.stage,
          reason: letter.error.reason,
          field: letter.error.field,
        },
        'record sent to the dead-letter topic',
      );
    }
    try {
      await writeDurably(output, outputs, {
        ...retry,
        ...this.#failureCount(),
        logger,
        signal: this.#abort.signal,
        heartbeat,
        onUnavailable: () => this.#pause(),
        onRecovered: () => this.#resume(),
      });
    } catch (error) {
      if (error instanceof ShutdownError) return;
      throw error;
    }
    const metrics = this.#options.metrics;
    if (metrics) {
      metrics.observeBatch(batch.topic, batch.messages.length, output);
      this.#observeOutput(output);
      const lag = Number(batch.offsetLag());
      if (Number.isFinite(lag))
        metrics.consumerLag.set({ topic: batch.topic, partition: String(batch.partition) }, lag);
    }
    // Moves the fetch position on; what Kafka stores is only what #commit() says is durable.
    const last = batch.messages.at(-1);
    if (last) resolveOffset(last.offset);
    if (!isStale()) await this.#commit();
    metrics?.batchDuration.observe({ topic: batch.topic }, (performance.now() - started) / 1000);
    await heartbeat();
  }

  #observeOutput(output: Parameters<ServiceMetrics['observeDurableOutput']>[0]): void {
    this.#options.metrics?.observeDurableOutput(output, this.#options.deadLetterSuffix ?? '.dlq');
  }

  /** writeDurably's per-attempt failure hook, counting into the metrics (nothing without them). */
  #failureCount(): { onAttemptFailed?: () => void } {
    const metrics = this.#options.metrics;
    return metrics ? { onAttemptFailed: () => metrics.outputWriteFailures.inc() } : {};
  }

  #assignedCount(): number {
    let count = 0;
    for (const partitions of this.#assignment.values()) count += partitions.length;
    return count;
  }

  async #commit(): Promise<void> {
    const assigned = this.#assignment;
    const offsets = this.#options.pipeline
      .committable()
      .filter(({ topic, partition }) => assigned.get(topic)?.includes(partition));
    if (offsets.length === 0) return;
    await this.#consumer.commitOffsets(offsets);
    this.#options.metrics?.commits.inc();
    this.#options.onCommitted?.(offsets);
  }

  #pause(): void {
    if (this.#paused) return;
    this.#paused = true;
    this.#options.logger.warn('sink unavailable: consumption paused, nothing committed until it returns');
    this.#consumer.pause(Object.keys(this.#options.topics).map((topic) => ({ topic })));
    this.#options.metrics?.pausedPartitions.set(this.#assignedCount());
  }

  #resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#options.pipeline.resumePartitions();
    this.#options.logger.info('sink available again: consumption resumed');
    this.#consumer.resume(Object.keys(this.#options.topics).map((topic) => ({ topic })));
    this.#options.metrics?.pausedPartitions.set(0);
  }

  async #onAssignment(memberAssignment: Record<string, number[]>): Promise<void> {
    const { pipeline, sink, logger, groupId, kafka, stateRetentionMs } = this.#options;
    this.#assignment = new Map(Object.entries(memberAssignment));
    this.#options.metrics?.assignedPartitions.set(this.#assignedCount());
    this.#options.metrics?.consumerLag.reset();
    if (this.#paused) this.#options.metrics?.pausedPartitions.set(this.#assignedCount());
    pipeline.reset();
    pipeline.expectPartitions(
      [...this.#assignment].flatMap(([topic, partitions]) =>
        partitions.map((partition) => ({ topic, partition })),
      ),
    );
    const admin = kafka.admin();
    await admin.connect();
    try {
      const committed = await admin.fetchOffsets({ groupId, topics: [...this.#assignment.keys()] });
      const origins: { topic: string; partition: number; belowOffset: string }[] = [];
      for (const { topic, partitions } of committed) {
        const mine = this.#assignment.get(topic) ?? [];
        for (const { partition, offset } of partitions) {
          if (!mine.includes(partition)) continue;
          // No commit yet: re-read from the start (what `fromBeginning` would do), and no history to rebuild.
          this.#consumer.seek({ topic, partition, offset: Number(offset) >= 0 ? offset : '-2' });
          if (Number(offset) > 0) origins.push({ topic, partition, belowOffset: offset });
        }
      }
      const restored =
        origins.length === 0 ? 0 : pipeline.warmUp(await recoverableEvents(sink, origins, stateRetentionMs));
      logger.info(
        { assignment: memberAssignment, restoredEvents: restored },
        'partitions assigned, state rebuilt',
      );
    } finally {
      await admin.disconnect();
    }
  }
}

/** Stored events of these partitions below their committed offsets, within the retention window. */
async function recoverableEvents(
  sink: Sink,
  origins: { topic: string; partition: number; belowOffset: string }[],
  retentionMs: number,
) {
  const latest = await sink.latestEventTime(origins);
  if (latest === null) return [];
  return sink.readEvents({ since: latest - retentionMs, origins });
}

export type { Producer };
