import { describe, inject } from 'vitest';
import type { ServiceAddresses } from './service-addresses.ts';

/** The services found by global setup; null only outside CI when none could be had. */
export function services(): ServiceAddresses {
  const found = inject('services');
  if (!found) throw new Error(`integration services unavailable: ${inject('servicesUnavailable')}`);
  return found;
}

/** describe() for tests that need the real services: skipped, with the reason, only outside CI. */
export function describeWithServices(name: string, body: () => void): void {
  const found = inject('services');
  if (found) describe(name, body);
  else describe.skip(`${name} (skipped: ${inject('servicesUnavailable')})`, body);
}
