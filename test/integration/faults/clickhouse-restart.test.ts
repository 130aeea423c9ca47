import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it, onTestFinished } from 'vitest';
import { createLogger } from '../../../src/core/logger.ts';
import { startKafkaService } from '../../../src/runtime/kafka-service.ts';
import { describeWithServices, services } from '../../support/integration.ts';
import {
  clickhouseRows,
  createTestDatabase,
  expectedSampleAlerts,
  groupProgress,
  prepareTopics,
  produceAvro,
  repoRoot,
  sampleEvents,
  serviceConfig,
  splitByTime,
  testPseudonymKey,
  uniqueTopics,
  waitForCatchUp,
  waitUntil,
} from '../../support/pipeline-harness.ts';

const run = promisify(execFile);

/** A ClickHouse server of this test's own (scripts/services, separate state folder), to stop and restart. */
async function ownClickhouse(stateDir: string, action: 'up' | 'down'): Promise<string> {
  const { stdout } = await run('bash', [join(repoRoot, 'scripts/services', action), 'clickhouse'], {
    env: { ...process.env, CUSTOMS_AML_SERVICES_DIR: stateDir },
    timeout: 120_000,
  });
  return /CLICKHOUSE_URL=(\S+)/.exec(stdout)?.[1] ?? '';
}

describeWithServices('ClickHouse server stopped mid-stream', () => {
  it('loses and doubles no alert when the server is stopped and restarted while events flow', async () => {
    const s = services();
    const stateDir = mkdtempSync(join(tmpdir(), 'own-clickhouse-'));
    const url = await ownClickhouse(stateDir, 'up');
    // Stopped whatever the outcome: a failed assertion must not leave a server behind.
    onTestFinished(async () => {
      await ownClickhouse(stateDir, 'down');
      rmSync(stateDir, { recursive: true, force: true });
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const topics = uniqueTopics('chrestart');
    await prepareTopics(s, topics);
    const database = await createTestDatabase(url);
    const config = serviceConfig(s, topics, { database, clickhouseUrl: url, maxBytesPerPartition: 600 });
    const groupId = config.kafka!.groupId;
    const inputTopics = [topics.declarations, topics.manifests, topics.invoices];
    const service = await startKafkaService({
      config,
      pseudonymKey: testPseudonymKey,
      logger: createLogger({ level: 'silent' }),
    });
    try {
      // The stream flows in waves: the server goes down after the first and the rest arrive while it is down.
      const waves = splitByTime(sampleEvents(), 3);
      const wave = (n: number) => waves[n]!;
      await produceAvro(s, topics, wave(0), [], true);
      await waitUntil(
        async () => (await groupProgress(s, groupId, inputTopics)).committed > 0,
        30_000,
        'a first commit',
      );
      await ownClickhouse(stateDir, 'down');
      await produceAvro(s, topics, wave(1), [], true);
      // A commit of a write that finished just before the stop may still land; after that, none.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const atStop = await groupProgress(s, groupId, inputTopics);
      await produceAvro(s, topics, wave(2), [], true);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const whileDown = await groupProgress(s, groupId, inputTopics);
      expect(whileDown.committed).toBe(atStop.committed);
      expect(whileDown.committed).toBeLessThan(whileDown.end);
      expect(service.detector.paused).toBe(true);
      await ownClickhouse(stateDir, 'up');
      await waitForCatchUp(s, groupId, inputTopics, 90_000);
    } finally {
      await service.stop();
    }
    const expected = await expectedSampleAlerts();
    const rows = await clickhouseRows<{ alert_id: string; rule_id: string }>(
      url,
      `SELECT alert_id, rule_id FROM ${database}.alerts FINAL ORDER BY alert_id`,
    );
    const got = new Map(rows.map((r) => [r.alert_id, r.rule_id]));
    const missing = [...expected].filter(([id]) => !got.has(id)).map(([, rule]) => rule);
    const extra = [...got].filter(([id]) => !expected.has(id)).map(([, rule]) => rule);
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    expect(got).toEqual(expected);
    const [counts] = await clickhouseRows<{ rows: string; ids: string }>(
      url,
      `SELECT count() AS rows, uniqExact(alert_id) AS ids FROM ${database}.alerts FINAL`,
    );
    expect(counts).toEqual({ rows: String(expected.size), ids: String(expected.size) });
  }, 180_000);
});
