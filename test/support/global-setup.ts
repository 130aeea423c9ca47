// Finds the real services once per test run and hands their addresses to the test files.
// Order: explicit environment variables, then testcontainers when Docker answers, then local
// processes (scripts/services/up). In CI a missing service fails the run; elsewhere the
// integration files are skipped with the reason printed.
import type { TestProject } from 'vitest/node';
import { localPrerequisites, startLocalProcesses } from './local-processes.ts';
import { addressesFromEnv, assertLoopback, type ServiceAddresses } from './service-addresses.ts';
import { checkServices } from './service-checks.ts';
import './quiet-warnings.ts';
import { dockerAvailable, type StartedServices, startContainers } from './testcontainers.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    services: ServiceAddresses | null;
    servicesUnavailable: string;
  }
}

const howToStart =
  'Start them with `eval "$(scripts/services/up)"` (Java 17+, Maven, Debian clickhouse-server) ' +
  'or set KAFKA_BROKERS, SCHEMA_REGISTRY_URL and CLICKHOUSE_URL.';

async function resolve(): Promise<{
  started: StartedServices | null;
  addresses: ServiceAddresses | null;
  reason: string;
}> {
  const fromEnv = addressesFromEnv();
  if (fromEnv) return { started: null, addresses: fromEnv, reason: '' };
  if (await dockerAvailable()) {
    const started = await startContainers();
    return { started, addresses: started.addresses, reason: '' };
  }
  const missing = await localPrerequisites();
  if (missing === null && process.env.CUSTOMS_AML_AUTO_SERVICES !== '0') {
    const started = await startLocalProcesses();
    return { started, addresses: started.addresses, reason: '' };
  }
  return {
    started: null,
    addresses: null,
    reason: `no Docker engine and ${missing ?? 'auto-start disabled'}`,
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const ci = Boolean(process.env.CI);
  let resolved: Awaited<ReturnType<typeof resolve>>;
  try {
    resolved = await resolve();
    if (resolved.addresses) {
      assertLoopback(resolved.addresses);
      for (const line of await checkServices(resolved.addresses)) console.log(`[services] ${line}`);
    }
  } catch (error) {
    throw new Error(`integration services unavailable:\n${(error as Error).message}\n${howToStart}`);
  }
  if (!resolved.addresses) {
    const reason = `integration services unavailable (${resolved.reason}). ${howToStart}`;
    if (ci) throw new Error(reason);
    console.warn(`[services] skipping integration tests: ${reason}`);
  }
  project.provide('services', resolved.addresses);
  project.provide('servicesUnavailable', resolved.reason);
  return async () => {
    if (resolved.started && process.env.CUSTOMS_AML_KEEP_SERVICES !== '1') await resolved.started.stop();
  };
}
