// Matching alerts to the ground truth. An alert hits a case when it shares an event id with the
// case and has the case's typology. A case is found (recall) for a typology when some alert hits
// it; for a rule when an alert of that rule hits it. An alert is a true positive when it hits any
// case; otherwise it is a false alert.
import type { PlantedCase } from '../generate/ground-truth.ts';

export interface AlertRow {
  ruleId: string;
  typology: string;
  eventIds: readonly string[];
}

export interface Score {
  /** Alerts (for precision) and cases (for recall) counted. */
  alerts: number;
  truePositives: number;
  precision: number | null;
  cases: number;
  found: number;
  recall: number | null;
}

export interface Evaluation {
  overall: Score;
  byRule: Record<string, Score>;
  byTypology: Record<string, Score>;
  byFamily: Record<string, { cases: number; found: number; recall: number | null }>;
  falseAlerts: number;
  cleanEvents: number;
  falseAlertsPer10k: number;
  missed: PlantedCase[];
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
const empty = (): Score => ({
  alerts: 0,
  truePositives: 0,
  precision: null,
  cases: 0,
  found: 0,
  recall: null,
});

export function evaluateAlerts(
  cases: readonly PlantedCase[],
  alerts: readonly AlertRow[],
  totalEvents: number,
): Evaluation {
  const casesByEvent = new Map<string, PlantedCase[]>();
  for (const c of cases)
    for (const id of c.eventIds) casesByEvent.set(id, [...(casesByEvent.get(id) ?? []), c]);
  const caseEvents = new Set(casesByEvent.keys());

  const byRule: Record<string, Score> = {};
  const byTypology: Record<string, Score> = {};
  const rule = (id: string) => (byRule[id] ??= empty());
  const typ = (id: string) => (byTypology[id] ??= empty());
  const foundBy = new Map<PlantedCase, { typology: boolean; rules: Set<string> }>(
    cases.map((c) => [c, { typology: false, rules: new Set<string>() }]),
  );

  let tp = 0;
  for (const alert of alerts) {
    const hits = new Set<PlantedCase>();
    for (const id of alert.eventIds)
      for (const c of casesByEvent.get(id) ?? []) if (c.typology === alert.typology) hits.add(c);
    for (const c of hits) {
      const f = foundBy.get(c)!;
      f.typology = true;
      f.rules.add(alert.ruleId);
    }
    const hit = hits.size > 0;
    if (hit) tp++;
    for (const s of [rule(alert.ruleId), typ(alert.typology)]) {
      s.alerts++;
      if (hit) s.truePositives++;
    }
  }

  const byFamily: Evaluation['byFamily'] = {};
  const missed: PlantedCase[] = [];
  for (const c of cases) {
    const f = foundBy.get(c)!;
    const t = typ(c.typology);
    t.cases++;
    if (f.typology) t.found++;
    else missed.push(c);
    for (const r of c.expectedRuleIds) {
      const s = rule(r);
      s.cases++;
      if (f.rules.has(r)) s.found++;
    }
    const fam = byFamily[c.family] ?? { cases: 0, found: 0, recall: null };
    byFamily[c.family] = fam;
    fam.cases++;
    if (f.typology) fam.found++;
  }
  for (const s of [...Object.values(byRule), ...Object.values(byTypology)]) {
    s.precision = ratio(s.truePositives, s.alerts);
    s.recall = ratio(s.found, s.cases);
  }
  for (const f of Object.values(byFamily)) f.recall = ratio(f.found, f.cases);

  const found = cases.length - missed.length;
  const cleanEvents = totalEvents - caseEvents.size;
  const falseAlerts = alerts.length - tp;
  return {
    overall: {
      alerts: alerts.length,
      truePositives: tp,
      precision: ratio(tp, alerts.length),
      cases: cases.length,
      found,
      recall: ratio(found, cases.length),
    },
    byRule: sortKeys(byRule),
    byTypology: sortKeys(byTypology),
    byFamily: sortKeys(byFamily),
    falseAlerts,
    cleanEvents,
    falseAlertsPer10k: cleanEvents === 0 ? 0 : (falseAlerts * 10_000) / cleanEvents,
    missed,
  };
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
