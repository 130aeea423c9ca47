// The server driver's retry policy, and the driver itself on a modern engine: @clickhouse/client
// talking to embedded chDB (ClickHouse 26.x) through `chdb/connection` instead of HTTP. The 18.16
// server is covered by test/integration/sink/. chdb/connection ignores the client's `database`, so
// the queries here name it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClickHouseError } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { afterAll, describe, expect, it } from 'vitest';
import {
  backoffDelay,
  ClickHouseServerSink,
  isTransientError,
  type ServerSinkOptions,
} from '../../../src/io/clickhouse/clickhouse-server-sink.ts';
import { loadMigrations } from '../../../src/io/clickhouse/migrations.ts';
import { alert, declaration, invoice, MINUTE, manifest, origin, sinkConfig, stored, T0 } from './fixtures.ts';

describe('retry policy', () => {
  it('retries network failures, timeouts, 5xx pages and "try again" ClickHouse codes only', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(isTransientError(refused)).toBe(true);
    expect(isTransientError(new Error('wrapped', { cause: refused }))).toBe(true);
    expect(isTransientError(new Error('Timeout error.'))).toBe(true);
    expect(isTransientError(new Error('<html>502 Bad Gateway</html>'))).toBe(true);
    expect(
      isTransientError(
        new ClickHouseError({ message: 'Too many parts', code: '252', type: 'TOO_MANY_PARTS' }),
      ),
    ).toBe(true);
    expect(isTransientError(new Error('Code: 159, e.displayText() = DB::Exception: Timeout exceeded'))).toBe(
      true,
    );

    expect(
      isTransientError(
        new ClickHouseError({ message: 'Unknown identifier', code: '47', type: 'UNKNOWN_IDENTIFIER' }),
      ),
    ).toBe(false);
    expect(
      isTransientError(new Error("Code: 60, e.displayText() = DB::Exception: Table x doesn't exist")),
    ).toBe(false);
    expect(isTransientError(new TypeError('bad row'))).toBe(false);
    expect(isTransientError('a string')).toBe(false);
  });

  it('backs off exponentially with jitter, never beyond maxDelayMs', () => {
    const retry = { initialDelayMs: 100, maxDelayMs: 1_000 };
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, retry, () => 0.999999))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, retry, () => 0))).toEqual([
      50, 100, 200, 400, 500,
    ]);
  });
});

describe('ClickHouseServerSink on a modern engine (chDB through @clickhouse/client)', () => {
  const root = mkdtempSync(join(tmpdir(), 'customs-aml-server-sink-'));
  // chdb/connection is typed against its own copy of @clickhouse/client-common; the shapes match.
  const connection = createChdbConnection({
    path: join(root, 'engine'),
  }) as unknown as ServerSinkOptions['connection'] & {};
  const sink = new ClickHouseServerSink(sinkConfig({ driver: 'server', database: 'modern' }), { connection });

  afterAll(async () => {
    await sink.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('detects the modern dialect and applies the schema untouched', async () => {
    expect((await sink.dialect()).name).toBe('modern');
    expect(await sink.migrate()).toEqual(loadMigrations().map((m) => m.name));
    expect(await sink.migrate()).toEqual([]);
    expect(
      await sink.query(
        "SELECT type FROM system.columns WHERE database = 'modern' AND table = 'alerts' AND name = 'detected_at'",
      ),
    ).toEqual([{ type: "DateTime64(3, 'UTC')" }]);
  });

  it('writes with millisecond times, and the deduplication token makes a retried batch a no-op', async () => {
    const batch = {
      alerts: [alert('a-1'), alert('a-2', { amountUsd: 123_456_789n })],
      events: [
        stored(declaration('d-1', T0), origin(0, 1)),
        stored(manifest('m-1', T0 + MINUTE), null),
        stored(invoice('i-1', T0 + 2 * MINUTE), null),
      ],
    };
    await sink.write(batch);
    await sink.write(batch);
    expect(
      await sink.query(
        'SELECT alert_id, toString(amount_usd) AS usd, toString(detected_at) AS detected FROM modern.alerts ORDER BY alert_id',
      ),
    ).toEqual([
      { alert_id: 'a-1', usd: '19700', detected: '2026-03-01 10:00:05.125' },
      { alert_id: 'a-2', usd: '123.46', detected: '2026-03-01 10:00:05.125' },
    ]);
    const raw = await sink.query(
      'SELECT toString((SELECT count() FROM modern.currency_declarations)) AS d,' +
        ' toString((SELECT count() FROM modern.courier_manifests)) AS m, toString((SELECT count() FROM modern.trade_invoices)) AS i',
    );
    expect(raw).toEqual([{ d: '1', m: '1', i: '1' }]);
    expect((await sink.readEvents({ since: T0 + 1 })).map((e) => e.id)).toEqual(['m-1', 'i-1']);
    expect(await sink.latestEventTime()).toBe(T0 + 2 * MINUTE);
  });
});
