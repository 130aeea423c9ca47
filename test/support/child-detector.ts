// The detector as a separate process (`customs-aml run` from source), for tests that kill it.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { repoRoot, type TestTopics, testPseudonymKey, writeConfigDir } from './pipeline-harness.ts';
import type { ServiceAddresses } from './service-addresses.ts';

/** A config folder for child detectors of one test: its topics, group and database; small fetches. */
export function childConfigDir(
  services: ServiceAddresses,
  topics: TestTopics,
  groupId: string,
  database: string,
): string {
  return writeConfigDir(
    JSON.stringify({
      kafka: {
        brokers: services.kafkaBrokers.split(','),
        groupId,
        topics: {
          declarations: { name: topics.declarations },
          manifests: { name: topics.manifests },
          invoices: { name: topics.invoices },
          alerts: topics.alerts,
        },
        sessionTimeoutMs: 6_000,
        heartbeatIntervalMs: 500,
        // Small fetches: many batches, so a kill lands mid-stream.
        maxBytesPerPartition: 600,
      },
      schemaRegistry: { url: services.schemaRegistryUrl },
      sink: {
        driver: 'server',
        url: services.clickhouseUrl,
        database,
        retry: { initialDelayMs: 100, maxDelayMs: 1000 },
      },
      metrics: { enabled: false },
    }),
  );
}

/** Starts a detector process; it is killed when the test ends, whatever the outcome. */
export function startChildDetector(configDir: string): ChildProcess {
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'test/support/cli-entry.ts'), 'run', '--config', configDir],
    {
      env: {
        PATH: process.env.PATH,
        CUSTOMS_AML_PSEUDONYM_KEY: testPseudonymKey,
        CUSTOMS_AML_LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return child;
}

export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}
