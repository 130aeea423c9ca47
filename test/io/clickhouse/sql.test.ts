import { describe, expect, it } from 'vitest';
import { toJsonText } from '../../../src/core/json.ts';
import { legacyDialect, modernDialect } from '../../../src/io/clickhouse/dialect.ts';
import {
  collectEvents,
  eventsSelect,
  latestEventTime,
  latestEventTimeSelect,
  originCondition,
  queriedKinds,
  quoteString,
} from '../../../src/io/clickhouse/sql.ts';
import { declaration, invoice, manifest, T0 } from './fixtures.ts';

describe('SQL literals', () => {
  it('escapes quotes and backslashes in strings', () => {
    expect(quoteString("it's \\ here")).toBe("'it\\'s \\\\ here'");
  });

  it('builds the origin filter, and matches nothing for an empty list', () => {
    expect(
      originCondition([
        { topic: "t'1", partition: 2, belowOffset: '100' },
        { topic: 'u', partition: 0, belowOffset: '7' },
      ]),
    ).toBe(
      "((source_topic = 't\\'1' AND source_partition = 2 AND source_offset < 100) OR (source_topic = 'u' AND source_partition = 0 AND source_offset < 7))",
    );
    expect(originCondition([])).toBe('0');
    expect(() => originCondition([{ topic: 't', partition: 0, belowOffset: '1 OR 1' }])).toThrow(TypeError);
  });
});

describe('reading events', () => {
  it('reads the queried streams in a fixed order', () => {
    expect(queriedKinds({ since: 0 })).toEqual(['declaration', 'manifest', 'invoice']);
    expect(queriedKinds({ since: 0, kinds: ['invoice', 'declaration'] })).toEqual(['declaration', 'invoice']);
  });

  it('selects bodies with FINAL, the time range and the origins', () => {
    const sql = eventsSelect(
      'aml',
      'manifest',
      { since: T0, origins: [{ topic: 't', partition: 1, belowOffset: '5' }] },
      modernDialect,
    );
    expect(sql).toBe(
      "SELECT body FROM aml.courier_manifests FINAL WHERE event_time >= toDateTime64('2026-03-01 10:00:00.125', 3, 'UTC')" +
        " AND ((source_topic = 't' AND source_partition = 1 AND source_offset < 5)) ORDER BY event_time, consignment_id",
    );
    expect(eventsSelect('aml', 'invoice', { since: T0, until: T0 + 1 }, legacyDialect)).toContain(
      "event_time <= toDateTime('2026-03-01 10:00:00', 'UTC')",
    );
  });

  it('filters exactly, deduplicates by kind and id, orders by time, id, kind', () => {
    const a = declaration('b', T0 + 10);
    const b = manifest('a', T0 + 10);
    const c = invoice('z', T0);
    const tooEarly = declaration('early', T0 - 1);
    const tooLate = declaration('late', T0 + 20);
    const sameIdOtherKind = invoice('b', T0 + 10);
    const bodies = [a, b, c, tooEarly, tooLate, sameIdOtherKind, a].map((e) => toJsonText(e));
    const events = collectEvents(bodies, { since: T0, until: T0 + 20 });
    expect(events.map((e) => `${e.kind}:${e.id}`)).toEqual([
      'invoice:z',
      'manifest:a',
      'declaration:b',
      'invoice:b',
    ]);
    expect(events[2]).toEqual(a);
  });

  it('takes the latest time over the streams that have events', () => {
    expect(latestEventTimeSelect('aml', undefined, modernDialect).split(' UNION ALL ')).toHaveLength(3);
    expect(latestEventTimeSelect('aml', [], legacyDialect)).toContain(
      'toUnixTimestamp(max(event_time)) * 1000',
    );
    expect(
      latestEventTime([
        { n: '0', ms: '0' },
        { n: '2', ms: String(T0) },
        { n: '1', ms: String(T0 - 5) },
      ]),
    ).toBe(T0);
    expect(latestEventTime([{ n: '0', ms: '0' }])).toBeNull();
  });
});
