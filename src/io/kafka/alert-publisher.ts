// Alerts on Kafka for case-management systems and partner administrations: Avro (Confluent wire
// format, schema from the registry under `<topic>-value`), keyed by entity so one entity's alerts
// stay in order on one partition. Delivery is at least once; consumers deduplicate by alertId.
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Producer } from 'kafkajs';
import type { Alert, AlertPublisher } from '../../core/alert.ts';
import { chunkBySize } from '../../core/chunks.ts';
import { formatDecimal } from '../../core/money.ts';

/** The Avro record of an alert (schemas/alert.avsc). */
export function alertToAvro(alert: Alert): Record<string, unknown> {
  return {
    alertId: alert.alertId,
    ruleId: alert.ruleId,
    ruleVersion: alert.ruleVersion,
    typology: alert.typology,
    revision: alert.revision,
    severity: alert.severity,
    score: alert.score,
    entityType: alert.entityType,
    entityKey: alert.entityKey,
    eventIds: alert.eventIds,
    eventTime: alert.eventTime,
    detectedAt: alert.detectedAt,
    reportingCountry: alert.reportingCountry,
    countries: alert.countries,
    hsCode: alert.hsCode ?? null,
    amountUsd: alert.amountUsd === undefined ? null : formatDecimal(alert.amountUsd, 2),
    explanation: alert.explanation,
    evidence: JSON.stringify(alert.evidence, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
  };
}

export class KafkaAlertPublisher implements AlertPublisher {
  readonly #producer: Producer;
  readonly #registry: SchemaRegistry;
  readonly #topic: string;
  #schemaId: number | null = null;

  constructor(producer: Producer, registry: SchemaRegistry, topic: string) {
    this.#producer = producer;
    this.#registry = registry;
    this.#topic = topic;
  }

  async publish(alerts: readonly Alert[]): Promise<void> {
    if (alerts.length === 0) return;
    if (this.#schemaId === null) {
      const id = await this.#registry.getLatestSchemaId(`${this.#topic}-value`);
      // Fetched and compiled once here: the registry client caches it only after its first fetch
      // resolves, so encoding a whole batch concurrently would otherwise fetch it once per alert.
      await this.#registry.getSchema(id);
      this.#schemaId = id;
    }
    const schemaId = this.#schemaId;
    const messages = await Promise.all(
      alerts.map(async (alert) => ({
        key: `${alert.entityType}:${alert.entityKey}`,
        value: await this.#registry.encode(schemaId, alertToAvro(alert)),
        headers: {
          'customs-aml.alert-id': alert.alertId,
          'customs-aml.rule': `${alert.ruleId}@${alert.ruleVersion}`,
        },
      })),
    );
    for (const chunk of chunkBySize(messages))
      await this.#producer.send({ topic: this.#topic, acks: -1, messages: chunk });
  }

  async close(): Promise<void> {}
}
