// The running service's operator surface on the real services: a real Prometheus scrapes
// /metrics and sees the key series move; no label carries an entity id or personal data; /readyz
// goes not-ready when ClickHouse is cut off and ready again when it returns.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createLogger } from '../../../src/core/logger.ts';
import { type RunningService, startKafkaService } from '../../../src/runtime/kafka-service.ts';
import { labelProblems, parseExposition } from '../../support/exposition.ts';
import { describeWithServices, services } from '../../support/integration.ts';
import {
  clickhouseRows,
  createTestDatabase,
  prepareTopics,
  produceAvro,
  repoRoot,
  sampleEvents,
  serviceConfig,
  testPseudonymKey,
  uniqueTopics,
  waitUntil,
} from '../../support/pipeline-harness.ts';
import { type RunningPrometheus, startPrometheus } from '../../support/prometheus.ts';
import { TcpProxy } from '../../support/tcp-proxy.ts';

function strings(value: unknown, out: Set<string>): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

describeWithServices('metrics, health and readiness endpoint', () => {
  it('is scraped by a real Prometheus, moves with the input, carries no entity ids, and follows ClickHouse in /readyz', async () => {
    const s = services();
    const topics = uniqueTopics('metrics');
    await prepareTopics(s, topics);
    const database = await createTestDatabase(s.clickhouseUrl);
    const proxy = new TcpProxy(s.clickhouseUrl);
    await proxy.start();
    const base = serviceConfig(s, topics, { database, clickhouseUrl: proxy.url });
    const config = { ...base, metrics: { enabled: true, host: '127.0.0.1', port: 0 } };
    let service: RunningService | null = null;
    let prometheus: RunningPrometheus | null = null;
    try {
      service = await startKafkaService({
        config,
        pseudonymKey: testPseudonymKey,
        logger: createLogger({ level: 'silent' }),
        serveMetrics: true,
      });
      const endpoint = service.server!.url;
      expect((await fetch(`${endpoint}/healthz`)).status).toBe(200);
      await waitUntil(
        async () => (await fetch(`${endpoint}/readyz`)).status === 200,
        30_000,
        '/readyz ready',
      );

      prometheus = await startPrometheus(
        [`127.0.0.1:${service.server!.port}`],
        [join(repoRoot, 'deploy/prometheus/alerts.yml')],
      );
      const prom = prometheus;
      const scalar = async (promql: string) => {
        const result = await prom.query(promql);
        return result.length === 0 ? null : Number(result[0]!.value[1]);
      };
      await waitUntil(async () => (await scalar('up{job="customs-aml"}')) === 1, 30_000, 'the first scrape');

      // Half the sample, then the rest with two undecodable records: the counters must move.
      const events = sampleEvents();
      const half = {
        declaration: events.declaration.slice(0, 10),
        manifest: events.manifest.slice(0, 10),
        invoice: events.invoice.slice(0, 10),
      };
      await produceAvro(s, topics, half);
      await waitUntil(
        async () => ((await scalar('sum(customs_aml_records_consumed_total)')) ?? 0) >= 30,
        60_000,
        'the first records in Prometheus',
      );
      const first = (await scalar('sum(customs_aml_records_consumed_total)'))!;
      await produceAvro(
        s,
        topics,
        {
          declaration: events.declaration.slice(10),
          manifest: events.manifest.slice(10),
          invoice: events.invoice.slice(10),
        },
        [
          { kind: 'manifest', value: Buffer.from('{"consignmentId": "broken"') },
          { kind: 'invoice', value: Buffer.from([0, 0x7f, 0x7f, 0x7f, 0x7f, 1]) },
        ],
      );
      const total = events.declaration.length + events.manifest.length + events.invoice.length + 2;
      await waitUntil(
        async () => (await scalar('sum(customs_aml_records_consumed_total)')) === total,
        60_000,
        'all records in Prometheus',
      );
      expect(total).toBeGreaterThan(first);
      await waitUntil(
        async () => ((await scalar('sum(customs_aml_alerts_total)')) ?? 0) > 0,
        30_000,
        'alerts in Prometheus',
      );

      for (const series of [
        'customs_aml_records_decoded_total',
        'customs_aml_records_rejected_total{stage="decode"}',
        'customs_aml_dead_letters_written_total',
        'customs_aml_events_processed_total',
        'customs_aml_consumer_lag_records',
        'customs_aml_batch_size_records_count',
        'customs_aml_batch_processing_seconds_count',
        'customs_aml_event_time_lag_seconds_count',
        'customs_aml_sink_write_seconds_count{result="ok"}',
        'customs_aml_offset_commits_total',
        'customs_aml_rebalances_total',
        'customs_aml_assigned_partitions',
        'customs_aml_paused_partitions',
        'customs_aml_state_entries',
        'customs_aml_process_cpu_seconds_total',
        'customs_aml_nodejs_eventloop_lag_seconds',
      ]) {
        const found = await prom.query(series);
        expect(found.length, `${series} in Prometheus`).toBeGreaterThan(0);
      }
      expect(await scalar('sum(customs_aml_records_rejected_total)')).toBe(2);
      expect(await scalar('sum(customs_aml_dead_letters_written_total)')).toBe(2);
      expect(await scalar('max(customs_aml_assigned_partitions)')).toBe(9);
      const alertRows = await clickhouseRows<{ n: string }>(
        s.clickhouseUrl,
        `SELECT count() AS n FROM ${database}.alerts FINAL`,
      );
      // The counter counts emissions: a growing pattern is emitted again at each new revision, so it
      // reaches at least the number of distinct alerts stored.
      await waitUntil(
        async () => ((await scalar('sum(customs_aml_alerts_total)')) ?? 0) >= Number(alertRows[0]!.n),
        30_000,
        'alert counter ≥ stored alerts',
      );
      // The alerting rules load and evaluate against these series.
      const rules = (await (await fetch(`${prom.url}/api/v1/rules`)).json()) as {
        data: { groups: { rules: { health: string }[] }[] };
      };
      const loaded = rules.data.groups.flatMap((g) => g.rules);
      expect(loaded.length).toBeGreaterThanOrEqual(5);

      // No label carries an entity id, an event id or a personal value.
      const stored = await clickhouseRows<{ entity_key: string; event_ids: string[] }>(
        s.clickhouseUrl,
        `SELECT entity_key, event_ids FROM ${database}.alerts FINAL`,
      );
      const forbidden = strings(stored, new Set());
      for (const kind of Object.values(events)) strings(kind, forbidden);
      for (const topic of Object.values(topics)) forbidden.delete(topic);
      for (const topic of Object.values(topics)) forbidden.delete(`${topic}.dlq`);
      for (const code of [
        'DOCUMENTS',
        'GIFT',
        'MERCHANDISE',
        'INBOUND',
        'OUTBOUND',
        'TRANSIT',
        'EXPORT',
        'IMPORT',
        'CURRENCY',
      ])
        forbidden.delete(code);
      const exposition = parseExposition(await (await fetch(`${endpoint}/metrics`)).text());
      expect(exposition.filter((sample) => sample.name.startsWith('customs_aml_')).length).toBeGreaterThan(
        50,
      );
      expect(labelProblems(exposition, forbidden)).toEqual([]);

      // ClickHouse away: not ready (and the gauge says which check); back: ready again.
      await proxy.cut();
      const down = await fetch(`${endpoint}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({
        status: 'not ready',
        checks: { sink: false, kafka: true, state: true },
      });
      await waitUntil(
        async () => (await scalar('customs_aml_ready{check="sink"}')) === 0,
        20_000,
        'ready{check=sink} 0 in Prometheus',
      );
      expect((await fetch(`${endpoint}/healthz`)).status).toBe(200);
      await proxy.start();
      await waitUntil(
        async () => (await fetch(`${endpoint}/readyz`)).status === 200,
        30_000,
        '/readyz ready again',
      );
      await waitUntil(
        async () => (await scalar('customs_aml_ready{check="all"}')) === 1,
        20_000,
        'ready{check=all} 1 in Prometheus',
      );
    } finally {
      await prometheus?.stop();
      await service?.stop();
      await proxy.cut();
    }
  });
});
