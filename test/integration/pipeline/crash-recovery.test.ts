import { expect, it } from 'vitest';
import { childConfigDir, exited, startChildDetector } from '../../support/child-detector.ts';
import { describeWithServices, services } from '../../support/integration.ts';
import {
  clickhouseRows,
  createTestDatabase,
  expectedSampleAlerts,
  groupProgress,
  prepareTopics,
  produceAvro,
  sampleEvents,
  splitByTime,
  uniqueTopics,
  waitForCatchUp,
  waitUntil,
} from '../../support/pipeline-harness.ts';

describeWithServices('crash recovery', () => {
  it('gives the alerts of an uninterrupted run after the consumer is killed mid-stream and restarted', async () => {
    const s = services();
    const topics = uniqueTopics('crash');
    await prepareTopics(s, topics);
    const database = await createTestDatabase(s.clickhouseUrl);
    const groupId = `detector-${topics.declarations}`;
    const configDir = childConfigDir(s, topics, groupId, database);
    const events = sampleEvents();
    const [earlier, later] = splitByTime(events, 2);
    await produceAvro(s, topics, earlier!, [], true);
    const inputTopics = [topics.declarations, topics.manifests, topics.invoices];

    const first = startChildDetector(configDir);
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
    const second = startChildDetector(configDir);
    try {
      await waitForCatchUp(s, groupId, inputTopics, 90_000);
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
  }, 180_000);
});
