import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
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
  splitByTime,
  testPseudonymKey,
  uniqueTopics,
  waitUntil,
  writeConfigDir,
} from '../../support/pipeline-harness.ts';

function startDetector(configDir: string): ChildProcess {
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'test/support/cli-entry.ts'), 'run', '--config', configDir],
    {
      env: {
        PATH: process.env.PATH,
        CUSTOMS_AML_PSEUDONYM_KEY: testPseudonymKey,
        CUSTOMS_AML_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

describeWithServices('crash recovery', () => {
  it('gives the alerts of an uninterrupted run after the consumer is killed mid-stream and restarted', async () => {
    const s = services();
    const topics = uniqueTopics('crash');
    await prepareTopics(s, topics);
    const database = await createTestDatabase(s.clickhouseUrl);
    const groupId = `detector-${topics.declarations}`;
    const configDir = writeConfigDir(
      JSON.stringify({
        kafka: {
          brokers: s.kafkaBrokers.split(','),
          groupId,
          topics: {
            declarations: { name: topics.declarations },
            manifests: { name: topics.manifests },
            invoices: { name: topics.invoices },
            alerts: topics.alerts,
          },
          sessionTimeoutMs: 6_000,
          heartbeatIntervalMs: 500,
          // Small fetches: many batches, so the kill lands mid-stream.
          maxBytesPerPartition: 600,
        },
        schemaRegistry: { url: s.schemaRegistryUrl },
        sink: {
          driver: 'server',
          url: s.clickhouseUrl,
          database,
          retry: { initialDelayMs: 100, maxDelayMs: 1000 },
        },
      }),
    );
    const events = sampleEvents();
    const [earlier, later] = splitByTime(events, 2);
    await produceAvro(s, topics, earlier!, [], true);
    const inputTopics = [topics.declarations, topics.manifests, topics.invoices];

    const first = startDetector(configDir);
    await waitUntil(
      async () => (await groupProgress(s, groupId, inputTopics)).committed > 0,
      60_000,
      'a first commit',
    );
    first.kill('SIGKILL');
    await exited(first);
    const atKill = await groupProgress(s, groupId, inputTopics);
    expect(atKill.committed).toBeLessThan(atKill.end);

    await produceAvro(s, topics, later!, [], true);
    const second = startDetector(configDir);
    try {
      await waitUntil(
        async () => {
          const { committed, end } = await groupProgress(s, groupId, inputTopics);
          return committed === end;
        },
        90_000,
        'the restarted detector to catch up',
      );
    } finally {
      second.kill('SIGTERM');
      await exited(second);
    }

    const expected = await expectedSampleAlerts();
    const rows = await clickhouseRows<{ alert_id: string; rule_id: string }>(
      s.clickhouseUrl,
      `SELECT alert_id, rule_id FROM ${database}.alerts FINAL ORDER BY alert_id`,
    );
    expect(new Map(rows.map((r) => [r.alert_id, r.rule_id]))).toEqual(expected);
    expect(rows.length).toBe(expected.size);
  });
});
