import { loadConfig } from '../../config/load.ts';
import { formatRun, formatTotals } from '../../evaluate/format.ts';
import { type EvaluationRun, evaluateSeed } from '../../evaluate/run-evaluation.ts';
import { defaultScenarioEvents } from '../../generate/scenario.ts';
import { type Command, UsageError } from '../command.ts';
import { configOption, parse } from '../options.ts';
import { parseInteger, parseStart } from './generate.ts';

export const evaluateCommand: Command = {
  summary: 'generate scenarios, replay them and report precision and recall against the ground truth',
  usage: 'customs-aml evaluate --seed N[,N...] [--events N] [--start YYYY-MM-DD] [--config DIR] [--json]',
  async run(args) {
    const { values } = parse(args, {
      seed: { type: 'string' },
      events: { type: 'string' },
      start: { type: 'string' },
      json: { type: 'boolean' },
      ...configOption,
    });
    if (values.seed === undefined) throw new UsageError('--seed is required (e.g. --seed 1,2,3)');
    const seeds = values.seed.split(',').map((s) => parseInteger('seed', s.trim(), 0));
    const events = parseInteger('events', values.events, defaultScenarioEvents, 500);
    const start = parseStart(values.start);
    const config = loadConfig({ dir: values.config });
    const runs: EvaluationRun[] = [];
    for (const seed of seeds) {
      const run = await evaluateSeed({ seed, events, start, config });
      runs.push(run);
      if (!values.json) console.log(`${formatRun(run)}\n`);
    }
    if (values.json) {
      console.log(
        JSON.stringify({
          runs: runs.map((r) => ({
            seed: r.seed,
            events: r.truth.events,
            cases: r.truth.cases.length,
            read: r.read,
            rejected: r.rejected,
            replayMs: Math.round(r.replayMs),
            ...r.evaluation,
            missed: r.evaluation.missed.map((m) => ({
              id: m.id,
              family: m.family,
              difficulty: m.difficulty,
              eventIds: m.eventIds,
            })),
          })),
        }),
      );
    } else if (runs.length > 1) console.log(formatTotals(runs));
    return 0;
  },
};
