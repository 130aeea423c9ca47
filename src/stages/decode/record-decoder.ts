// Turns a Kafka record value into a plain value for validation, by the topic's configured encoding:
// 'avro' (Confluent wire format), 'json' (a UTF-8 JSON object) or 'auto' (by the first byte).
import type { EventKind } from '../../core/events.ts';
import { type RecordError, recordError } from '../../core/record-error.ts';
import { type AvroDecoderOptions, createAvroDecoder } from './avro-decoder.ts';
import { decodeJson } from './json-decoder.ts';
import { MAGIC_BYTE } from './wire-format.ts';

export type TopicEncoding = 'avro' | 'json' | 'auto';

export interface RecordDecoderOptions {
  /** Needed when a topic may carry Avro ('avro' always, 'auto' when Avro records arrive). */
  registryUrl?: string | undefined;
  registryAuth?: AvroDecoderOptions['auth'];
  /** Encoding by topic name. */
  encodings: Readonly<Record<string, TopicEncoding>>;
  /** Event kind by topic name. */
  topicKinds: Readonly<Record<string, EventKind>>;
}

export type DecodedRecord =
  | { ok: true; kind: EventKind; value: unknown; encoding: 'avro' | 'json'; schemaId?: number }
  | { ok: false; error: RecordError };

export interface RecordDecoder {
  /**
   * Never throws for bad input: it returns an error. Throws SchemaRegistryUnavailableError only when
   * the registry cannot be asked, which is not the record's fault.
   */
  decode(topic: string, value: Buffer | null): Promise<DecodedRecord>;
}

const OPEN_BRACE = 0x7b;

export function createRecordDecoder(options: RecordDecoderOptions): RecordDecoder {
  const encodings = new Map(Object.entries(options.encodings));
  const kinds = new Map(Object.entries(options.topicKinds));
  for (const [topic, encoding] of encodings) {
    if (!kinds.has(topic)) throw new Error(`topic ${topic} has an encoding but no event kind`);
    if (encoding === 'avro' && !options.registryUrl) {
      throw new Error(`topic ${topic} is read as Avro but no schema registry URL is configured`);
    }
  }
  const avro = options.registryUrl
    ? createAvroDecoder({ registryUrl: options.registryUrl, auth: options.registryAuth })
    : null;

  async function decodeAvro(kind: EventKind, value: Buffer): Promise<DecodedRecord> {
    if (!avro) {
      return {
        ok: false,
        error: recordError(
          'decode',
          'no-schema-registry',
          'an Avro record arrived but no schema registry is configured',
        ),
      };
    }
    const decoded = await avro.decode(kind, value);
    if (!decoded.ok) return decoded;
    return { ok: true, kind, value: decoded.value.value, encoding: 'avro', schemaId: decoded.value.schemaId };
  }

  function decodeJsonRecord(kind: EventKind, value: Buffer): DecodedRecord {
    const decoded = decodeJson(value);
    return decoded.ok ? { ok: true, kind, value: decoded.value, encoding: 'json' } : decoded;
  }

  return {
    async decode(topic, value) {
      const kind = kinds.get(topic);
      if (kind === undefined) {
        return {
          ok: false,
          error: recordError('internal', 'unknown-topic', `topic ${topic} is not configured`),
        };
      }
      if (value === null || value.length === 0) {
        return { ok: false, error: recordError('decode', 'empty-record', 'the record has no value') };
      }
      const encoding = encodings.get(topic) ?? 'auto';
      if (encoding === 'avro') return decodeAvro(kind, value);
      if (encoding === 'json') return decodeJsonRecord(kind, value);
      const first = firstSignificantByte(value);
      if (value[0] === MAGIC_BYTE) return decodeAvro(kind, value);
      if (first === OPEN_BRACE) return decodeJsonRecord(kind, value);
      return {
        ok: false,
        error: recordError(
          'decode',
          'unknown-encoding',
          'the record is neither Confluent-framed Avro (first byte 0) nor a JSON object (first character {)',
        ),
      };
    },
  };
}

// JSON may start with a UTF-8 byte order mark or whitespace before its opening brace.
function firstSignificantByte(value: Buffer): number | undefined {
  let i = value[0] === 0xef && value[1] === 0xbb && value[2] === 0xbf ? 3 : 0;
  while (
    i < value.length &&
    (value[i] === 0x20 || value[i] === 0x09 || value[i] === 0x0a || value[i] === 0x0d)
  )
    i++;
  return value[i];
}
