// Helpers the courier-manifest rules (CM-*) share.

import type { AlertDraft } from '../../core/alert.ts';
import type { CourierManifest, ManifestEvent } from '../../core/events.ts';
import type { Micros } from '../../core/money.ts';
import type { DetectionConfig } from '../rule.ts';
import { type KeywordMatcher, keywordMatcher } from '../text/keyword-matcher.ts';
import { countriesOf, maxMicros, severityFromScore } from './common.ts';

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

export function matcherFor(config: DetectionConfig): KeywordMatcher {
  return keywordMatcher(config.reference.keywords);
}

/** ", declared as GIFT" / ", declared as something else" / "": how a consignment hides what it carries. */
export function concealmentPhrase(
  manifest: CourierManifest,
  concealing: boolean,
  misdeclared: boolean,
): string {
  if (concealing) return `, declared as ${manifest.contentType}`;
  return misdeclared ? ', declared as something else' : '';
}

/** The alert of a rule that judges one consignment on its own: filed against its consignee. */
export function consigneeAlert(
  event: ManifestEvent,
  score: number,
  details: Pick<AlertDraft, 'explanation' | 'evidence' | 'amountUsd' | 'hsCode'>,
): AlertDraft {
  const manifest = event.body;
  return {
    severity: severityFromScore(score),
    score,
    entityType: 'CONSIGNEE',
    entityKey: manifest.consignee.key,
    eventIds: [event.id],
    eventTime: event.eventTime,
    reportingCountry: manifest.reportingCountry,
    countries: manifestCountries(manifest),
    ...details,
  };
}
