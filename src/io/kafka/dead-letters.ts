// Dead letters on Kafka: `<source topic><suffix>` (default `.dlq`), the original bytes as value so
// an operator can fix and re-publish, and headers that say why and where it came from.
import type { Producer } from 'kafkajs';
import { chunkBySize } from '../../core/chunks.ts';
import { type DeadLetterWriter, deadLetterHeaders } from '../../core/dead-letters.ts';
import type { DeadLetter } from '../../core/records.ts';

export class KafkaDeadLetters implements DeadLetterWriter {
  readonly #producer: Producer;
  readonly #suffix: string;

  constructor(producer: Producer, suffix: string) {
    this.#producer = producer;
    this.#suffix = suffix;
  }

  async write(deadLetters: readonly DeadLetter[]): Promise<void> {
    if (deadLetters.length === 0) return;
    const byTopic = new Map<string, DeadLetter[]>();
    for (const letter of deadLetters) {
      const topic = `${letter.origin.topic}${this.#suffix}`;
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), letter]);
    }
    for (const [topic, letters] of byTopic) {
      const messages = letters.map((letter) => ({ value: letter.value, headers: headersOf(letter) }));
      for (const chunk of chunkBySize(messages))
        await this.#producer.send({ topic, acks: -1, messages: chunk });
    }
  }

  async close(): Promise<void> {}
}

export function headersOf(letter: DeadLetter): Record<string, string> {
  const headers: Record<string, string> = {
    [deadLetterHeaders.stage]: letter.error.stage,
    [deadLetterHeaders.reason]: letter.error.reason,
    [deadLetterHeaders.message]: letter.error.message,
    [deadLetterHeaders.topic]: letter.origin.topic,
    [deadLetterHeaders.partition]: String(letter.origin.partition),
    [deadLetterHeaders.offset]: letter.origin.offset,
  };
  if (letter.error.field !== undefined) headers[deadLetterHeaders.field] = letter.error.field;
  return headers;
}
