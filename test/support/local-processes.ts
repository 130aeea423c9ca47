// Services as local processes started by scripts/services/up (Kafka and the registry from
// Maven Central jars, ClickHouse from Debian's package): the path CI and Docker-less machines take.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ServiceAddresses } from './service-addresses.ts';
import { addressesFromEnv } from './service-addresses.ts';
import { checkServices } from './service-checks.ts';
import type { StartedServices } from './testcontainers.ts';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../..', import.meta.url));

/** Java and Maven on PATH: what the scripts need to start Kafka and the registry. */
export async function localPrerequisites(): Promise<string | null> {
  for (const tool of ['java', 'mvn']) {
    try {
      await run('sh', ['-c', `command -v ${tool}`]);
    } catch {
      return `${tool} is not on PATH`;
    }
  }
  return existsSync(`${repo}/scripts/services/up`) ? null : 'scripts/services/up is missing';
}

function parseEnvLines(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^(?:export )?(\w+)=(.*)$/.exec(line.trim());
    if (match) env[match[1]!] = match[2]!;
  }
  return env;
}

/** Services someone already started with scripts/services/up: used as they are and left running. */
async function alreadyRunning(): Promise<ServiceAddresses | null> {
  const file = `${repo}/.customs-aml/services/env`;
  if (!existsSync(file)) return null;
  const addresses = addressesFromEnv(parseEnvLines(readFileSync(file, 'utf8')));
  if (!addresses) return null;
  try {
    await checkServices(addresses);
    return { ...addresses, origin: 'local-processes' };
  } catch {
    return null;
  }
}

/** Starts the local services, or reuses running ones; `stop` runs scripts/services/down only for what it started. */
export async function startLocalProcesses(): Promise<StartedServices> {
  const running = await alreadyRunning().catch(() => null);
  if (running) return { addresses: running, async stop() {} };
  const { stdout } = await run('bash', [`${repo}/scripts/services/up`], {
    timeout: 600_000,
    maxBuffer: 1 << 20,
  });
  const addresses = addressesFromEnv(parseEnvLines(stdout));
  if (!addresses) throw new Error('scripts/services/up printed no addresses');
  const local: ServiceAddresses = { ...addresses, origin: 'local-processes' };
  return {
    addresses: local,
    async stop() {
      await run('bash', [`${repo}/scripts/services/down`], { timeout: 60_000 });
    },
  };
}
