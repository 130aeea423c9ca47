// The server driver against the real ClickHouse server of the test services (Debian's 18.16 locally
// and in CI, 25.x under testcontainers): each run uses its own database and drops it afterwards.
import { randomUUID } from 'node:crypto';
import { createClient } from '@clickhouse/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ClickHouseServerSink, type RetryEvent } from '../../../src/io/clickhouse/clickhouse-server-sink.ts';
import { createSink } from '../../../src/io/clickhouse/create-sink.ts';
import { loadMigrations } from '../../../src/io/clickhouse/migrations.ts';
import { type Sink, type SinkBatch, SinkUnavailableError } from '../../../src/io/clickhouse/sink.ts';
import {
  alert,
  declaration,
  invoice,
  MINUTE,
  manifest,
  origin,
  sinkConfig,
  stored,
  T0,
} from '../../io/clickhouse/fixtures.ts';
import { describeWithServices, services } from '../../support/integration.ts';

const DECL_TOPIC = 'customs.currency-declarations';

function batch(): SinkBatch {
  return {
    alerts: [
      alert('alert-1'),
      alert('alert-2', { amountUsd: undefined, hsCode: '710812', eventTime: T0 + MINUTE }),
    ],
    events: [
      // 900 ms after T0: the same second as T0 on a server without sub-second times.
      stored(declaration('d-1', T0 + 900), origin(0, 10, DECL_TOPIC)),
      stored(declaration('d-0', T0), origin(0, 9, DECL_TOPIC)),
      stored(declaration('d-2', T0 + 2 * MINUTE), origin(0, 11, DECL_TOPIC)),
      stored(manifest('m-1', T0 + MINUTE), origin(2, 7, 'customs.courier-manifests')),
      stored(invoice('i-1', T0 + 3 * MINUTE), null),
    ],
  };
}

describeWithServices('ClickHouseServerSink on the real server', () => {
  const database = `customs_aml_sink_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  let sink: ClickHouseServerSink;
  let major = 0;

  beforeAll(async () => {
    sink = new ClickHouseServerSink(
      sinkConfig({ driver: 'server', url: services().clickhouseUrl, database }),
    );
    const admin = createClient({ url: services().clickhouseUrl });
    try {
      const rows = await (await admin.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' })).json<{
        v: string;
      }>();
      major = Number(rows[0]?.v.split('.')[0]);
    } finally {
      await admin.close();
    }
  });

  afterAll(async () => {
    await sink?.close();
    const admin = createClient({ url: services().clickhouseUrl });
    try {
      await admin.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    } finally {
      await admin.close();
    }
  });

  it('migrates once, with the schema rewritten for the server', async () => {
    expect(await sink.migrate()).toEqual(loadMigrations().map((m) => m.name));
    expect(await sink.migrate()).toEqual([]);
    const columns = await sink.query(
      `SELECT name, type FROM system.columns WHERE database = '${database}' AND table = 'alerts' AND name IN ('event_time', 'typology') ORDER BY name`,
    );
    const legacy = major < 20;
    expect(columns).toEqual([
      { name: 'event_time', type: legacy ? "DateTime('UTC')" : "DateTime64(3, 'UTC')" },
      { name: 'typology', type: legacy ? 'String' : 'LowCardinality(String)' },
    ]);
    expect((await sink.dialect()).name).toBe(legacy ? 'legacy' : 'modern');
  });

  it('writes alerts and events with exact values; a re-written batch changes nothing under FINAL', async () => {
    await sink.write(batch());
    const alerts = await sink.query(
      'SELECT alert_id, revision, toString(amount_usd) AS usd, hs_code, toUnixTimestamp(event_time) AS at, countries FROM alerts FINAL ORDER BY alert_id',
    );
    expect(alerts).toEqual([
      {
        alert_id: 'alert-1',
        revision: 1,
        usd: expect.stringMatching(/^19700(\.00)?$/),
        hs_code: '',
        at: Math.floor(T0 / 1000),
        countries: ['ES', 'MX'],
      },
      {
        alert_id: 'alert-2',
        revision: 1,
        usd: null,
        hs_code: '710812',
        at: Math.floor((T0 + MINUTE) / 1000),
        countries: ['ES', 'MX'],
      },
    ]);
    const declarations = await sink.query(
      "SELECT declaration_id, arrayStringConcat(arrayMap(x -> toString(x), item_amounts), ' ') AS amounts, source_offset FROM currency_declarations FINAL ORDER BY declaration_id",
    );
    expect(declarations.map((row) => [row.declaration_id, row.source_offset])).toEqual([
      ['d-0', '9'],
      ['d-1', '10'],
      ['d-2', '11'],
    ]);
    expect(String(declarations[0]?.amounts)).toMatch(/^9850(\.000000)? 1\.234567$/);

    const finalCounts =
      'SELECT (SELECT count() FROM alerts FINAL) AS alerts, (SELECT count() FROM currency_declarations FINAL) AS declarations';
    expect(await sink.query(finalCounts)).toEqual([{ alerts: '2', declarations: '3' }]);
    await sink.write(batch());
    expect(await sink.query(finalCounts)).toEqual([{ alerts: '2', declarations: '3' }]);
    // Modern servers drop the retried insert by its token; 18.x stores it again and FINAL hides it.
    const [raw] = await sink.query('SELECT count() AS n FROM alerts');
    expect(raw?.n).toBe(major < 20 ? '4' : '2');
  });

  it('keeps the highest revision of an alert under FINAL', async () => {
    await sink.write({
      alerts: [alert('alert-1', { revision: 2, score: 97, eventTime: T0 + 40 * 86_400_000 })],
      events: [],
    });
    expect(await sink.query("SELECT revision, score FROM alerts FINAL WHERE alert_id = 'alert-1'")).toEqual([
      { revision: 2, score: 97 },
    ]);
  });

  it('reads the events back in event-time order, to the millisecond, with origin filters', async () => {
    const written = batch().events.map((s) => s.event);
    const all = await sink.readEvents({ since: T0 });
    expect(all.map((e) => e.id)).toEqual(['d-0', 'd-1', 'm-1', 'd-2', 'i-1']);
    expect(all[1]).toEqual(written[0]);
    // The column has whole seconds on 18.x; the bounds still hold to the millisecond.
    expect((await sink.readEvents({ since: T0 + 1 })).map((e) => e.id)).toEqual(['d-1', 'm-1', 'd-2', 'i-1']);
    expect((await sink.readEvents({ since: T0, until: T0 + 900 })).map((e) => e.id)).toEqual(['d-0']);
    const below = await sink.readEvents({
      since: 0,
      origins: [{ topic: DECL_TOPIC, partition: 0, belowOffset: '11' }],
    });
    expect(below.map((e) => e.id)).toEqual(['d-0', 'd-1']);
    expect(await sink.latestEventTime([{ topic: DECL_TOPIC, partition: 0, belowOffset: '11' }])).toBe(
      major < 20 ? Math.floor((T0 + 900) / 1000) * 1000 : T0 + 900,
    );
  });

  it('pings the server', async () => {
    expect(await sink.ping()).toBe(true);
  });

  it('throws a query error at once instead of retrying it', async () => {
    const retries: RetryEvent[] = [];
    const strict = createSink(sinkConfig({ driver: 'server', url: services().clickhouseUrl, database }), {
      onRetry: (event) => retries.push(event),
    });
    try {
      const error = await strict.query('SELECT no_such_column FROM alerts').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(SinkUnavailableError);
      expect(String((error as Error).message)).toMatch(/no_such_column/);
      expect(retries).toEqual([]);
    } finally {
      await strict.close();
    }
  });
});

describeWithServices('ClickHouseServerSink without a server', () => {
  let down: Sink;

  afterAll(async () => {
    await down?.close();
  });

  it('pings false and gives up a write with SinkUnavailableError after the attempts', async () => {
    const retries: RetryEvent[] = [];
    down = createSink(
      sinkConfig({
        driver: 'server',
        url: 'http://127.0.0.1:1',
        retry: { initialDelayMs: 50, maxDelayMs: 200 },
      }),
      { maxAttempts: 3, onRetry: (event) => retries.push(event) },
    );
    expect(await down.ping()).toBe(false);
    const started = Date.now();
    const error = await down.write(batch()).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(SinkUnavailableError);
    expect((error as SinkUnavailableError).attempts).toBe(3);
    expect(String((error as Error).message)).toMatch(/ECONNREFUSED|connect/);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2]);
    for (const retry of retries) expect(retry.delayMs).toBeLessThanOrEqual(200);
    expect(elapsed).toBeLessThan(3_000);
  });
});
