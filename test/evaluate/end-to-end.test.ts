// One generated scenario of a few thousand events through the shipped config and the embedded
// store: every typology must be found in most of its planted cases.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { evaluateSeed } from '../../src/evaluate/run-evaluation.ts';
import { defaultScenarioStart } from '../../src/generate/scenario.ts';

describe('evaluate end to end', () => {
  it('finds the planted cases of every typology on a small scenario', async () => {
    const run = await evaluateSeed({
      seed: 11,
      events: 2_500,
      start: defaultScenarioStart,
      config: loadConfig({ dir: 'config' }),
    });
    expect(run.rejected).toBe(0);
    expect(run.read).toBe(run.truth.events);
    // Threshold: at most one missed case per typology (two cases per family at this size, so one
    // hard case may slip); more points at a rule or generator regression.
    const typologies = new Set(run.truth.cases.map((c) => c.typology));
    for (const typology of typologies) {
      const cases = run.truth.cases.filter((c) => c.typology === typology);
      const score = run.evaluation.byTypology[typology]!;
      expect(score.cases).toBe(cases.length);
      expect(score.found, typology).toBeGreaterThanOrEqual(cases.length - 1);
    }
    expect(run.evaluation.overall.precision).toBeGreaterThanOrEqual(0.8);
  }, 60_000);
});
