// Helpers the courier-manifest rules (CM-*) share.
import type { Config } from '../../config/schema.ts';
import type { CourierManifest } from '../../domain/events.ts';
import type { Micros } from '../../domain/money.ts';
import { type KeywordMatcher, keywordMatcher } from '../text/keyword-matcher.ts';
import { countriesOf, maxMicros } from './common.ts';

export function manifestCountries(manifest: CourierManifest): string[] {
  return countriesOf(
    manifest.reportingCountry,
    manifest.originCountry,
    manifest.destinationCountry,
    manifest.shipper.country,
    manifest.consignee.country,
  );
}

/** The declared value, or the items' sum when that is larger (micro-units of `currency`). */
export function consignmentValue(manifest: CourierManifest): Micros {
  const itemsValue = manifest.items.reduce((sum, item) => sum + (item.value ?? 0n), 0n);
  return maxMicros(itemsValue, manifest.declaredValue);
}

export function matcherFor(config: Config): KeywordMatcher {
  return keywordMatcher(config.reference.keywords);
}
