// Avro record values in the Confluent wire format. The writer schema is fetched by id from the
// schema registry (once per id) and resolved to the service's reader schema for the topic's event
// kind, so records written with an older or newer compatible schema version still decode.
import avro, { type Type } from 'avsc';
import type { EventKind } from '../../core/events.ts';
import { type RecordError, type RecordResult, recordError } from '../../core/record-error.ts';
import { eventAvroTypes } from './avro-schemas.ts';
import { parseFrame } from './wire-format.ts';

type Resolver = ReturnType<Type['createResolver']>;

/**
 * The registry could not be asked (network, authentication, server error, wrong URL). Not the
 * record's fault: the caller should pause and retry rather than dead-letter the record.
 */
export class SchemaRegistryUnavailableError extends Error {
  override readonly name = 'SchemaRegistryUnavailableError';
}

export interface AvroDecoderOptions {
  /** Base URL of the Confluent-compatible API, e.g. http://127.0.0.1:8081/apis/ccompat/v7. */
  registryUrl: string;
  auth?: { username: string; password: string } | undefined;
  /** Reader types by event kind; the schemas/*.avsc types by default. */
  readerTypes?: Readonly<Record<EventKind, Type>> | undefined;
  /** How long an id the registry does not know stays "unknown" before it is asked again. Default 60 s. */
  unknownIdRetryMs?: number | undefined;
  /** Per-request timeout. Default 10 s. */
  requestTimeoutMs?: number | undefined;
}

export interface AvroDecoded {
  schemaId: number;
  value: unknown;
}

export interface AvroDecoder {
  /**
   * Decodes a framed Avro value as an event of `kind`. Bad input gives an error result; only an
   * unreachable registry throws (SchemaRegistryUnavailableError).
   */
  decode(kind: EventKind, value: Buffer): Promise<RecordResult<AvroDecoded>>;
}

type WriterEntry = { ok: true; type: Type } | { ok: false; error: RecordError; until: number };

export function createAvroDecoder(options: AvroDecoderOptions): AvroDecoder {
  const baseUrl = options.registryUrl.replace(/\/+$/, '');
  const readerTypes = options.readerTypes ?? eventAvroTypes;
  const unknownIdRetryMs = options.unknownIdRetryMs ?? 60_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const headers: Record<string, string> = {
    accept: 'application/vnd.schemaregistry.v1+json, application/json',
  };
  if (options.auth) {
    const token = Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64');
    headers.authorization = `Basic ${token}`;
  }

  // In-flight and settled look-ups share one promise per id, so a burst of records asks once.
  const writers = new Map<number, Promise<WriterEntry>>();
  const resolvers = new Map<string, { ok: true; resolver: Resolver } | { ok: false; error: RecordError }>();

  async function fetchWriter(schemaId: number): Promise<WriterEntry> {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/schemas/ids/${schemaId}`, {
        headers,
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
    } catch (error) {
      throw new SchemaRegistryUnavailableError(
        `schema registry request failed: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (response.status === 404 && errorCode(body) === 40403) {
      return {
        ok: false,
        error: recordError(
          'decode',
          'unknown-schema-id',
          `the schema registry has no schema with id ${schemaId}`,
        ),
        until: Date.now() + unknownIdRetryMs,
      };
    }
    if (!response.ok) {
      throw new SchemaRegistryUnavailableError(
        `schema registry answered HTTP ${response.status} for schema id ${schemaId} (check the URL and credentials)`,
      );
    }
    const found = body as { schema?: unknown; schemaType?: unknown; references?: unknown } | undefined;
    const schemaType = found?.schemaType ?? 'AVRO';
    if (schemaType !== 'AVRO') {
      return permanent(
        'unsupported-schema-type',
        `schema id ${schemaId} is a ${String(schemaType)} schema, not Avro`,
      );
    }
    if (Array.isArray(found?.references) && found.references.length > 0) {
      return permanent(
        'unsupported-schema',
        `schema id ${schemaId} uses schema references, which are not supported`,
      );
    }
    if (typeof found?.schema !== 'string') {
      return permanent(
        'invalid-writer-schema',
        `the registry's answer for schema id ${schemaId} holds no schema`,
      );
    }
    try {
      return { ok: true, type: avro.Type.forSchema(JSON.parse(found.schema)) };
    } catch (error) {
      return permanent(
        'invalid-writer-schema',
        `schema id ${schemaId} is not a valid Avro schema: ${(error as Error).message}`,
      );
    }
  }

  function permanent(reason: string, message: string): WriterEntry {
    // Registered schemas never change, so a schema this service cannot read stays unreadable.
    return { ok: false, error: recordError('decode', reason, message), until: Number.POSITIVE_INFINITY };
  }

  async function writerType(schemaId: number): Promise<WriterEntry> {
    const cached = writers.get(schemaId);
    if (cached) {
      const entry = await cached;
      if (entry.ok || entry.until > Date.now()) return entry;
      if (writers.get(schemaId) !== cached) return writerType(schemaId);
    }
    const pending = fetchWriter(schemaId);
    writers.set(schemaId, pending);
    // A failed request is not remembered: the next record asks again.
    pending.catch(() => {
      if (writers.get(schemaId) === pending) writers.delete(schemaId);
    });
    return pending;
  }

  function resolverFor(kind: EventKind, schemaId: number, writer: Type) {
    const key = `${schemaId}:${kind}`;
    let entry = resolvers.get(key);
    if (entry === undefined) {
      try {
        entry = { ok: true, resolver: readerTypes[kind].createResolver(writer) };
      } catch (error) {
        // avsc's message here names schema types, never record content.
        const message = `writer schema id ${schemaId} cannot be read as a ${kind}: ${(error as Error).message}`;
        entry = { ok: false, error: recordError('decode', 'incompatible-schema', message) };
      }
      resolvers.set(key, entry);
    }
    return entry;
  }

  return {
    async decode(kind, value) {
      const parsed = parseFrame(value);
      if (!parsed.ok)
        return { ok: false, error: recordError('decode', parsed.error.reason, parsed.error.message) };
      const { schemaId, body } = parsed.frame;
      const writer = await writerType(schemaId);
      if (!writer.ok) return { ok: false, error: writer.error };
      const resolved = resolverFor(kind, schemaId, writer.type);
      if (!resolved.ok) return resolved;
      try {
        return {
          ok: true,
          value: { schemaId, value: readerTypes[kind].fromBuffer(body, resolved.resolver) },
        };
      } catch {
        return {
          ok: false,
          error: recordError(
            'decode',
            'invalid-avro',
            `the record body does not match writer schema id ${schemaId}`,
          ),
        };
      }
    },
  };
}

function errorCode(body: unknown): unknown {
  return typeof body === 'object' && body !== null
    ? (body as { error_code?: unknown }).error_code
    : undefined;
}
