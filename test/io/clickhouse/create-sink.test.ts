import { describe, expect, it } from 'vitest';
import { ChdbSink } from '../../../src/io/clickhouse/chdb-sink.ts';
import { ClickHouseServerSink } from '../../../src/io/clickhouse/clickhouse-server-sink.ts';
import { createSink } from '../../../src/io/clickhouse/create-sink.ts';
import { sinkConfig } from './fixtures.ts';

describe('createSink', () => {
  it('picks the driver named by the configuration, without connecting', async () => {
    const server = createSink(sinkConfig({ driver: 'server', url: 'http://127.0.0.1:1' }));
    const chdb = createSink(sinkConfig({ driver: 'chdb', path: '/nonexistent/never-opened' }));
    expect(server).toBeInstanceOf(ClickHouseServerSink);
    expect(chdb).toBeInstanceOf(ChdbSink);
    expect((chdb as ChdbSink).path).toBe('/nonexistent/never-opened');
    await Promise.all([server.close(), chdb.close()]);
  });

  it('reads the server password from the variable the configuration names, and fails without it', async () => {
    const config = sinkConfig({ driver: 'server', passwordEnv: 'SINK_TEST_PASSWORD' });
    expect(() => createSink(config, { env: {} })).toThrow(/SINK_TEST_PASSWORD is not set/);
    const sink = createSink(config, { env: { SINK_TEST_PASSWORD: 'secret' } });
    expect(sink).toBeInstanceOf(ClickHouseServerSink);
    await sink.close();
  });

  it('refuses a database name that is not a plain word', () => {
    expect(() => createSink(sinkConfig({ driver: 'server', database: 'x; DROP' }))).toThrow(
      /not a database name/,
    );
    expect(() => createSink(sinkConfig({ driver: 'chdb', database: 'a.b' }))).toThrow(/not a database name/);
  });
});
