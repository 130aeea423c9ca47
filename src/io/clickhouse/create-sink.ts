// Picks the sink driver named by the configuration.
import { ChdbSink, type ChdbSinkOptions } from './chdb-sink.ts';
import { ClickHouseServerSink, type ServerSinkOptions } from './clickhouse-server-sink.ts';
import type { Sink, SinkConfig } from './sink.ts';

export type SinkOptions = ServerSinkOptions & ChdbSinkOptions;

/** `server`: a ClickHouse server over HTTP at config.url; `chdb`: embedded chDB in config.path. */
export function createSink(config: SinkConfig, options: SinkOptions = {}): Sink {
  switch (config.driver) {
    case 'server':
      return new ClickHouseServerSink(config, options);
    case 'chdb':
      return new ChdbSink(
        config,
        options.migrationsDir === undefined ? {} : { migrationsDir: options.migrationsDir },
      );
  }
}
