import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChdbSink } from '../../src/io/clickhouse/chdb-sink.ts';
import type { Sink } from '../../src/io/clickhouse/sink.ts';
import { applyRetention, ttlExpression } from '../../src/runtime/retention.ts';

let dir: string;
let sink: ChdbSink;
const ttlOf = async (table: string) =>
  /\bTTL (.+?) SETTINGS/.exec(
    String(
      (
        await sink.query(
          `SELECT create_table_query AS q FROM system.tables WHERE database = currentDatabase() AND name = '${table}'`,
        )
      )[0]!.q,
    ),
  )?.[1] ?? null;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'retention-'));
  sink = new ChdbSink({
    driver: 'chdb',
    path: dir,
    url: 'http://127.0.0.1:8123',
    database: 'default',
    username: 'default',
    retry: { initialDelayMs: 10, maxDelayMs: 10 },
    requestTimeoutMs: 1000,
  });
  await sink.migrate();
});
afterAll(async () => {
  await sink.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('applyRetention', () => {
  it('sets a TTL per table from the config, is idempotent, and removes it for null', async () => {
    const first = await applyRetention(sink, {
      alertsDays: 730,
      declarationsDays: 1825,
      manifestsDays: null,
      invoicesDays: null,
    });
    expect(first).toEqual({
      changed: [
        { table: 'alerts', days: 730 },
        { table: 'currency_declarations', days: 1825 },
      ],
      skipped: null,
    });
    expect(await ttlOf('alerts')).toBe(ttlExpression(730));
    expect(await ttlOf('courier_manifests')).toBeNull();
    expect(
      (
        await applyRetention(sink, {
          alertsDays: 730,
          declarationsDays: 1825,
          manifestsDays: null,
          invoicesDays: null,
        })
      ).changed,
    ).toEqual([]);
    await applyRetention(sink, undefined);
    expect(await ttlOf('alerts')).toBeNull();
  });

  it('drops expired rows by event time', async () => {
    await sink.query(
      "INSERT INTO courier_manifests (consignment_id, event_time) VALUES ('old', '2020-01-01 00:00:00'), ('new', now64(3))",
    );
    await applyRetention(sink, {
      alertsDays: null,
      declarationsDays: null,
      manifestsDays: 30,
      invoicesDays: null,
    });
    await sink.query('OPTIMIZE TABLE courier_manifests FINAL');
    expect(await sink.query('SELECT consignment_id FROM courier_manifests FINAL')).toEqual([
      { consignment_id: 'new' },
    ]);
  });

  it('applies nothing on a server without TTL (ClickHouse 18.x), and says why', async () => {
    const legacy = { query: async () => [{ version: '18.16.1' }] } as unknown as Sink;
    const result = await applyRetention(legacy, {
      alertsDays: 1,
      declarationsDays: 1,
      manifestsDays: 1,
      invoicesDays: 1,
    });
    expect(result.changed).toEqual([]);
    expect(result.skipped).toMatch(/18\.16\.1 has no table TTL/);
  });
});
