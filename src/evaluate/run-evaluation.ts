// One evaluation run: generate a scenario into a temp dir, replay it with the given config into a
// temp chDB store, read `alerts FINAL` and match the alerts to the ground truth.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config/schema.ts';
import { createLogger } from '../core/logger.ts';
import type { GroundTruth } from '../generate/ground-truth.ts';
import { generateScenario } from '../generate/scenario.ts';
import { scenarioReplayFiles, writeScenario } from '../generate/write-scenario.ts';
import { createSink } from '../io/clickhouse/create-sink.ts';
import { replay } from '../runtime/embedded-replay.ts';
import { type AlertRow, type Evaluation, evaluateAlerts } from './match.ts';

export interface EvaluationRun {
  seed: number;
  truth: GroundTruth;
  alerts: AlertRow[];
  read: number;
  rejected: number;
  evaluation: Evaluation;
  replayMs: number;
}

// Evaluation only: a fixed key, so runs are comparable. Never a production key.
const evaluationKey = 'customs-aml-evaluation-only-pseudonymisation-key';

export async function evaluateSeed(options: {
  seed: number;
  events: number;
  start: number;
  config: Config;
}): Promise<EvaluationRun> {
  const dir = mkdtempSync(join(tmpdir(), `customs-aml-eval-${options.seed}-`));
  try {
    const scenario = generateScenario({ seed: options.seed, events: options.events, start: options.start });
    const data = join(dir, 'data');
    const store = join(dir, 'store');
    writeScenario(data, scenario);
    const began = performance.now();
    const summary = await replay({
      files: scenarioReplayFiles(data),
      store,
      config: options.config,
      pseudonymKey: evaluationKey,
      logger: createLogger({ level: 'warn' }),
    });
    const replayMs = performance.now() - began;
    const sink = createSink({ ...options.config.sink, driver: 'chdb', path: store });
    let rows: Record<string, unknown>[];
    try {
      rows = await sink.query('SELECT rule_id, typology, event_ids FROM alerts FINAL');
    } finally {
      await sink.close();
    }
    const alerts: AlertRow[] = rows.map((r) => ({
      ruleId: String(r.rule_id),
      typology: String(r.typology),
      eventIds: r.event_ids as string[],
    }));
    const truth = scenario.truth;
    return {
      seed: options.seed,
      truth,
      alerts,
      read: summary.totalRead,
      rejected: summary.totalRejected,
      evaluation: evaluateAlerts(truth.cases, alerts, truth.events),
      replayMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
