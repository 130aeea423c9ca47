// Before detection: every amount of an event must be convertible to USD at its date. A missing
// rate is an explicit error on that event (dead letter with the currency and date), never a zero.

import type { DomainEvent } from '../../core/events.ts';
import { type RecordError, recordError } from '../../core/record-error.ts';
import { fxRateFor, MissingFxRateError } from '../../reference/fx.ts';
import type { ReferenceData } from '../../reference/reference.ts';
import { thresholdFor } from '../../reference/thresholds.ts';

/** Currencies an event's rules will convert, each with the field it comes from. */
function currenciesOf(event: DomainEvent, reference: ReferenceData): [string, string][] {
  switch (event.kind) {
    case 'declaration': {
      const found: [string, string][] = event.body.items.map((item, i) => [
        item.currency,
        `items.${i}.currency`,
      ]);
      const control = event.body.control;
      if (control?.undeclaredCurrency) found.push([control.undeclaredCurrency, 'control.undeclaredCurrency']);
      // The threshold's own currency: the proximity test compares in it.
      const threshold = thresholdFor(event.body.reportingCountry, reference.thresholds);
      if (threshold) found.push([threshold.currency, 'reportingCountry']);
      return found;
    }
    case 'manifest':
      return [[event.body.currency, 'currency']];
    case 'invoice':
      return [[event.body.currency, 'currency']];
  }
}

export function createFxCheck(reference: ReferenceData): (event: DomainEvent) => RecordError | null {
  const fx = reference.fxRates;
  return (event) => {
    const checked = new Set<string>();
    for (const [currency, field] of currenciesOf(event, reference)) {
      if (checked.has(currency)) continue;
      checked.add(currency);
      try {
        fxRateFor(currency, event.eventTime, fx);
      } catch (error) {
        if (!(error instanceof MissingFxRateError)) throw error;
        return recordError('fx', 'missing-fx-rate', error.message, field);
      }
    }
    return null;
  };
}
