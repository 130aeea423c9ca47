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

/** Starts (or reuses) the local services; `stop` runs scripts/services/down. */
export async function startLocalProcesses(): Promise<StartedServices> {
  const { stdout } = await run('bash', [`${repo}/scripts/services/up`], {
    timeout: 600_000,
    maxBuffer: 1 << 20,
  });
  const env: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const match = /^export (\w+)=(.*)$/.exec(line.trim());
    if (match) env[match[1]!] = match[2]!;
  }
  const addresses = addressesFromEnv(env);
  if (!addresses) throw new Error('scripts/services/up printed no addresses');
  const local: ServiceAddresses = { ...addresses, origin: 'local-processes' };
  return {
    addresses: local,
    async stop() {
      await run('bash', [`${repo}/scripts/services/down`], { timeout: 60_000 });
    },
  };
}
