// Pacing a stream of events to a constant rate. The schedule is fixed from the start time (event i
// is due i / rate seconds after the start) rather than from the previous send, so slow sends do
// not accumulate drift: a producer that falls behind sends what is overdue at once and catches up.
// The loop sleeps until the next event is due; it never spins.
import { setTimeout as sleepFor } from 'node:timers/promises';

export interface PaceSchedule {
  /** Events per second; null for as fast as possible (everything is due at once). */
  readonly rate: number | null;
  readonly total: number;
  /** Milliseconds after the start at which event `index` (0-based) is due. */
  dueAt(index: number): number;
  /** How many events are due `elapsedMs` after the start: those with dueAt(i) <= elapsedMs. */
  dueBy(elapsedMs: number): number;
}

export function paceSchedule(total: number, rate: number | null): PaceSchedule {
  if (!Number.isInteger(total) || total < 0)
    throw new RangeError(`total must be an integer >= 0, got ${total}`);
  if (rate !== null && !(rate > 0 && Number.isFinite(rate)))
    throw new RangeError(`rate must be a positive number of events per second, got ${rate}`);
  if (rate === null) return { rate, total, dueAt: () => 0, dueBy: () => total };
  const dueAt = (index: number) => (index * 1000) / rate;
  return {
    rate,
    total,
    dueAt,
    dueBy(elapsedMs) {
      if (elapsedMs < 0) return 0;
      // The division may round either way; settle on exactly the events whose dueAt has passed.
      let count = Math.min(total, Math.floor((elapsedMs * rate) / 1000) + 1);
      while (count < total && dueAt(count) <= elapsedMs) count++;
      while (count > 0 && dueAt(count - 1) > elapsedMs) count--;
      return count;
    },
  };
}

/** What the pacing loop does next: send a run of events, or wait. */
export type PaceStep = { send: number } | { waitMs: number } | { done: true };

/**
 * The next step after `sent` events, `elapsedMs` after the start: send what is due (at most
 * `maxBatch`), else wait until the next event is due (whole milliseconds, at least 1).
 */
export function nextPaceStep(
  schedule: PaceSchedule,
  sent: number,
  elapsedMs: number,
  maxBatch: number,
): PaceStep {
  if (sent >= schedule.total) return { done: true };
  const due = schedule.dueBy(elapsedMs);
  if (due > sent) return { send: Math.min(due - sent, Math.max(1, maxBatch)) };
  return { waitMs: Math.max(1, Math.ceil(schedule.dueAt(sent) - elapsedMs)) };
}

export interface PaceClock {
  /** Monotonic milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: PaceClock = {
  now: () => performance.now(),
  sleep: async (ms) => {
    await sleepFor(ms);
  },
};

export interface PacedRun {
  /** From the start to the end of the last send, ms. */
  elapsedMs: number;
  /** Number of send calls. */
  sends: number;
}

/**
 * Runs `send(from, to)` over consecutive ranges of [0, schedule.total) as the schedule makes them
 * due, one send at a time (each awaited before the next, which keeps the order).
 */
export async function runPaced(
  schedule: PaceSchedule,
  send: (from: number, to: number) => Promise<void>,
  options: { maxBatch: number; clock?: PaceClock | undefined },
): Promise<PacedRun> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  let sent = 0;
  let sends = 0;
  for (;;) {
    const step = nextPaceStep(schedule, sent, clock.now() - started, options.maxBatch);
    if ('done' in step) break;
    if ('waitMs' in step) {
      await clock.sleep(step.waitMs);
      continue;
    }
    await send(sent, sent + step.send);
    sent += step.send;
    sends++;
  }
  return { elapsedMs: clock.now() - started, sends };
}
