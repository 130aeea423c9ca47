import { loadConfig } from '../../config/load.ts';
import { createLogger } from '../../core/logger.ts';
import { produceScenario } from '../../generate/kafka-producer.ts';
import { defaultScenarioEvents, defaultScenarioStart, generateScenario } from '../../generate/scenario.ts';
import { writeGroundTruth, writeScenario } from '../../generate/write-scenario.ts';
import { silenceKafkajsTimeoutWarning } from '../../io/kafka/kafka-client.ts';
import { type Command, UsageError } from '../command.ts';
import { configOption, parse } from '../options.ts';

export function parseInteger(name: string, text: string | undefined, fallback: number, min = 0): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min)
    throw new UsageError(`--${name} wants an integer >= ${min}, got ${text}`);
  return Number(text);
}

export function parseStart(text: string | undefined): number {
  if (text === undefined) return defaultScenarioStart;
  const ms = Date.parse(/T/.test(text) ? text : `${text}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new UsageError(`--start wants a date (YYYY-MM-DD), got ${text}`);
  return ms;
}

/** --rate: events per second, a positive number (decimals allowed, e.g. 0.5); absent: unpaced. */
export function parseRate(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (!/^\d+(\.\d+)?$/.test(text) || !(Number(text) > 0))
    throw new UsageError(`--rate wants a number of events per second > 0, got ${text}`);
  return Number(text);
}

const round = (value: number) => (value >= 100 ? Math.round(value).toLocaleString('en') : value.toFixed(1));

export const generateCommand: Command = {
  summary:
    'generate seeded scenario streams (ordinary traffic plus planted cases) and their ground truth, to files or Kafka',
  usage:
    'customs-aml generate --seed N [--events N] [--out DIR] [--start YYYY-MM-DD] [--kafka [--rate EVENTS_PER_S] [--topic-prefix P] [--config DIR]]',
  async run(args) {
    const { values } = parse(args, {
      seed: { type: 'string' },
      events: { type: 'string' },
      out: { type: 'string', default: 'scenario' },
      start: { type: 'string' },
      kafka: { type: 'boolean', default: false },
      rate: { type: 'string' },
      'topic-prefix': { type: 'string' },
      ...configOption,
    });
    if (values.seed === undefined) throw new UsageError('--seed is required');
    const seed = parseInteger('seed', values.seed, 0);
    const events = parseInteger('events', values.events, defaultScenarioEvents, 500);
    const rate = parseRate(values.rate);
    if (!values.kafka && (values.rate !== undefined || values['topic-prefix'] !== undefined))
      throw new UsageError('--rate and --topic-prefix apply only with --kafka');
    const scenario = generateScenario({ seed, events, start: parseStart(values.start) });
    const { counts, cases, start, end } = scenario.truth;
    if (!values.kafka) {
      writeScenario(values.out, scenario);
      console.log(
        `wrote ${values.out}: ${counts.declarations} declarations, ${counts.manifests} manifests, ${counts.invoices} invoices (${start} to ${end}); ${cases.length} planted cases in ground-truth.json`,
      );
      return 0;
    }
    const config = loadConfig({ dir: values.config });
    if (!config.kafka) throw new UsageError('--kafka needs a kafka block in the config (or KAFKA_BROKERS)');
    if (!config.schemaRegistry)
      throw new UsageError('--kafka needs schemaRegistry.url in the config (or SCHEMA_REGISTRY_URL)');
    silenceKafkajsTimeoutWarning();
    // The ground truth first: it is what the alerts of the produced events are matched against.
    const truthPath = writeGroundTruth(values.out, scenario.truth);
    const summary = await produceScenario(scenario, {
      config,
      topicPrefix: values['topic-prefix'],
      rate,
      logger: createLogger({ level: process.env.CUSTOMS_AML_LOG_LEVEL ?? 'warn' }),
    });
    const perTopic = summary.perTopic.map(({ topic, events: n }) => `${topic} ${n}`).join(', ');
    const achieved = summary.achievedRate === null ? 'n/a' : `${round(summary.achievedRate)} events/s`;
    const asked = summary.requestedRate === null ? 'unpaced' : `asked ${round(summary.requestedRate)}/s`;
    console.log(
      `produced ${summary.events} events in ${(summary.elapsedMs / 1000).toFixed(1)} s (${achieved}, ${asked}): ${perTopic}; ${cases.length} planted cases in ${truthPath}`,
    );
    return 0;
  },
};
