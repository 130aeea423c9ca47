// A Sink that times its writes into the metrics; everything else is passed through unchanged.
import type { EventQuery, OriginBound, Sink, SinkBatch } from '../clickhouse/sink.ts';
import type { ServiceMetrics } from './metrics.ts';

export function instrumentSink(sink: Sink, metrics: ServiceMetrics): Sink {
  return {
    migrate: () => sink.migrate(),
    async write(batch: SinkBatch) {
      const end = metrics.sinkWriteDuration.startTimer();
      try {
        await sink.write(batch);
        end({ result: 'ok' });
      } catch (error) {
        end({ result: 'error' });
        throw error;
      }
    },
    readEvents: (query: EventQuery) => sink.readEvents(query),
    latestEventTime: (origins?: OriginBound[]) => sink.latestEventTime(origins),
    ping: () => sink.ping(),
    query: (sql: string) => sink.query(sql),
    close: () => sink.close(),
  };
}
