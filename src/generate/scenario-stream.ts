// A scenario as one stream: the three per-kind lists merged by event time, the way `replay` merges
// the three NDJSON files (take the earliest head; on a tie, declarations before manifests before
// invoices). Each kind keeps its file order, so the few events the scenario writes out of order on
// purpose (hard variants, within the lateness) stay out of order when produced to Kafka too.
import type { EventKind } from '../core/events.ts';
import type { Scenario } from './scenario.ts';

export interface StreamEvent {
  kind: EventKind;
  /** The event's id (declarationId, consignmentId or invoiceId). */
  id: string;
  /** Event time, epoch ms. */
  time: number;
  json: Record<string, unknown>;
}

export const eventIdField: Readonly<Record<EventKind, string>> = {
  declaration: 'declarationId',
  manifest: 'consignmentId',
  invoice: 'invoiceId',
};

export const eventTimeField: Readonly<Record<EventKind, string>> = {
  declaration: 'declaredAt',
  manifest: 'reportedAt',
  invoice: 'declaredAt',
};

const lists = [
  ['declaration', 'declarations'],
  ['manifest', 'manifests'],
  ['invoice', 'invoices'],
] as const satisfies ReadonlyArray<readonly [EventKind, keyof Scenario]>;

export function streamEvent(kind: EventKind, json: Record<string, unknown>): StreamEvent {
  const time = Date.parse(String(json[eventTimeField[kind]]));
  if (Number.isNaN(time)) throw new Error(`${kind} ${String(json[eventIdField[kind]])} has no event time`);
  return { kind, id: String(json[eventIdField[kind]]), time, json };
}

/** All events of the scenario, merged by event time across the kinds. */
export function scenarioStream(
  scenario: Pick<Scenario, 'declarations' | 'manifests' | 'invoices'>,
): StreamEvent[] {
  const sources = lists.map(([kind, list]) => scenario[list].map((json) => streamEvent(kind, json)));
  const heads = sources.map(() => 0);
  const out: StreamEvent[] = [];
  for (;;) {
    let earliest = -1;
    for (let s = 0; s < sources.length; s++) {
      const head = sources[s]![heads[s]!];
      // Strictly earlier only: ties go to the first kind, as in the replay's merge.
      if (head && (earliest < 0 || head.time < sources[earliest]![heads[earliest]!]!.time)) earliest = s;
    }
    if (earliest < 0) return out;
    out.push(sources[earliest]![heads[earliest]!]!);
    heads[earliest] = heads[earliest]! + 1;
  }
}
