// Registers the Avro schemas under the TopicNameStrategy subjects `<topic>-value`, so producers
// and this service's readers agree on them. Registering an unchanged schema is a no-op that
// returns the existing id; an incompatible change is refused by the registry.
import { type COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import {
  type AvroRecordSchema,
  alertAvroSchema,
  eventAvroSchemas,
} from '../../stages/decode/avro-schemas.ts';

export interface SchemaTopics {
  declarations: string;
  manifests: string;
  invoices: string;
  /** null when alerts are not produced to Kafka: nothing is registered for them. */
  alerts: string | null;
}

export interface RegisteredSubject {
  subject: string;
  id: number;
}

export interface RegisterOptions {
  auth?: { username: string; password: string } | undefined;
  /**
   * Compatibility level set on a subject that has none yet. A subject that already has a level
   * (its own, or the registry's default) keeps it: that is the registry operator's decision.
   * Default BACKWARD (new readers read old data).
   */
  compatibility?: `${COMPATIBILITY}` | undefined;
}

/** `<topic>-value`: the Confluent TopicNameStrategy subject of a topic's record values. */
export function valueSubject(topic: string): string {
  return `${topic}-value`;
}

export async function registerSchemas(
  registryUrl: string,
  topics: SchemaTopics,
  options: RegisterOptions = {},
): Promise<RegisteredSubject[]> {
  const registry = new SchemaRegistry(
    options.auth ? { host: registryUrl, auth: options.auth } : { host: registryUrl },
  );
  const wantedLevel = options.compatibility ?? 'BACKWARD';
  const wanted: [string | null, AvroRecordSchema][] = [
    [topics.declarations, eventAvroSchemas.declaration],
    [topics.manifests, eventAvroSchemas.manifest],
    [topics.invoices, eventAvroSchemas.invoice],
    [topics.alerts, alertAvroSchema],
  ];
  const registered: RegisteredSubject[] = [];
  for (const [topic, schema] of wanted) {
    if (topic === null) continue;
    const subject = valueSubject(topic);
    try {
      // The client refuses a subject whose level differs from the one it is given, so it is given
      // the level the subject already has, and ours only for a subject without one.
      const existingLevel = await subjectCompatibility(registryUrl, subject, options.auth);
      const compatibility = (existingLevel ?? wantedLevel) as COMPATIBILITY;
      const { id } = await registry.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
        { subject, compatibility },
      );
      registered.push({ subject, id });
    } catch (error) {
      throw new Error(`registering ${schema.name} under ${subject} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  return registered;
}

/** The subject's compatibility level, or null when it has none of its own (HTTP 404). */
async function subjectCompatibility(
  registryUrl: string,
  subject: string,
  auth: RegisterOptions['auth'],
): Promise<string | null> {
  const headers: Record<string, string> = {
    accept: 'application/vnd.schemaregistry.v1+json, application/json',
  };
  if (auth)
    headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  const url = `${registryUrl.replace(/\/+$/, '')}/config/${encodeURIComponent(subject)}`;
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`reading the compatibility level answered HTTP ${response.status}`);
  const body = (await response.json()) as { compatibilityLevel?: unknown; compatibility?: unknown };
  const level = body.compatibilityLevel ?? body.compatibility;
  return typeof level === 'string' ? level.toUpperCase() : null;
}
