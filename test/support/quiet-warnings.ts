// Test workers use kafkajs, which on Node >= 23 schedules a harmless negative timeout; the service
// silences that warning the same way (src/io/kafka/kafka-client.ts).
import { silenceKafkajsTimeoutWarning } from '../../src/io/kafka/kafka-client.ts';

silenceKafkajsTimeoutWarning();
