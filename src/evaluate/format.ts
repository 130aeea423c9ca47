// Text tables of an evaluation: per rule, per typology, per family, overall.

import type { Score } from './match.ts';
import type { EvaluationRun } from './run-evaluation.ts';

const pct = (x: number | null) => (x === null ? '   -' : x.toFixed(2));

function scoreLine(name: string, s: Score, width: number): string {
  return `  ${name.padEnd(width)}  alerts ${String(s.alerts).padStart(4)}  precision ${pct(s.precision)}  cases ${String(s.cases).padStart(3)}  recall ${pct(s.recall)}`;
}

export function formatRun(run: EvaluationRun): string {
  const e = run.evaluation;
  const width = Math.max(...Object.keys(e.byRule).map((k) => k.length), 12);
  const lines = [
    `seed ${run.seed}: ${run.truth.events} events (${run.truth.counts.declarations} declarations, ${run.truth.counts.manifests} manifests, ${run.truth.counts.invoices} invoices), ${run.truth.cases.length} planted cases; read ${run.read}, rejected ${run.rejected}; replay ${(run.replayMs / 1000).toFixed(1)} s`,
    'by rule:',
    ...Object.entries(e.byRule).map(([k, s]) => scoreLine(k, s, width)),
    'by typology:',
    ...Object.entries(e.byTypology).map(([k, s]) => scoreLine(k, s, width)),
    `false alerts: ${e.falseAlerts} (${e.falseAlertsPer10k.toFixed(2)} per 10,000 clean events, ${e.cleanEvents} clean events)`,
    `overall: alerts ${e.overall.alerts}, precision ${pct(e.overall.precision)}, cases ${e.overall.cases}, recall ${pct(e.overall.recall)}`,
  ];
  for (const m of e.missed) lines.push(`  missed ${m.id} ${m.family} (${m.difficulty}): ${m.description}`);
  return lines.join('\n');
}

/** Totals over several runs: alerts, true positives, cases and found are summed. */
export function formatTotals(runs: readonly EvaluationRun[]): string {
  const sum = (f: (r: EvaluationRun) => number) => runs.reduce((s, r) => s + f(r), 0);
  const alerts = sum((r) => r.evaluation.overall.alerts);
  const tp = sum((r) => r.evaluation.overall.truePositives);
  const cases = sum((r) => r.evaluation.overall.cases);
  const found = sum((r) => r.evaluation.overall.found);
  const fa = sum((r) => r.evaluation.falseAlerts);
  const clean = sum((r) => r.evaluation.cleanEvents);
  return `all ${runs.length} seeds: alerts ${alerts}, precision ${pct(alerts ? tp / alerts : null)}, cases ${cases}, recall ${pct(cases ? found / cases : null)}, false alerts per 10,000 clean events ${clean ? ((fa * 10_000) / clean).toFixed(2) : '-'}`;
}
