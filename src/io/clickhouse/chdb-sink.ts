// The sink on embedded chDB (ClickHouse 26.x in this process), storing into a local data folder.
//
// chDB binds one data folder per process (chdb 3.4, tested in test/sink/chdb-sink.test.ts): a second
// Session at the same path shares the engine, but opening a Session at another path while one is
// open throws, and a path may only be changed once the previous session is closed and drained
// (drainPending). So sessions are shared here: one per path, reference-counted by the sinks using
// it, closed and drained when the last one closes. Opening a sink on a second path while another
// path is in use fails with a clear error instead of the addon's. Operations on a shared session run
// one at a time (a `USE db` and the query after it must not interleave with another sink's).
//
// The schema is migrations/ as written (chDB is modern ClickHouse). Inserts carry an
// insert_deduplication_token like the server driver's, so re-writing a batch adds no rows at all.
// Durability: write() resolves once the engine has written the new parts into the data folder; a
// crash of this process loses nothing written, a power loss may lose what the OS had not flushed.
//
// A batch's event tables are inserted at the same time, each on its own connection to the shared
// folder (a Session per table: chdb 3.4 runs same-path sessions in parallel), then its alerts. The
// inserts run on libuv threads; chaining them one after another would need the main thread between
// them, which a replay keeps busy with the next step, so all but the first would wait for it.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { drainPending, Session } from 'chdb';
import type { DomainEvent } from '../../core/events.ts';
import { modernDialect } from './dialect.ts';
import { applyMigrations, defaultMigrationsDir, loadMigrations } from './migrations.ts';
import { ALERTS_TABLE, batchInserts, deduplicationToken, toJsonEachRow } from './rows.ts';
import type { EventQuery, OriginBound, Sink, SinkBatch, SinkConfig } from './sink.ts';
import { collectEvents, eventsSelect, latestEventTime, latestEventTimeSelect, queriedKinds } from './sql.ts';

export interface ChdbSinkOptions {
  /** Where the NNN_name.sql files are (default: migrations/ of this package). */
  migrationsDir?: string;
}

/** Another sink in this process holds a chDB session on a different data folder. */
export class ChdbPathInUseError extends Error {
  override readonly name = 'ChdbPathInUseError';
}

interface SharedSession {
  readonly path: string;
  readonly session: Session;
  /** Further connections to the same folder, by table, for concurrent inserts (opened on first use). */
  readonly writers: Map<string, Session>;
  refs: number;
  /** The last queued operation; the next one starts after it settles. */
  tail: Promise<unknown>;
}

function openSession(path: string): Session {
  return new Session(path, {
    // 64-bit integers as JSON strings, as a ClickHouse server sends them: no precision lost in query().
    connectionArgs: ['--output_format_json_quote_64bit_integers=1'],
  });
}

function writerFor(shared: SharedSession, table: string): Session {
  let writer = shared.writers.get(table);
  if (writer === undefined) {
    writer = openSession(shared.path);
    shared.writers.set(table, writer);
  }
  return writer;
}

let current: SharedSession | null = null;
/** Settles when the last released session is closed and drained. */
let closing: Promise<void> = Promise.resolve();

async function acquireSession(path: string): Promise<SharedSession> {
  const resolved = resolve(path);
  await closing.catch(() => undefined);
  if (current !== null) {
    if (current.path !== resolved) {
      throw new ChdbPathInUseError(
        `chDB holds one data folder per process: ${current.path} is in use, cannot open ${resolved}`,
      );
    }
    current.refs++;
    return current;
  }
  mkdirSync(resolved, { recursive: true });
  current = {
    path: resolved,
    session: openSession(resolved),
    writers: new Map(),
    refs: 1,
    tail: Promise.resolve(),
  };
  return current;
}

function releaseSession(shared: SharedSession): Promise<void> {
  shared.refs--;
  if (shared.refs > 0) return Promise.resolve();
  if (current === shared) current = null;
  closing = (async () => {
    await shared.tail;
    for (const writer of shared.writers.values()) writer.close();
    shared.session.close();
    await drainPending();
  })();
  return closing;
}

/** Runs `fn` on the shared session once every operation queued before it has settled. */
function serialised<T>(shared: SharedSession, fn: (shared: SharedSession) => Promise<T>): Promise<T> {
  const result = shared.tail.then(() => fn(shared));
  shared.tail = result.catch(() => undefined);
  return result;
}

function parseJsonEachRow(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export class ChdbSink implements Sink {
  readonly #config: SinkConfig;
  readonly #migrationsDir: string;
  #shared: Promise<SharedSession> | null = null;
  #closed = false;

  constructor(config: SinkConfig, options: ChdbSinkOptions = {}) {
    if (!/^\w+$/.test(config.database))
      throw new Error(`not a database name: ${JSON.stringify(config.database)}`);
    this.#config = config;
    this.#migrationsDir = options.migrationsDir ?? defaultMigrationsDir;
  }

  /** The data folder this sink stores into. */
  get path(): string {
    return resolve(this.#config.path);
  }

  async #run<T>(fn: (session: Session) => Promise<T>): Promise<T> {
    return this.#runShared((shared) => fn(shared.session));
  }

  async #runShared<T>(fn: (shared: SharedSession) => Promise<T>): Promise<T> {
    if (this.#closed) throw new Error('the chDB sink is closed');
    if (this.#shared === null) {
      const acquiring = acquireSession(this.#config.path);
      this.#shared = acquiring;
      acquiring.catch(() => {
        if (this.#shared === acquiring) this.#shared = null;
      });
    }
    return serialised(await this.#shared, fn);
  }

  async #select(sql: string): Promise<Record<string, unknown>[]> {
    return this.#run(async (session) =>
      parseJsonEachRow((await session.queryAsync(sql, { format: 'JSONEachRow' })).text()),
    );
  }

  async migrate(): Promise<string[]> {
    return applyMigrations(
      {
        database: this.#config.database,
        dialect: modernDialect,
        execute: async (sql) => {
          await this.#run((session) => session.queryAsync(sql));
        },
        select: (sql) => this.#select(sql),
        insert: async (table, jsonEachRow) => {
          await this.#run((session) => session.insert({ table, values: jsonEachRow, format: 'JSONEachRow' }));
        },
      },
      loadMigrations(this.#migrationsDir),
    );
  }

  async write(batch: SinkBatch): Promise<void> {
    const database = this.#config.database;
    // Every payload is made before the first insert: a malformed row fails the whole batch up
    // front, and the batch is only read during this call, so the caller may go on to the next step
    // while the inserts run. A Buffer is what the addon takes without a copy.
    const inserts = batchInserts(batch, modernDialect.dateTime)
      .filter(({ rows }) => rows.length > 0)
      .map(({ table, rows, keys }) => ({
        table,
        values: Buffer.from(toJsonEachRow(rows), 'utf8'),
        token: deduplicationToken(table, keys),
      }));
    const insert = (session: Session, { table, values, token }: (typeof inserts)[number]) =>
      session.insert({
        table: `${database}.${table}`,
        values,
        format: 'JSONEachRow',
        settings: { insert_deduplication_token: token },
      });
    const events = inserts.filter(({ table }) => table !== ALERTS_TABLE);
    const alerts = inserts.filter(({ table }) => table === ALERTS_TABLE);
    await this.#runShared(async (shared) => {
      // The event tables at once, each on its own connection; every insert settles before this
      // returns or throws, so a retry never overlaps an insert still running.
      const settled = await Promise.allSettled(events.map((e) => insert(writerFor(shared, e.table), e)));
      for (const result of settled) if (result.status === 'rejected') throw result.reason;
      // Alerts only once the events they name are stored.
      for (const a of alerts) await insert(shared.session, a);
    });
  }

  async readEvents(query: EventQuery): Promise<DomainEvent[]> {
    const bodies: string[] = [];
    if (query.origins === undefined || query.origins.length > 0) {
      for (const kind of queriedKinds(query)) {
        const rows = await this.#select(eventsSelect(this.#config.database, kind, query, modernDialect));
        for (const row of rows) bodies.push(String(row.body));
      }
    }
    return collectEvents(bodies, query);
  }

  async latestEventTime(origins?: OriginBound[]): Promise<number | null> {
    if (origins !== undefined && origins.length === 0) return null;
    return latestEventTime(
      await this.#select(latestEventTimeSelect(this.#config.database, origins, modernDialect)),
    );
  }

  async ping(): Promise<boolean> {
    if (this.#closed) return false;
    try {
      const rows = await this.#select('SELECT 1 AS ok');
      return rows[0]?.ok === 1;
    } catch {
      return false;
    }
  }

  async query(sql: string): Promise<Record<string, unknown>[]> {
    const database = this.#config.database;
    return this.#run(async (session) => {
      await session.queryAsync(`USE ${database}`);
      return parseJsonEachRow((await session.queryAsync(sql, { format: 'JSONEachRow' })).text());
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const shared = this.#shared;
    this.#shared = null;
    if (shared === null) return;
    let session: SharedSession;
    try {
      session = await shared;
    } catch {
      return; // never opened
    }
    await releaseSession(session);
  }
}
