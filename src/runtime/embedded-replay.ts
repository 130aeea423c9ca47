// The embedded mode: NDJSON files in, the same engine, chDB out. No Kafka, no ClickHouse server.
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Config } from '../config/schema.ts';
import type { EventKind } from '../core/events.ts';
import type { Logger } from '../core/logger.ts';
import type { StepOutput } from '../core/records.ts';
import { DetectionEngine } from '../detect/engine.ts';
import { allRules } from '../detect/rules/index.ts';
import { createSink } from '../io/clickhouse/create-sink.ts';
import { FileDeadLetters } from '../io/files/dead-letters.ts';
import { type ReplayFile, replayRecords } from '../io/files/ndjson-source.ts';
import { Pipeline } from '../pipeline/pipeline.ts';
import { createRecordStages } from '../pipeline/record-stages.ts';
import { createRecordDecoder } from '../stages/decode/record-decoder.ts';
import { createPseudonymiser } from '../stages/pseudonymise/pseudonymise.ts';
import { createFxCheck } from '../stages/validate/fx-check.ts';
import { writeDurably } from './durable-writer.ts';
import { RunSummary } from './summary.ts';

export interface ReplayOptions {
  files: ReplayFile[];
  store: string;
  config: Config;
  pseudonymKey: string;
  logger: Logger;
  batchSize?: number;
}

export async function replay(options: ReplayOptions): Promise<RunSummary> {
  const { files, store, config, logger } = options;
  mkdirSync(store, { recursive: true });
  const topicKinds: Record<string, EventKind> = Object.fromEntries(
    files.map((f) => [basename(f.path), f.kind]),
  );
  const stages = createRecordStages({
    decoder: createRecordDecoder({
      encodings: Object.fromEntries(Object.keys(topicKinds).map((topic) => [topic, 'json' as const])),
      topicKinds,
    }),
    pseudonymiser: createPseudonymiser(options.pseudonymKey),
    checkFx: createFxCheck(config.reference),
  });
  const pipeline = new Pipeline(
    stages,
    new DetectionEngine(allRules, config),
    config.engine.allowedLatenessMs,
  );
  const sink = createSink({ ...config.sink, driver: 'chdb', path: store });
  const deadLetters = new FileDeadLetters(join(store, 'dead-letter.ndjson'));
  const summary = new RunSummary();
  const write = async (output: StepOutput) => {
    // Replayed events have no Kafka coordinate: stored without one (state recovery is for Kafka).
    const stored: StepOutput = {
      ...output,
      events: output.events.map(({ event }) => ({ event, origin: null })),
    };
    await writeDurably(stored, { sink, deadLetters }, { ...config.sink.retry, logger });
    // Counted only once durable, like a Kafka offset commit.
    summary.add(output);
  };
  // The write of step n (chDB inserts on a libuv thread) overlaps step n + 1 on the main thread.
  // Writes still run one at a time and in order: step n + 1's output is written only after step
  // n's is durable. A step's output is not changed by later steps (the engine emits new alert
  // objects), so it can be written while the next step runs.
  let writing: Promise<void> = Promise.resolve();
  const writeInOrder = async (output: StepOutput) => {
    await writing;
    writing = write(output);
    // Seen by the next await of `writing`; never an unhandled rejection in the meantime.
    writing.catch(() => undefined);
  };
  try {
    await sink.migrate();
    // Large steps: fewer, bigger inserts into chDB.
    for await (const batch of replayRecords(files, options.batchSize ?? 5_000))
      await writeInOrder(await pipeline.step(batch));
    await writeInOrder(pipeline.finish());
    await writing;
  } finally {
    // On an error, let a write in flight settle before the sink closes under it.
    await writing.catch(() => undefined);
    await sink.close();
  }
  return summary;
}
