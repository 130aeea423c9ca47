// The embedded replay overlaps the write of one step with the next step, yet writes the steps one at
// a time and in order, and counts a step in the summary only once its write has finished.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { EventKind } from '../../src/core/events.ts';
import { createLogger } from '../../src/core/logger.ts';
import type { SinkBatch } from '../../src/io/clickhouse/sink.ts';
import { Pipeline } from '../../src/pipeline/pipeline.ts';
import { replay } from '../../src/runtime/embedded-replay.ts';
import { RunSummary } from '../../src/runtime/summary.ts';
import { repoRoot, sampleFiles, testPseudonymKey } from '../support/pipeline-harness.ts';

// A sink that only records: which batches, in which order, how many writes at once.
const recorded = vi.hoisted(() => ({
  batches: [] as SinkBatch[],
  inFlight: 0,
  maxInFlight: 0,
  finished: 0,
  /** Set by the test: how the n-th write (from 0) waits before it resolves. */
  delay: (_index: number): Promise<void> => Promise.resolve(),
}));

vi.mock('../../src/io/clickhouse/create-sink.ts', () => ({
  createSink: () => ({
    migrate: async () => [],
    write: async (batch: SinkBatch) => {
      const index = recorded.batches.push(batch) - 1;
      recorded.inFlight++;
      recorded.maxInFlight = Math.max(recorded.maxInFlight, recorded.inFlight);
      await recorded.delay(index);
      recorded.inFlight--;
      recorded.finished++;
    },
    close: async () => undefined,
  }),
}));

const store = mkdtempSync(join(tmpdir(), 'customs-aml-replay-'));
afterAll(() => rmSync(store, { recursive: true, force: true }));

describe('replay', () => {
  it('writes steps in order, one at a time, while the next step runs; counts them once written', async () => {
    let steps = 0;
    const step = Pipeline.prototype.step;
    vi.spyOn(Pipeline.prototype, 'step').mockImplementation(function (this: Pipeline, records) {
      steps++;
      return step.call(this, records);
    });
    // The first write finishes only once the second step has started (or gives up after 5 s).
    let overlapped = false;
    recorded.delay = async (index) => {
      if (index !== 0) return;
      const until = Date.now() + 5_000;
      while (steps < 2 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
      overlapped = steps >= 2;
    };
    // For each counted output with events: was the write holding them finished by then?
    const countedAfterWrite: boolean[] = [];
    const add = RunSummary.prototype.add;
    vi.spyOn(RunSummary.prototype, 'add').mockImplementation(function (this: RunSummary, output) {
      const first = output.events[0]?.event;
      if (first !== undefined) {
        const index = recorded.batches.findIndex((batch) =>
          batch.events.some(({ event }) => event === first),
        );
        countedAfterWrite.push(index >= 0 && index < recorded.finished);
      }
      add.call(this, output);
    });

    const summary = await replay({
      files: (Object.keys(sampleFiles) as EventKind[]).map((kind) => ({ kind, path: sampleFiles[kind] })),
      store,
      config: loadConfig({ dir: join(repoRoot, 'config'), env: {} }),
      pseudonymKey: testPseudonymKey,
      logger: createLogger({ level: 'silent' }),
      batchSize: 20,
    });

    expect(overlapped).toBe(true);
    expect(recorded.maxInFlight).toBe(1);
    // Every accepted record was written once, in the order the steps released them.
    const written = recorded.batches.flatMap((batch) => batch.events.map(({ event }) => event.id));
    expect(new Set(written).size).toBe(written.length);
    expect(written.length).toBe(summary.totalRead - summary.totalRejected);
    expect(countedAfterWrite.length).toBeGreaterThan(2);
    expect(countedAfterWrite.every(Boolean)).toBe(true);
  });
});
