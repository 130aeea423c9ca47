import { describe, expect, it } from 'vitest';
import { linkedTravellersRule as rule } from '../../../src/detect/rules/cc-linked-travellers.ts';
import { declarationEvent, money, T0 } from '../../support/events.ts';
import { runRule, trip } from './cash-courier-support.ts';

const traveller = (id: string, person: string, amount: string, travel: Record<string, string> = {}) =>
  declarationEvent({
    declarationId: id,
    declaredAt: T0 + Number(id.slice(1)) * 60_000,
    traveller: { personKey: person },
    travel: trip({ bookingKey: 'b-1', ...travel }),
    items: [{ kind: 'CURRENCY', currency: 'EUR', amount: money(amount) }],
  });

describe('CC-LINKED-TRAVELLERS', () => {
  it('fires per booking and per flight when travellers each under the threshold together reach it', () => {
    const drafts = runRule(rule, [traveller('D1', 'p-1', '5000.00'), traveller('D2', 'p-2', '5000.00')]);
    expect(drafts.map((d) => [d.entityType, d.entityKey, d.revision, d.eventIds])).toEqual([
      ['BOOKING', 'b-1', 2, ['D1', 'D2']],
      ['FLIGHT', 'AF0438|2026-03-14', 2, ['D1', 'D2']],
    ]);
    expect(drafts[0]?.evidence).toMatchObject({ travellers: 2, total: '10000.00', threshold: '10000.00' });
  });

  it('near miss: one traveller twice, different flights, or together under the threshold', () => {
    expect(runRule(rule, [traveller('D1', 'p-1', '5000.00'), traveller('D2', 'p-1', '5000.00')])).toEqual([]);
    expect(
      runRule(rule, [
        traveller('D1', 'p-1', '5000.00', { bookingKey: 'b-1' }),
        traveller('D2', 'p-2', '5000.00', { bookingKey: 'b-2', flightOrVoyage: 'AF0999' }),
      ]),
    ).toEqual([]);
    expect(runRule(rule, [traveller('D1', 'p-1', '5000.00'), traveller('D2', 'p-2', '4999.99')])).toEqual([]);
  });

  it('boundary: a traveller at the threshold declared properly and is not part of the group', () => {
    expect(runRule(rule, [traveller('D1', 'p-1', '10000.00'), traveller('D2', 'p-2', '5000.00')])).toEqual(
      [],
    );
  });
});
