import { randomUUID } from 'node:crypto';
import { createClient } from '@clickhouse/client';
import { expect, it } from 'vitest';
import { describeWithServices, services } from '../../support/integration.ts';

describeWithServices('ClickHouse server over HTTP (@clickhouse/client)', () => {
  it('inserts a batch and selects it back', async () => {
    const client = createClient({ url: services().clickhouseUrl });
    const table = `smoke_${randomUUID().replaceAll('-', '')}`;
    try {
      await client.command({
        query: `CREATE TABLE ${table} (id String, amount_minor Int64, at DateTime) ENGINE = MergeTree ORDER BY id`,
      });
      await client.insert({
        table,
        values: [
          { id: 'a', amount_minor: 985000, at: '2026-03-01 10:00:00' },
          { id: 'b', amount_minor: 1200000, at: '2026-03-02 11:30:00' },
        ],
        format: 'JSONEachRow',
      });
      const result = await client.query({
        query: `SELECT id, amount_minor, toString(at) AS at FROM ${table} ORDER BY id`,
        format: 'JSONEachRow',
      });
      expect(await result.json()).toEqual([
        { id: 'a', amount_minor: '985000', at: '2026-03-01 10:00:00' },
        { id: 'b', amount_minor: '1200000', at: '2026-03-02 11:30:00' },
      ]);
    } finally {
      await client.command({ query: `DROP TABLE IF EXISTS ${table}` });
      await client.close();
    }
  });
});
