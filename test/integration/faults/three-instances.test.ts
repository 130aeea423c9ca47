import { expect, it } from 'vitest';
import { childConfigDir, exited, startChildDetector } from '../../support/child-detector.ts';
import { describeWithServices, services } from '../../support/integration.ts';
import {
  clickhouseRows,
  createTestDatabase,
  expectedSampleRevisions,
  groupProgress,
  prepareTopics,
  produceAvro,
  sampleEvents,
  splitByTime,
  uniqueTopics,
  waitForCatchUp,
  waitUntil,
} from '../../support/pipeline-harness.ts';

describeWithServices('three detector instances in one consumer group', () => {
  it('write what one instance writes, with no duplicate, through the loss of an instance', async () => {
    const s = services();
    const topics = uniqueTopics('trio');
    await prepareTopics(s, topics, 6);
    const database = await createTestDatabase(s.clickhouseUrl);
    const groupId = `detector-${topics.declarations}`;
    const configDir = childConfigDir(s, topics, groupId, database);
    const inputTopics = [topics.declarations, topics.manifests, topics.invoices];
    const instances = [
      startChildDetector(configDir),
      startChildDetector(configDir),
      startChildDetector(configDir),
    ];
    try {
      const [earlier, later] = splitByTime(sampleEvents(), 2);
      await produceAvro(s, topics, earlier!, [], true);
      await waitUntil(
        async () => (await groupProgress(s, groupId, inputTopics)).committed > 0,
        60_000,
        'a first commit',
      );
      // One instance dies mid-stream without leaving the group: its partitions move to the others
      // after the session timeout, while the second half of the stream arrives.
      instances[0]!.kill('SIGKILL');
      await exited(instances[0]!);
      await produceAvro(s, topics, later!, [], true);
      await waitForCatchUp(s, groupId, inputTopics, 120_000);
    } finally {
      for (const child of instances) child.kill('SIGTERM');
      await Promise.all(instances.map(exited));
    }
    const expected = await expectedSampleRevisions();
    const rows = await clickhouseRows<{ alert_id: string; rule_id: string; revision: number; score: number }>(
      s.clickhouseUrl,
      `SELECT alert_id, rule_id, revision, score FROM ${database}.alerts FINAL ORDER BY alert_id`,
    );
    const got = new Map(rows.map((r) => [r.alert_id, `${r.rule_id} r${r.revision} s${r.score}`] as const));
    // Every rule, the entity-joining ones included: each instance's state covers every partition.
    expect(new Set(rows.map((r) => r.rule_id)).size).toBeGreaterThan(20);
    expect(got).toEqual(new Map(expected));
    const [counts] = await clickhouseRows<{ rows: string; ids: string }>(
      s.clickhouseUrl,
      `SELECT count() AS rows, uniqExact(alert_id) AS ids FROM ${database}.alerts FINAL`,
    );
    expect(counts!.rows).toBe(counts!.ids);
    const [events] = await clickhouseRows<{ n: string }>(
      s.clickhouseUrl,
      `SELECT (SELECT count() FROM ${database}.currency_declarations FINAL) + (SELECT count() FROM ${database}.courier_manifests FINAL) + (SELECT count() FROM ${database}.trade_invoices FINAL) AS n`,
    );
    const sample = sampleEvents();
    expect(Number(events!.n)).toBe(
      sample.declaration.length + sample.manifest.length + sample.invoice.length,
    );
  }, 180_000);
});
