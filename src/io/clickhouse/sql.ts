// SQL text shared by both drivers: literals and the reads behind Sink.readEvents.
import type { DomainEvent, EventKind } from '../../core/events.ts';
import { fromJsonText } from '../../core/json.ts';
import type { Dialect } from './dialect.ts';
import { eventKinds, eventTables } from './rows.ts';
import type { EventQuery, OriginBound } from './sink.ts';

/** A ClickHouse string literal. */
export function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function integerLiteral(text: string, what: string): string {
  if (!/^-?\d+$/.test(text)) throw new TypeError(`${what} is not an integer: ${JSON.stringify(text)}`);
  return text;
}

/** Rows read from one of these partitions below its offset; `0` (nothing) for an empty list. */
export function originCondition(origins: readonly OriginBound[]): string {
  const alternatives = origins.map(
    (origin) =>
      `(source_topic = ${quoteString(origin.topic)}` +
      ` AND source_partition = ${integerLiteral(String(origin.partition), 'partition')}` +
      ` AND source_offset < ${integerLiteral(origin.belowOffset, 'belowOffset')})`,
  );
  return alternatives.length === 0 ? '0' : `(${alternatives.join(' OR ')})`;
}

/**
 * One row { n, ms } per stream table: how many stored events match `origins`, and the latest event
 * time among them in epoch ms. The union covers the three streams.
 */
export function latestEventTimeSelect(
  database: string,
  origins: readonly OriginBound[] | undefined,
  dialect: Dialect,
): string {
  const where = origins === undefined ? '' : ` WHERE ${originCondition(origins)}`;
  return eventKinds
    .map(
      (kind) =>
        `SELECT toString(count()) AS n, toString(${dialect.epochMillis('max(event_time)')}) AS ms FROM ${database}.${eventTables[kind].table}${where}`,
    )
    .join(' UNION ALL ');
}

/** The latest time of latestEventTimeSelect's rows, or null when no event matched. */
export function latestEventTime(rows: readonly Record<string, unknown>[]): number | null {
  let latest: number | null = null;
  for (const row of rows) {
    if (Number(row.n) === 0) continue;
    const ms = Number(row.ms);
    if (latest === null || ms > latest) latest = ms;
  }
  return latest;
}

/** The streams a query reads, each once, in a fixed order. */
export function queriedKinds(query: EventQuery): EventKind[] {
  const wanted = query.kinds ?? eventKinds;
  return eventKinds.filter((kind) => wanted.includes(kind));
}

/**
 * The SELECT reading one stream's events for `query`: bodies only, FINAL so a row written twice comes
 * back once. The time bounds may be wider than asked on legacy servers (whole seconds);
 * collectEvents filters exactly.
 */
export function eventsSelect(database: string, kind: EventKind, query: EventQuery, dialect: Dialect): string {
  const { table, idColumn } = eventTables[kind];
  const conditions = [dialect.timeRange('event_time', query.since, query.until)];
  if (query.origins !== undefined) conditions.push(originCondition(query.origins));
  return `SELECT body FROM ${database}.${table} FINAL WHERE ${conditions.join(' AND ')} ORDER BY event_time, ${idColumn}`;
}

function compareById(a: DomainEvent, b: DomainEvent): number {
  return (
    a.eventTime - b.eventTime ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) ||
    (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0)
  );
}

/**
 * The events of the bodies read from every queried table: exactly within [since, until), one per
 * (kind, id), ordered by event time, then id, then kind.
 */
export function collectEvents(bodies: Iterable<string>, query: EventQuery): DomainEvent[] {
  const byKey = new Map<string, DomainEvent>();
  for (const body of bodies) {
    const event = fromJsonText<DomainEvent>(body);
    if (event.eventTime < query.since) continue;
    if (query.until !== undefined && event.eventTime >= query.until) continue;
    byKey.set(`${event.kind}\u0000${event.id}`, event);
  }
  return [...byKey.values()].sort(compareById);
}
