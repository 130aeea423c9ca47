import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'chdb';
import { describe, expect, it } from 'vitest';

describe('chDB (embedded ClickHouse engine)', () => {
  it('creates a modern table and deduplicates it with FINAL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chdb-smoke-'));
    const session = new Session(dir);
    try {
      session.query(`CREATE TABLE alerts_smoke (
        alert_id String,
        typology LowCardinality(String),
        event_time DateTime64(3, 'UTC'),
        version UInt32
      ) ENGINE = ReplacingMergeTree(version) ORDER BY alert_id`);
      session.query(`INSERT INTO alerts_smoke VALUES
        ('a1', 'CASH_COURIER', '2026-03-01 10:00:00.125', 1),
        ('a1', 'CASH_COURIER', '2026-03-01 10:00:00.125', 2),
        ('a2', 'TBML', '2026-03-02 09:00:00.000', 1)`);
      const rows = session
        .query(
          'SELECT alert_id, typology, version, toTypeName(typology) AS t FROM alerts_smoke FINAL ORDER BY alert_id',
          'JSONEachRow',
        )
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(rows).toEqual([
        { alert_id: 'a1', typology: 'CASH_COURIER', version: 2, t: 'LowCardinality(String)' },
        { alert_id: 'a2', typology: 'TBML', version: 1, t: 'LowCardinality(String)' },
      ]);
      const version = session.query('SELECT version()', 'TabSeparated').trim();
      console.log(`[services] chDB engine answering: ClickHouse ${version}`);
      expect(Number(version.split('.')[0])).toBeGreaterThanOrEqual(24);
    } finally {
      session.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
