import { expect, it } from 'vitest';
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
  sampleEvents,
  serviceConfig,
  testPseudonymKey,
  uniqueTopics,
  waitForCatchUp,
  waitUntil,
} from '../../support/pipeline-harness.ts';
import { TcpProxy } from '../../support/tcp-proxy.ts';

describeWithServices('ClickHouse outage', () => {
  it('pauses, commits nothing while the sink is unreachable, and catches up without losing an alert', async () => {
    const s = services();
    const topics = uniqueTopics('outage');
    await prepareTopics(s, topics);
    const database = await createTestDatabase(s.clickhouseUrl);
    const proxy = new TcpProxy(s.clickhouseUrl);
    await proxy.start();
    const config = serviceConfig(s, topics, { database, clickhouseUrl: proxy.url });
    const groupId = config.kafka!.groupId;
    const inputTopics = [topics.declarations, topics.manifests, topics.invoices];
    const service = await startKafkaService({
      config,
      pseudonymKey: testPseudonymKey,
      logger: createLogger({ level: 'silent' }),
    });
    try {
      // The sink goes away before any event arrives: every write fails from the first one.
      await proxy.cut();
      await produceAvro(s, topics, sampleEvents());
      await waitUntil(async () => service.detector.paused, 30_000, 'the consumer to pause');
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const during = await groupProgress(s, groupId, inputTopics);
      expect(during.end).toBeGreaterThan(0);
      expect(during.committed).toBe(0);
      expect(service.detector.paused).toBe(true);

      await proxy.start();
      await waitForCatchUp(s, groupId, inputTopics, 60_000);
      expect(service.detector.paused).toBe(false);
    } finally {
      await service.stop();
      await proxy.cut();
    }
    const expected = await expectedSampleAlerts();
    const rows = await clickhouseRows<{ alert_id: string; rule_id: string }>(
      s.clickhouseUrl,
      `SELECT alert_id, rule_id FROM ${database}.alerts FINAL ORDER BY alert_id`,
    );
    expect(new Map(rows.map((r) => [r.alert_id, r.rule_id]))).toEqual(expected);
  }, 180_000);
});
