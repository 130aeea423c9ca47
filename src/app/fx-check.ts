// Before detection: every amount of an event must be convertible to USD at its date. A missing
// rate is an explicit error on that event (dead letter with the currency and date), never a zero.
import { fxRateFor, MissingFxRateError } from '../config/fx.ts';
import type { Config } from '../config/schema.ts';
import { thresholdFor } from '../config/thresholds.ts';
import type { DomainEvent } from '../domain/events.ts';
import { type RecordError, recordError } from '../validate/record-error.ts';

/** Currencies an event's rules will convert, each with the field it comes from. */
function currenciesOf(event: DomainEvent, config: Config): [string, string][] {
  switch (event.kind) {
    case 'declaration': {
      const found: [string, string][] = event.body.items.map((item, i) => [
        item.currency,
        `items.${i}.currency`,
      ]);
      const control = event.body.control;
      if (control?.undeclaredCurrency) found.push([control.undeclaredCurrency, 'control.undeclaredCurrency']);
      // The threshold's own currency: the proximity test compares in it.
      const threshold = thresholdFor(event.body.reportingCountry, config.reference.thresholds);
      if (threshold) found.push([threshold.currency, 'reportingCountry']);
      return found;
    }
    case 'manifest':
      return [[event.body.currency, 'currency']];
    case 'invoice':
      return [[event.body.currency, 'currency']];
  }
}

export function createFxCheck(config: Config): (event: DomainEvent) => RecordError | null {
  const fx = config.reference.fxRates;
  return (event) => {
    const checked = new Set<string>();
    for (const [currency, field] of currenciesOf(event, config)) {
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
