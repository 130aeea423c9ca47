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
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { drainPending, Session } from 'chdb';
import type { DomainEvent } from '../domain/events.ts';
import { modernDialect } from './dialect.ts';
import { applyMigrations, defaultMigrationsDir, loadMigrations } from './migrations.ts';
import { batchInserts, deduplicationToken, type Row, toJsonEachRow } from './rows.ts';
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
  refs: number;
  /** The last queued operation; the next one starts after it settles. */
  tail: Promise<unknown>;
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
  const session = new Session(resolved, {
    // 64-bit integers as JSON strings, as a ClickHouse server sends them: no precision lost in query().
    connectionArgs: ['--output_format_json_quote_64bit_integers=1'],
  });
  current = { path: resolved, session, refs: 1, tail: Promise.resolve() };
  return current;
}

function releaseSession(shared: SharedSession): Promise<void> {
  shared.refs--;
  if (shared.refs > 0) return Promise.resolve();
  if (current === shared) current = null;
  closing = (async () => {
    await shared.tail;
    shared.session.close();
    await drainPending();
  })();
  return closing;
}

/** Runs `fn` on the shared session once every operation queued before it has settled. */
function serialised<T>(shared: SharedSession, fn: (session: Session) => Promise<T>): Promise<T> {
  const result = shared.tail.then(() => fn(shared.session));
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

  async #insert(table: string, rows: Row[], token: string): Promise<void> {
    if (rows.length === 0) return;
    await this.#run((session) =>
      session.insert({
        table,
        values: toJsonEachRow(rows),
        format: 'JSONEachRow',
        settings: { insert_deduplication_token: token },
      }),
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
    for (const { table, rows, keys } of batchInserts(batch, modernDialect.dateTime)) {
      await this.#insert(`${database}.${table}`, rows, deduplicationToken(table, keys));
    }
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
