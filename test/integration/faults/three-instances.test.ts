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
  uniqueTopics,
  waitForCatchUp,
  waitUntil,
} from '../../support/pipeline-harness.ts';

// Rules that read no keyed state: their alerts cannot depend on which instance saw which
// partition. Rules with keyed state need each entity's events on one partition (or one instance):
// see "State recovery" in the README.
const partitionIndependentRules = new Set([
  'CC-THRESHOLD-PROXIMITY',
  'CC-BNI-GOLD',
  'CC-CURRENCY-ROUTE-MISMATCH',
  'CC-HIGH-RISK-ROUTE',
  'CM-CASH-KEYWORDS',
  'CM-ARMS',
  'CM-DOCUMENTS-ANOMALY',
  'CM-PRECURSOR',
  'CM-VALUE-WEIGHT',
  'TB-CASH-PAYMENT',
  'TB-HIGH-RISK-ROUTING',
  'TB-INVOICE-ARITHMETIC',
  'TB-ROUND-AMOUNT',
  'TB-THIRD-PARTY-PAYMENT',
]);

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
      await produceAvro(s, topics, sampleEvents(), [], true);
      await waitUntil(
        async () => (await groupProgress(s, groupId, inputTopics)).committed > 0,
        60_000,
        'a first commit',
      );
      // One instance dies without leaving the group: its partitions move after the session timeout.
      instances[0]!.kill('SIGKILL');
      await exited(instances[0]!);
      await waitForCatchUp(s, groupId, inputTopics, 120_000);
    } finally {
      for (const child of instances) child.kill('SIGTERM');
      await Promise.all(instances.map(exited));
    }
    const expected = await expectedSampleAlerts();
    const rows = await clickhouseRows<{ alert_id: string; rule_id: string }>(
      s.clickhouseUrl,
      `SELECT alert_id, rule_id FROM ${database}.alerts FINAL ORDER BY alert_id`,
    );
    const independent = (entries: Iterable<[string, string]>) =>
      new Map([...entries].filter(([, rule]) => partitionIndependentRules.has(rule)));
    const got = independent(rows.map((r) => [r.alert_id, r.rule_id] as [string, string]));
    expect(got.size).toBeGreaterThan(10);
    expect(got).toEqual(independent(expected));
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
