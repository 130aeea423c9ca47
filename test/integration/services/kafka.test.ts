import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { expect, it } from 'vitest';
import { describeWithServices, services } from '../../support/integration.ts';

describeWithServices('Kafka (KRaft)', () => {
  it('delivers a produced message to a consumer group member', async () => {
    const kafka = new Kafka({
      clientId: 'smoke',
      brokers: services().kafkaBrokers.split(','),
      logLevel: logLevel.NOTHING,
    });
    const topic = `smoke-${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k1', value: 'declaration-1' }] });
    const consumer = kafka.consumer({ groupId: `smoke-group-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<{ key: string; value: string }>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) =>
          resolve({ key: String(message.key), value: String(message.value) }),
      });
    });
    const offsets = await admin.fetchTopicOffsets(topic);
    await Promise.all([consumer.disconnect(), producer.disconnect()]);
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
    expect(received).toEqual({ key: 'k1', value: 'declaration-1' });
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(1);
  });
});
