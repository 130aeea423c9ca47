import { createHash } from 'node:crypto';

/**
 * Deterministic alert id: the same rule, version and supporting events give the same id, whatever
 * the partitioning, batch size or restarts. 32 hex characters (128 bits of SHA-256).
 */
export function alertId(ruleId: string, ruleVersion: number, basis: string): string {
  return createHash('sha256').update(`${ruleId}@${ruleVersion}\n${basis}`).digest('hex').slice(0, 32);
}

/** The default basis: supporting event ids, sorted, so their arrival order does not matter. */
export function eventIdsBasis(eventIds: readonly string[]): string {
  return [...eventIds].sort().join('\n');
}
