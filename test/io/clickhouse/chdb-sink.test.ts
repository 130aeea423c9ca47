// The chDB driver end to end on a temporary data folder. One folder for the whole file: chDB binds
// one data folder per process, so tests isolate themselves by database instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'chdb';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ChdbPathInUseError, ChdbSink } from '../../../src/io/clickhouse/chdb-sink.ts';
import { createSink } from '../../../src/io/clickhouse/create-sink.ts';
import { loadMigrations } from '../../../src/io/clickhouse/migrations.ts';
import type { SinkBatch } from '../../../src/io/clickhouse/sink.ts';
import { alert, declaration, invoice, MINUTE, manifest, origin, sinkConfig, stored, T0 } from './fixtures.ts';

const root = mkdtempSync(join(tmpdir(), 'customs-aml-chdb-sink-'));
const dataDir = join(root, 'store');
const open: ChdbSink[] = [];

function sinkFor(database: string, path = dataDir): ChdbSink {
  const sink = new ChdbSink(sinkConfig({ driver: 'chdb', path, database }));
  open.push(sink);
  return sink;
}

afterAll(async () => {
  for (const sink of open) await sink.close();
  rmSync(root, { recursive: true, force: true });
});

const DECL_TOPIC = 'customs.currency-declarations';
const MANIFEST_TOPIC = 'customs.courier-manifests';

function batch(): SinkBatch {
  return {
    alerts: [
      alert('alert-1'),
      alert('alert-2', { amountUsd: undefined, hsCode: '710812', typology: 'TBML', eventTime: T0 + MINUTE }),
    ],
    events: [
      stored(declaration('d-1', T0), origin(0, 10, DECL_TOPIC)),
      stored(declaration('d-2', T0 + 2 * MINUTE), origin(0, 11, DECL_TOPIC)),
      stored(declaration('d-3', T0 + MINUTE), origin(1, 5, DECL_TOPIC)),
      stored(manifest('m-1', T0 + MINUTE), origin(0, 7, MANIFEST_TOPIC)),
      stored(invoice('i-1', T0 + 3 * MINUTE), null),
    ],
  };
}

describe('ChdbSink', () => {
  it('migrates once: the second run applies nothing and the schema is the modern one', async () => {
    const sink = sinkFor('migrate_twice');
    expect(await sink.migrate()).toEqual(loadMigrations().map((m) => m.name));
    expect(await sink.migrate()).toEqual([]);
    const tables = await sink.query(
      "SELECT name FROM system.tables WHERE database = 'migrate_twice' AND engine != 'View' ORDER BY name",
    );
    expect(tables.map((row) => row.name)).toEqual([
      'alerts',
      'courier_manifests',
      'currency_declarations',
      'schema_migrations',
      'trade_invoices',
    ]);
    const types = await sink.query(
      "SELECT name, type FROM system.columns WHERE database = 'migrate_twice' AND table = 'alerts' AND name IN ('event_time', 'typology', 'amount_usd') ORDER BY name",
    );
    expect(types).toEqual([
      { name: 'amount_usd', type: 'Nullable(Decimal(38, 2))' },
      { name: 'event_time', type: "DateTime64(3, 'UTC')" },
      { name: 'typology', type: 'LowCardinality(String)' },
    ]);
    expect(await sink.query('SELECT name FROM schema_migrations FINAL ORDER BY name')).toEqual(
      loadMigrations()
        .map((m) => m.name)
        .map((name) => ({ name })),
    );
  });

  it('writes alerts and events with exact values, and a re-written batch adds no row', async () => {
    const sink = sinkFor('write_twice');
    await sink.migrate();
    await sink.write(batch());
    const alerts = await sink.query(
      'SELECT alert_id, revision, typology, score, toString(amount_usd) AS usd, hs_code, toString(event_time) AS at,' +
        ' countries, evidence FROM alerts FINAL ORDER BY alert_id',
    );
    expect(alerts).toEqual([
      {
        alert_id: 'alert-1',
        revision: 1,
        typology: 'CASH_COURIER',
        score: 82,
        usd: '19700',
        hs_code: '',
        at: '2026-03-01 10:00:00.125',
        countries: ['ES', 'MX'],
        evidence: '{"observed":2,"threshold":"10000000000n","windowHours":48}',
      },
      {
        alert_id: 'alert-2',
        revision: 1,
        typology: 'TBML',
        score: 82,
        usd: null,
        hs_code: '710812',
        at: '2026-03-01 10:01:00.125',
        countries: ['ES', 'MX'],
        evidence: '{"observed":2,"threshold":"10000000000n","windowHours":48}',
      },
    ]);
    const declarations = await sink.query(
      'SELECT declaration_id, toString(item_amounts) AS amounts, source_partition, source_offset FROM currency_declarations FINAL ORDER BY declaration_id',
    );
    expect(declarations).toEqual([
      { declaration_id: 'd-1', amounts: '[9850,1.234567]', source_partition: 0, source_offset: '10' },
      { declaration_id: 'd-2', amounts: '[9850,1.234567]', source_partition: 0, source_offset: '11' },
      { declaration_id: 'd-3', amounts: '[9850,1.234567]', source_partition: 1, source_offset: '5' },
    ]);
    const replayed = await sink.query(
      'SELECT source_topic, source_partition, source_offset FROM trade_invoices',
    );
    expect(replayed).toEqual([{ source_topic: '', source_partition: -1, source_offset: '-1' }]);

    const counts = async () =>
      sink.query(
        'SELECT (SELECT count() FROM alerts FINAL) AS alerts_final, (SELECT count() FROM alerts) AS alerts_raw,' +
          ' (SELECT count() FROM currency_declarations) AS declarations_raw, (SELECT count() FROM courier_manifests) AS manifests_raw',
      );
    const before = await counts();
    expect(before).toEqual([
      { alerts_final: '2', alerts_raw: '2', declarations_raw: '3', manifests_raw: '1' },
    ]);
    await sink.write(batch());
    // The deduplication token makes the retry write nothing at all, not even rows FINAL would hide.
    expect(await counts()).toEqual(before);
  });

  it('keeps the highest revision of an alert under FINAL, also across month partitions', async () => {
    const sink = sinkFor('revisions');
    await sink.migrate();
    await sink.write({ alerts: [alert('grow', { revision: 1, eventIds: ['d-1'] })], events: [] });
    const nextMonth = Date.UTC(2026, 3, 2, 8, 0, 0, 0);
    await sink.write({
      alerts: [alert('grow', { revision: 2, eventIds: ['d-1', 'd-9'], eventTime: nextMonth, score: 95 })],
      events: [],
    });
    // An older revision arriving late loses too.
    await sink.write({ alerts: [alert('grow', { revision: 1, eventIds: ['d-1'] })], events: [] });
    expect(await sink.query('SELECT alert_id, revision, score, event_ids FROM alerts FINAL')).toEqual([
      { alert_id: 'grow', revision: 2, score: 95, event_ids: ['d-1', 'd-9'] },
    ]);
  });

  it('reads the batch only during write(): what changes afterwards is not what is stored', async () => {
    const sink = sinkFor('snapshot');
    await sink.migrate();
    const written = batch();
    const writing = sink.write(written);
    // The caller goes on (e.g. the next replay step) while the inserts run; the alerts insert is last.
    written.alerts[0]!.eventIds.push('later');
    written.alerts[0]!.score = 1;
    await writing;
    expect(await sink.query("SELECT score, event_ids FROM alerts FINAL WHERE alert_id = 'alert-1'")).toEqual([
      { score: 82, event_ids: ['d-1', 'd-2'] },
    ]);
  });

  it('inserts the event tables of a batch at once, on separate connections, and the alerts after them', async () => {
    const sink = sinkFor('concurrent');
    await sink.migrate();
    const calls: { table: string; session: Session; started: number; settledBefore: number }[] = [];
    let settled = 0;
    const insert = Session.prototype.insert;
    const spy = vi.spyOn(Session.prototype, 'insert').mockImplementation(function (this: Session, params) {
      calls.push({ table: params.table, session: this, started: calls.length, settledBefore: settled });
      const result = (insert as (p: typeof params) => Promise<unknown>).call(this, params);
      void result.finally(() => settled++);
      return result as never;
    });
    try {
      await sink.write(batch());
    } finally {
      spy.mockRestore();
    }
    const events = calls.filter(({ table }) => !table.endsWith('.alerts'));
    const alerts = calls.filter(({ table }) => table.endsWith('.alerts'));
    expect(events.map(({ table }) => table).sort()).toEqual([
      'concurrent.courier_manifests',
      'concurrent.currency_declarations',
      'concurrent.trade_invoices',
    ]);
    expect(events.every(({ settledBefore }) => settledBefore === 0)).toBe(true);
    expect(new Set(events.map(({ session }) => session)).size).toBe(3);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.settledBefore).toBe(3);
    expect(await sink.query('SELECT count() AS n FROM alerts')).toEqual([{ n: '2' }]);
  });

  describe('readEvents', () => {
    const sink = sinkFor('read_events');
    const written = batch();

    it('returns the events in event-time order, then id, exactly as written', async () => {
      await sink.migrate();
      await sink.write(written);
      const events = await sink.readEvents({ since: T0 });
      expect(events.map((e) => e.id)).toEqual(['d-1', 'd-3', 'm-1', 'd-2', 'i-1']);
      expect(events).toEqual([0, 2, 3, 1, 4].map((i) => written.events[i]!.event));
      expect(events[0]?.kind === 'declaration' && events[0].body.items[0]?.amount).toBe(9_850_000_000n);
    });

    it('filters by since (inclusive, to the millisecond), until (exclusive) and kinds', async () => {
      expect((await sink.readEvents({ since: T0 + 1 })).map((e) => e.id)).toEqual([
        'd-3',
        'm-1',
        'd-2',
        'i-1',
      ]);
      expect((await sink.readEvents({ since: T0, until: T0 + 2 * MINUTE })).map((e) => e.id)).toEqual([
        'd-1',
        'd-3',
        'm-1',
      ]);
      expect((await sink.readEvents({ since: 0, kinds: ['manifest', 'invoice'] })).map((e) => e.id)).toEqual([
        'm-1',
        'i-1',
      ]);
    });

    it('keeps only events of the given partitions below their offsets', async () => {
      const events = await sink.readEvents({
        since: 0,
        origins: [
          { topic: DECL_TOPIC, partition: 0, belowOffset: '11' },
          { topic: MANIFEST_TOPIC, partition: 0, belowOffset: '8' },
        ],
      });
      expect(events.map((e) => e.id)).toEqual(['d-1', 'm-1']);
      expect(await sink.readEvents({ since: 0, origins: [] })).toEqual([]);
      expect(
        (
          await sink.readEvents({
            since: 0,
            origins: [{ topic: DECL_TOPIC, partition: 1, belowOffset: '5' }],
          })
        ).length,
      ).toBe(0);
    });

    it('tells the latest event time of given partitions below their offsets', async () => {
      expect(await sink.latestEventTime()).toBe(T0 + 3 * MINUTE);
      expect(await sink.latestEventTime([{ topic: DECL_TOPIC, partition: 0, belowOffset: '12' }])).toBe(
        T0 + 2 * MINUTE,
      );
      expect(await sink.latestEventTime([{ topic: DECL_TOPIC, partition: 7, belowOffset: '12' }])).toBeNull();
      expect(await sink.latestEventTime([])).toBeNull();
    });

    it('returns each event once after the same events were written again', async () => {
      await sink.write({ alerts: [], events: written.events.slice(0, 2) });
      expect((await sink.readEvents({ since: T0 })).map((e) => e.id)).toEqual([
        'd-1',
        'd-3',
        'm-1',
        'd-2',
        'i-1',
      ]);
    });
  });

  describe('sessions', () => {
    it('shares one session between sinks on the same folder', async () => {
      const a = sinkFor('shared_a');
      const b = sinkFor('shared_b');
      await Promise.all([a.migrate(), b.migrate()]);
      await a.write({ alerts: [alert('from-a')], events: [] });
      await b.write({ alerts: [alert('from-b-1'), alert('from-b-2')], events: [] });
      // Each query runs in its own sink's database, even interleaved.
      const [rowsA, rowsB] = await Promise.all([
        a.query('SELECT count() AS n FROM alerts'),
        b.query('SELECT count() AS n FROM alerts'),
      ]);
      expect(rowsA).toEqual([{ n: '1' }]);
      expect(rowsB).toEqual([{ n: '2' }]);
      await b.close();
      expect(await b.ping()).toBe(false);
      expect(await a.ping()).toBe(true);
    });

    it('refuses a second folder while one is open, and opens it once all are closed', async () => {
      const otherDir = join(root, 'other');
      const other = sinkFor('default', otherDir);
      await expect(other.ping()).resolves.toBe(false);
      await expect(other.query('SELECT 1')).rejects.toBeInstanceOf(ChdbPathInUseError);

      for (const sink of open.splice(0)) if (sink !== other) await sink.close();
      expect(await other.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      await other.close();

      // The first folder kept its data across the close.
      const again = createSink(sinkConfig({ driver: 'chdb', path: dataDir, database: 'write_twice' }));
      open.push(again as ChdbSink);
      expect(again).toBeInstanceOf(ChdbSink);
      expect(await again.migrate()).toEqual([]);
      expect(await again.query('SELECT count() AS n FROM alerts FINAL')).toEqual([{ n: '2' }]);
    });
  });
});
