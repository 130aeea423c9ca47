import { defaultScenarioEvents, defaultScenarioStart, generateScenario } from '../../generate/scenario.ts';
import { writeScenario } from '../../generate/write-scenario.ts';
import { type Command, UsageError } from '../command.ts';
import { parse } from '../options.ts';

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

export const generateCommand: Command = {
  summary: 'generate seeded scenario streams (ordinary traffic plus planted cases) and their ground truth',
  usage: 'customs-aml generate --seed N [--events N] [--out DIR] [--start YYYY-MM-DD]',
  async run(args) {
    const { values } = parse(args, {
      seed: { type: 'string' },
      events: { type: 'string' },
      out: { type: 'string', default: 'scenario' },
      start: { type: 'string' },
    });
    if (values.seed === undefined) throw new UsageError('--seed is required');
    const seed = parseInteger('seed', values.seed, 0);
    const events = parseInteger('events', values.events, defaultScenarioEvents, 500);
    const scenario = generateScenario({ seed, events, start: parseStart(values.start) });
    writeScenario(values.out, scenario);
    const { counts, cases, start, end } = scenario.truth;
    console.log(
      `wrote ${values.out}: ${counts.declarations} declarations, ${counts.manifests} manifests, ${counts.invoices} invoices (${start} to ${end}); ${cases.length} planted cases in ground-truth.json`,
    );
    return 0;
  },
};
