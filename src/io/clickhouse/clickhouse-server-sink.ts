// The sink on a ClickHouse server over HTTP (@clickhouse/client).
//
// - The server version is asked once (SELECT version()) and picks the dialect (src/io/clickhouse/dialect.ts).
// - One insert per table per write: the batch's events by stream, then its alerts.
// - Transient failures (connection refused or reset, timeouts, HTTP 5xx that are not query errors,
//   ClickHouse's own "try again" codes) are retried with exponential backoff and jitter, each delay
//   at most retry.maxDelayMs, up to `maxAttempts` attempts; then SinkUnavailableError, so the caller
//   pauses consumption instead of losing the batch. Other errors (bad SQL, bad data) are thrown at
//   once: retrying cannot fix them.
// - Idempotence. On modern servers every insert carries an insert_deduplication_token (a hash of its
//   rows' ids and alert revisions) and the tables keep a deduplication window, so a batch retried
//   after a timeout whose insert had in fact succeeded writes nothing twice. ClickHouse 18.x has
//   neither; there a retried insert does add the same rows again, which is harmless: every table is
//   a ReplacingMergeTree ordered by its id, background merges drop the copies, and every read here
//   (and every analyst query that must be exact) uses FINAL, which collapses them at query time.
// - All SQL the sink writes names its tables with the database (created by migrate); query(sql) runs
//   with the configured database as the current one.
import { type ClickHouseClient, ClickHouseError, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { DomainEvent } from '../../core/events.ts';
import { type Dialect, dialectForVersion } from './dialect.ts';
import { applyMigrations, defaultMigrationsDir, loadMigrations } from './migrations.ts';
import { batchInserts, deduplicationToken, type Row, toJsonValue } from './rows.ts';
import type { EventQuery, OriginBound, Sink, SinkBatch, SinkConfig } from './sink.ts';
import { SinkUnavailableError } from './sink.ts';
import { collectEvents, eventsSelect, latestEventTime, latestEventTimeSelect, queriedKinds } from './sql.ts';

export interface RetryEvent {
  operation: string;
  /** The attempt that failed, from 1. */
  attempt: number;
  delayMs: number;
  error: unknown;
}

export interface ServerSinkOptions {
  /** Attempts per operation before SinkUnavailableError (default 5). */
  maxAttempts?: number;
  /** Called before each wait between attempts (for logs and metrics). */
  onRetry?: (event: RetryEvent) => void;
  /** Where the NNN_name.sql files are (default: migrations/ of this package). */
  migrationsDir?: string;
  /** Environment holding the password named by config.passwordEnv (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Source of jitter in [0, 1) (tests). */
  random?: () => number;
  /**
   * A @clickhouse/client Connection to use instead of HTTP to config.url (the client's experimental
   * hook; tests run this driver on embedded chDB through `chdb/connection` this way).
   */
  connection?: ClientConnection;
}

type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

export const DEFAULT_MAX_ATTEMPTS = 5;

/** Node socket errors worth another attempt. */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

/** ClickHouse error codes meaning "not now": timeouts, overload, network, read-only replicas. */
const TRANSIENT_CLICKHOUSE_CODES = new Set([
  159, // TIMEOUT_EXCEEDED
  164, // READONLY
  202, // TOO_MANY_SIMULTANEOUS_QUERIES
  203, // NO_FREE_CONNECTION
  209, // SOCKET_TIMEOUT
  210, // NETWORK_ERROR
  241, // MEMORY_LIMIT_EXCEEDED
  242, // TABLE_IS_READ_ONLY
  252, // TOO_MANY_PARTS
  279, // ALL_CONNECTION_TRIES_FAILED
  319, // UNKNOWN_STATUS_OF_INSERT
  425, // SYSTEM_ERROR
  999, // KEEPER_EXCEPTION
]);

/** The ClickHouse error code of an error, whether the client parsed it (modern) or not (18.x text). */
function clickhouseCode(error: Error): number | null {
  if (error instanceof ClickHouseError) return Number(error.code);
  const match = /^Code: (\d+)[,.]/.exec(error.message);
  return match ? Number(match[1]) : null;
}

/** Whether another attempt may succeed where this one failed. */
export function isTransientError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && TRANSIENT_NETWORK_CODES.has(code)) return true;
  }
  const chCode = clickhouseCode(error);
  if (chCode !== null) return TRANSIENT_CLICKHOUSE_CODES.has(chCode);
  // Not a ClickHouse exception: the client's own timeout, a dropped socket, or a proxy's 5xx page.
  return /timeout|socket hang up|\b50[0234]\b|bad gateway|service unavailable|gateway time-?out/i.test(
    error.message,
  );
}

/** Delay before attempt `attempt + 1`: initial·2^(attempt-1), capped, with jitter in [½, 1] of it. */
export function backoffDelay(attempt: number, retry: SinkConfig['retry'], random: () => number): number {
  const exponential = retry.initialDelayMs * 2 ** (attempt - 1);
  const capped = Math.min(retry.maxDelayMs, exponential);
  return Math.round(capped / 2 + (random() * capped) / 2);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ClickHouseServerSink implements Sink {
  readonly #config: SinkConfig;
  readonly #maxAttempts: number;
  readonly #onRetry: ((event: RetryEvent) => void) | undefined;
  readonly #migrationsDir: string;
  readonly #random: () => number;
  /** Names no database, so it works before migrate created ours; all its SQL is qualified. */
  readonly #client: ClickHouseClient;
  readonly #password: string | undefined;
  readonly #connection: ClientConnection | undefined;
  /** Bound to the configured database, for query(sql); made on first use. */
  #databaseClient: ClickHouseClient | null = null;
  #dialect: Promise<Dialect> | null = null;
  #closed = false;

  constructor(config: SinkConfig, options: ServerSinkOptions = {}) {
    if (!/^\w+$/.test(config.database))
      throw new Error(`not a database name: ${JSON.stringify(config.database)}`);
    this.#config = config;
    this.#maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    this.#onRetry = options.onRetry;
    this.#migrationsDir = options.migrationsDir ?? defaultMigrationsDir;
    this.#random = options.random ?? Math.random;
    this.#connection = options.connection;
    const env = options.env ?? process.env;
    if (config.passwordEnv !== undefined) {
      const password = env[config.passwordEnv];
      if (password === undefined) throw new Error(`sink password variable ${config.passwordEnv} is not set`);
      this.#password = password;
    }
    this.#client = this.#makeClient('default');
  }

  #makeClient(database: string): ClickHouseClient {
    return createClient({
      url: this.#config.url,
      database,
      username: this.#config.username,
      ...(this.#password === undefined ? {} : { password: this.#password }),
      request_timeout: this.#config.requestTimeoutMs,
      application: 'customs-aml',
      // Failures reach the caller (and onRetry); the client's own error log would repeat them.
      log: { level: ClickHouseLogLevel.OFF },
      // Rows carry exact decimals and 64-bit ints as unquoted number text (see rows.ts JsonNumber).
      json: { stringify: toJsonValue },
      ...(this.#connection === undefined ? {} : { connection: this.#connection }),
    });
  }

  /** Runs `fn` until it succeeds, a non-transient error, or the attempts run out. */
  async #withRetry<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      this.#assertOpen();
      try {
        return await fn();
      } catch (error) {
        if (!isTransientError(error)) throw error;
        if (attempt >= this.#maxAttempts) throw new SinkUnavailableError(operation, attempt, error);
        const delayMs = backoffDelay(attempt, this.#config.retry, this.#random);
        this.#onRetry?.({ operation, attempt, delayMs, error });
        await sleep(delayMs);
      }
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('the ClickHouse sink is closed');
  }

  /** The server's dialect, asked once (again after a failure). */
  dialect(): Promise<Dialect> {
    if (this.#dialect === null) {
      const detected = this.#withRetry('detect server version', async () => {
        const result = await this.#client.query({
          query: 'SELECT version() AS version',
          format: 'JSONEachRow',
        });
        const rows = await result.json<{ version: string }>();
        const version = rows[0]?.version;
        if (version === undefined) throw new Error('SELECT version() returned no row');
        return dialectForVersion(version);
      });
      this.#dialect = detected;
      detected.catch(() => {
        if (this.#dialect === detected) this.#dialect = null;
      });
    }
    return this.#dialect;
  }

  async #select(operation: string, sql: string): Promise<Record<string, unknown>[]> {
    return this.#withRetry(operation, async () => {
      const result = await this.#client.query({ query: sql, format: 'JSONEachRow' });
      return result.json<Record<string, unknown>>();
    });
  }

  async #execute(operation: string, sql: string): Promise<void> {
    await this.#withRetry(operation, () => this.#client.command({ query: sql }));
  }

  async #insert(table: string, rows: Row[], token: string | null): Promise<void> {
    if (rows.length === 0) return;
    await this.#withRetry(`insert into ${table}`, () =>
      this.#client.insert({
        table,
        values: rows,
        format: 'JSONEachRow',
        ...(token === null ? {} : { clickhouse_settings: { insert_deduplication_token: token } }),
      }),
    );
  }

  async migrate(): Promise<string[]> {
    const dialect = await this.dialect();
    const database = this.#config.database;
    return applyMigrations(
      {
        database,
        dialect,
        execute: (sql) => this.#execute('migrate', sql),
        select: (sql) => this.#select('migrate', sql),
        insert: async (table, jsonEachRow) => {
          await this.#execute('migrate', `INSERT INTO ${table} FORMAT JSONEachRow\n${jsonEachRow}`);
        },
      },
      loadMigrations(this.#migrationsDir),
    );
  }

  async write(batch: SinkBatch): Promise<void> {
    if (batch.alerts.length === 0 && batch.events.length === 0) return;
    const dialect = await this.dialect();
    const database = this.#config.database;
    for (const { table, rows, keys } of batchInserts(batch, dialect.dateTime)) {
      const token = dialect.deduplicationToken ? deduplicationToken(table, keys) : null;
      await this.#insert(`${database}.${table}`, rows, token);
    }
  }

  async readEvents(query: EventQuery): Promise<DomainEvent[]> {
    const dialect = await this.dialect();
    const bodies: string[] = [];
    for (const kind of queriedKinds(query)) {
      if (query.origins !== undefined && query.origins.length === 0) break;
      const rows = await this.#select(
        'read events',
        eventsSelect(this.#config.database, kind, query, dialect),
      );
      for (const row of rows) bodies.push(String(row.body));
    }
    return collectEvents(bodies, query);
  }

  async latestEventTime(origins?: OriginBound[]): Promise<number | null> {
    if (origins !== undefined && origins.length === 0) return null;
    const dialect = await this.dialect();
    return latestEventTime(
      await this.#select('latest event time', latestEventTimeSelect(this.#config.database, origins, dialect)),
    );
  }

  async ping(): Promise<boolean> {
    if (this.#closed) return false;
    try {
      const result = await this.#client.ping();
      return result.success;
    } catch {
      return false;
    }
  }

  async query(sql: string): Promise<Record<string, unknown>[]> {
    this.#assertOpen();
    this.#databaseClient ??= this.#makeClient(this.#config.database);
    const client = this.#databaseClient;
    return this.#withRetry('query', async () => {
      const result = await client.query({ query: sql, format: 'JSONEachRow' });
      return result.json<Record<string, unknown>>();
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([this.#client.close(), this.#databaseClient?.close()]);
  }
}
