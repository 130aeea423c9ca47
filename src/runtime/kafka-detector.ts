// The service loop. Each instance reads every partition of the three input topics and runs
// detection over all of them, so its keyed state is the state a single instance would hold
// (entity-joining rules need every event, whatever partition it came in on). The consumer group
// divides the writing: an instance writes the events, alerts and dead letters of the records of
// the partitions the group assigned to it, and commits those offsets only after they are durable.
// On every assignment change the detector drops what it held, rebuilds keyed state from the
// events stored in the sink below the group's committed offsets (all partitions) and re-reads
// from those offsets, so a crash, a restart or a rebalance gives the same alerts as an
// uninterrupted single instance.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Consumer, EachBatchPayload, Kafka, Producer } from 'kafkajs';
import type { EventKind, RecordOrigin } from '../core/events.ts';
import type { Logger } from '../core/logger.ts';
import type { SourceRecord } from '../core/records.ts';
import type { Sink } from '../io/clickhouse/sink.ts';
import { fetchCommittedOffsets } from '../io/kafka/committed-offsets.ts';
import type { ServiceMetrics } from '../io/observability/metrics.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import { type DurableOutputs, ShutdownError, writeDurably } from './durable-writer.ts';

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
  /** Prometheus metrics to record into (src/io/observability/metrics.ts). */
  metrics?: ServiceMetrics | undefined;
  /** Dead-letter topic suffix, for the dead-letter metric's topic label (default '.dlq'). */
  deadLetterSuffix?: string;
}

type Assignment = Map<string, number[]>;

const countOf = (assignment: Assignment) =>
  [...assignment.values()].reduce((count, partitions) => count + partitions.length, 0);

export class KafkaDetector {
  readonly #options: KafkaDetectorOptions;
  /** Reads every input partition, alone in a group of its own (so it is always given all of them). */
  readonly #reader: Consumer;
  /** Member of the shared group: its assignment says what this instance writes and commits. It reads nothing. */
  readonly #owner: Consumer;
  readonly #abort = new AbortController();
  /** All input partitions (the reader's assignment). */
  #partitions: Assignment = new Map();
  /** The partitions this instance writes and commits (the group's assignment). */
  #assignment: Assignment = new Map();
  #ready: Promise<void>;
  #markStarted: () => void = () => undefined;
  /** Bumped on every rebuild: a batch fetched before it is dropped and read again. */
  #generation = 0;
  #lock: Promise<void> = Promise.resolve();
  #stopping = false;
  #paused = false;
  #readerJoined = false;
  #connected = { reader: false, owner: false };
  #stateRestored = false;
  #lastInputAt = Date.now();
  #idleTimer: NodeJS.Timeout | null = null;

  constructor(options: KafkaDetectorOptions) {
    this.#options = options;
    this.#ready = new Promise((resolve) => {
      this.#markStarted = resolve;
    });
    const common = {
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: options.heartbeatIntervalMs ?? 3_000,
      allowAutoTopicCreation: false,
    };
    this.#reader = options.kafka.consumer({
      ...common,
      groupId: `${options.groupId}.reader.${hostname()}.${process.pid}.${randomUUID().slice(0, 8)}`,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 1_048_576,
    });
    this.#owner = options.kafka.consumer({ ...common, groupId: options.groupId });
    this.#pipeline.writeOnly((origin) => this.#owns(origin));
  }

  get #pipeline(): Pipeline {
    return this.#options.pipeline;
  }

  get connected(): boolean {
    return this.#connected.reader && this.#connected.owner;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** True once keyed state was rebuilt for the current assignment (false during a rebalance). */
  get stateRestored(): boolean {
    return this.#stateRestored;
  }

  async start(): Promise<void> {
    const topics = Object.keys(this.#options.topics);
    const reader = this.#reader;
    const owner = this.#owner;
    const readerJoined = new Promise<void>((resolve) => {
      reader.on(reader.events.GROUP_JOIN, (event) => {
        this.#partitions = new Map(Object.entries(event.payload.memberAssignment));
        // The first join only learns the partitions; the group's assignment triggers the rebuild.
        // A later one (the reader's session was lost) has reset its positions: rebuild again.
        if (this.#readerJoined) this.#rebuild('reader rejoined');
        this.#readerJoined = true;
        resolve();
      });
    });
    owner.on(owner.events.GROUP_JOIN, (event) => {
      this.#assignment = new Map(Object.entries(event.payload.memberAssignment));
      owner.pause(topics.map((topic) => ({ topic })));
      this.#options.metrics?.rebalances.inc();
      this.#options.metrics?.assignedPartitions.set(countOf(this.#assignment));
      if (this.#paused) this.#options.metrics?.pausedPartitions.set(countOf(this.#assignment));
      this.#rebuild('group assignment');
    });
    for (const [name, consumer] of [
      ['reader', reader],
      ['owner', owner],
    ] as const) {
      consumer.on(consumer.events.CONNECT, () => {
        this.#connected[name] = true;
      });
      consumer.on(consumer.events.DISCONNECT, () => {
        this.#connected[name] = false;
      });
      consumer.on(consumer.events.CRASH, (event) => {
        this.#options.logger.error(
          { consumer: name, err: { message: event.payload.error.message }, restart: event.payload.restart },
          'consumer crashed',
        );
      });
    }
    await reader.connect();
    await owner.connect();
    this.#idleTimer = setInterval(
      () => void this.#flushIfIdle(),
      Math.max(100, this.#options.idleFlushMs / 2),
    );
    this.#idleTimer.unref();
    await reader.subscribe({ topics, fromBeginning: true });
    await reader.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => this.#onBatch(payload),
    });
    await readerJoined;
    await owner.subscribe({ topics, fromBeginning: true });
    await owner.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Paused on every assignment; a batch fetched before that is left unresolved.
      eachBatch: async () => undefined,
    });
  }

  /** Graceful stop: finish the batch in hand, release and write what is held, commit, leave the group. */
  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    if (this.#idleTimer) clearInterval(this.#idleTimer);
    const { outputs, logger, retry } = this.#options;
    await this.#exclusive(async () => {
      if (!this.#stateRestored) return;
      const generation = this.#generation;
      try {
        const output = this.#pipeline.finish();
        // Bounded: a sink that stays down at shutdown must not hold the process forever.
        const deadline = AbortSignal.timeout(15_000);
        await writeDurably(output, outputs, { ...retry, ...this.#failureCount(), logger, signal: deadline });
        this.#observeOutput(output);
        await this.#commit(generation);
      } catch (error) {
        logger.warn(
          { err: { message: (error as Error).message } },
          'shutdown without a final flush: uncommitted records will be re-read',
        );
      }
    });
    this.#abort.abort();
    await Promise.all([this.#reader.disconnect(), this.#owner.disconnect()]);
  }

  /** A quiet input must not hold alerts and commits back: release what is held after idleFlushMs. */
  async #flushIfIdle(): Promise<void> {
    if (this.#stopping || this.#paused || this.#pipeline.buffered === 0) return;
    if (Date.now() - this.#lastInputAt < this.#options.idleFlushMs) return;
    // Records known to be waiting in a partition are not a quiet input: they will come.
    if (!this.#pipeline.caughtUp) return;
    await this.#exclusive(async () => {
      const { outputs, logger, retry } = this.#options;
      if (this.#stopping || !this.#stateRestored || this.#pipeline.buffered === 0) return;
      const generation = this.#generation;
      const output = this.#pipeline.finish();
      await writeDurably(output, outputs, {
        ...retry,
        ...this.#failureCount(),
        logger,
        signal: this.#abort.signal,
      });
      this.#observeOutput(output);
      await this.#commit(generation);
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

  #owns(origin: RecordOrigin): boolean {
    return this.#assignment.get(origin.topic)?.includes(origin.partition) ?? false;
  }

  /** Waits until the latest rebuild is done (a rebuild may start while waiting for an earlier one). */
  async #whenReady(): Promise<void> {
    for (let ready = this.#ready; ; ready = this.#ready) {
      await ready;
      if (ready === this.#ready) return;
    }
  }

  async #onBatch(payload: EachBatchPayload): Promise<void> {
    await this.#whenReady();
    const generation = this.#generation;
    await this.#exclusive(async () => {
      const { isRunning, isStale } = payload;
      // Fetched before a rebuild moved the positions: dropped unresolved, read again from the new ones.
      if (generation !== this.#generation || !this.#stateRestored) return;
      if (this.#stopping || !isRunning() || isStale()) return;
      await this.#process(payload, generation);
    });
  }

  async #process(
    { batch, heartbeat, isStale, resolveOffset }: EachBatchPayload,
    generation: number,
  ): Promise<void> {
    const { outputs, logger, retry, topics } = this.#options;
    const kind = topics[batch.topic];
    if (!kind) return;
    this.#lastInputAt = Date.now();
    const started = performance.now();
    const records: SourceRecord[] = batch.messages.map((message) => ({
      kind,
      origin: { topic: batch.topic, partition: batch.partition, offset: message.offset },
      value: message.value,
    }));
    const last = batch.messages.at(-1);
    if (last)
      this.#pipeline.notePosition(
        batch.topic,
        batch.partition,
        BigInt(last.offset) + 1n >= BigInt(batch.highWatermark),
      );
    const output = await this.#pipeline.step(records);
    if (output.late > 0)
      logger.warn(
        { topic: batch.topic, partition: batch.partition, late: output.late },
        'events arrived behind the watermark: taken out of event-time order',
      );
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
    // Moves the reader's position on; what the group stores is only what #commit() says is durable.
    if (last) resolveOffset(last.offset);
    if (!isStale()) await this.#commit(generation);
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

  /**
   * Commits what this instance owns, unless the assignment changed since `generation` (the step
   * being committed may then have left out records of a partition that is now ours).
   */
  async #commit(generation: number): Promise<void> {
    if (generation !== this.#generation) return;
    const offsets = this.#pipeline.committable().filter((offset) => this.#owns(offset));
    if (offsets.length === 0) return;
    try {
      await this.#owner.commitOffsets(offsets);
    } catch (error) {
      // A rebalance is under way: the next owner re-reads from the last commit, and writes are
      // idempotent, so skipping this commit loses nothing.
      this.#options.logger.info(
        { err: { message: (error as Error).message } },
        'commit skipped during a rebalance',
      );
      return;
    }
    this.#options.metrics?.commits.inc();
    this.#options.onCommitted?.(offsets);
  }

  #topicList(): { topic: string }[] {
    return Object.keys(this.#options.topics).map((topic) => ({ topic }));
  }

  #pause(): void {
    if (this.#paused) return;
    this.#paused = true;
    this.#options.logger.warn('sink unavailable: consumption paused, nothing committed until it returns');
    this.#reader.pause(this.#topicList());
    this.#options.metrics?.pausedPartitions.set(countOf(this.#assignment));
  }

  #resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#pipeline.resumePartitions();
    this.#options.logger.info('sink available again: consumption resumed');
    this.#reader.resume(this.#topicList());
    this.#options.metrics?.pausedPartitions.set(0);
  }

  /** Starts a rebuild after the batch in hand; batches wait for it (#whenReady). */
  #rebuild(reason: string): void {
    // Synchronous: no batch of the old positions is processed once this returns.
    this.#stateRestored = false;
    this.#generation++;
    const ready = this.#exclusive(() => this.#restore(reason));
    this.#ready = ready;
    ready.then(
      () => {
        if (this.#ready === ready) {
          this.#stateRestored = true;
          this.#markStarted();
        }
      },
      (error: Error) =>
        this.#options.logger.error({ err: { message: error.message } }, 'state rebuild failed'),
    );
  }

  async #restore(reason: string): Promise<void> {
    // Leaving: the consumers are disconnecting, and whoever takes the partitions rebuilds for them.
    if (this.#stopping) return;
    const { sink, logger, groupId, kafka, stateRetentionMs } = this.#options;
    const pipeline = this.#pipeline;
    this.#options.metrics?.consumerLag.reset();
    pipeline.reset();
    const admin = kafka.admin();
    await admin.connect();
    try {
      const topics = [...this.#partitions.keys()];
      const committed = await fetchCommittedOffsets(admin, groupId, topics);
      const ends = new Map<string, { low: string; high: string }>();
      for (const topic of topics)
        for (const { partition, low, high } of await admin.fetchTopicOffsets(topic))
          ends.set(`${topic}/${partition}`, { low, high });
      const origins: { topic: string; partition: number; belowOffset: string }[] = [];
      const expected: { topic: string; partition: number; caughtUp: boolean }[] = [];
      for (const { topic, partitions } of committed) {
        const read = this.#partitions.get(topic) ?? [];
        for (const { partition, offset } of partitions) {
          if (!read.includes(partition)) continue;
          const end = ends.get(`${topic}/${partition}`);
          const from = BigInt(Number(offset) >= 0 ? offset : (end?.low ?? '0'));
          // A partition with records to read holds the watermark until they are read.
          expected.push({ topic, partition, caughtUp: end === undefined || from >= BigInt(end.high) });
          // No commit yet: read from the start (what `fromBeginning` would do), and no history to rebuild.
          this.#reader.seek({ topic, partition, offset: Number(offset) >= 0 ? offset : '-2' });
          if (Number(offset) > 0) origins.push({ topic, partition, belowOffset: offset });
        }
      }
      pipeline.expectPartitions(expected);
      const restored =
        origins.length === 0 ? 0 : pipeline.warmUp(await recoverableEvents(sink, origins, stateRetentionMs));
      logger.info(
        { reason, writes: Object.fromEntries(this.#assignment), restoredEvents: restored },
        'state rebuilt from the stored events of every partition',
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
