// Makes a step's output durable: alerts and events in the sink, dead letters, and alerts on the
// alert topic. Retries with capped exponential backoff until all succeed or shutdown is asked;
// the caller commits offsets only after this resolves.
import type { AlertPublisher } from '../core/alert.ts';
import type { DeadLetterWriter } from '../core/dead-letters.ts';
import type { Logger } from '../core/logger.ts';
import type { StepOutput } from '../core/records.ts';
import type { Sink } from '../io/clickhouse/sink.ts';

export interface DurableOutputs {
  sink: Sink;
  deadLetters: DeadLetterWriter;
  alertPublisher?: AlertPublisher | undefined;
}

export interface WriteOptions {
  initialDelayMs: number;
  maxDelayMs: number;
  logger?: Logger | undefined;
  signal?: AbortSignal | undefined;
  /** Called when a write failed and the writer starts waiting (e.g. pause consumption). */
  onUnavailable?: ((error: Error) => void) | undefined;
  /** Called when writes succeed again after a failure (e.g. resume consumption). */
  onRecovered?: (() => void) | undefined;
  /** Called after every failed attempt (e.g. count it in metrics). */
  onAttemptFailed?: ((error: Error) => void) | undefined;
  /** Called while waiting, so a Kafka consumer keeps its group membership. */
  heartbeat?: (() => Promise<void>) | undefined;
}

export class ShutdownError extends Error {
  constructor() {
    super('shutdown requested before the output was durable');
    this.name = 'ShutdownError';
  }
}

export async function writeDurably(
  output: StepOutput,
  outputs: DurableOutputs,
  options: WriteOptions,
): Promise<void> {
  const hasWork = output.alerts.length > 0 || output.events.length > 0 || output.deadLetters.length > 0;
  if (!hasWork) return;
  let delay = options.initialDelayMs;
  let failedBefore = false;
  for (let attempt = 1; ; attempt++) {
    try {
      await Promise.all([
        outputs.sink.write({ alerts: output.alerts, events: output.events }),
        outputs.deadLetters.write(output.deadLetters),
        outputs.alertPublisher?.publish(output.alerts),
      ]);
      if (failedBefore) {
        options.logger?.info({ attempt }, 'outputs writable again');
        options.onRecovered?.();
      }
      return;
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      options.onAttemptFailed?.(err);
      if (!failedBefore) options.onUnavailable?.(err);
      failedBefore = true;
      options.logger?.warn(
        { attempt, err: { name: err.name, message: err.message }, retryInMs: delay },
        'output write failed',
      );
      await waitWithHeartbeats(delay, options);
      delay = Math.min(delay * 2, options.maxDelayMs);
    }
  }
}

async function waitWithHeartbeats(ms: number, options: WriteOptions): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (options.signal?.aborted) throw new ShutdownError();
    await options.heartbeat?.().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, Math.min(1000, until - Date.now())));
  }
  if (options.signal?.aborted) throw new ShutdownError();
}
