import { describe, expect, it } from 'vitest';
import { fanInRule, fanOutRule } from '../../../src/detect/rules/cm-fan.ts';
import { manifestEvent, party, T0 } from '../../support/events.ts';
import { DAY, runRule } from './cash-courier-support.ts';

const toHub = (i: number, day: number, origin = 'US', shipper = `s-${i}`) =>
  manifestEvent({
    consignmentId: `C${i}`,
    reportedAt: T0 + day * DAY,
    originCountry: origin,
    shipper: party(shipper, origin),
    consignee: party('hub', 'MX'),
  });
const fromHub = (i: number, day: number, destination = 'MX') =>
  manifestEvent({
    consignmentId: `O${i}`,
    reportedAt: T0 + day * DAY,
    destinationCountry: destination,
    shipper: party('hub-s', 'US'),
    consignee: party(`c-${i}`, destination),
  });

describe('CM-FAN-IN / CM-FAN-OUT', () => {
  it('fan-in fires at five shippers within 7 days, scored up for high-risk origins, one alert revised', () => {
    const events = [toHub(1, 0), toHub(2, 1, 'VE'), toHub(3, 2), toHub(4, 3, 'YE'), toHub(5, 4), toHub(6, 5)];
    const drafts = runRule(fanInRule, events);
    expect(drafts.map((d) => [d.at, d.idBasis, d.revision, d.entityType])).toEqual([
      ['C5', 'hub|C1', 5, 'CONSIGNEE'],
      ['C6', 'hub|C1', 6, 'CONSIGNEE'],
    ]);
    expect(drafts[0]).toMatchObject({
      score: 55,
      evidence: { counterparties: 5, highRiskCountries: ['VE', 'YE'] },
    });
  });

  it('fan-out fires at five consignees', () => {
    const drafts = runRule(
      fanOutRule,
      [0, 1, 2, 3, 4].map((i) => fromHub(i, i)),
    );
    expect(drafts.map((d) => [d.entityType, d.entityKey, d.revision])).toEqual([['SHIPPER', 'hub-s', 5]]);
  });

  it('near miss: four shippers, or one shipper five times', () => {
    expect(
      runRule(
        fanInRule,
        [1, 2, 3, 4].map((i) => toHub(i, i)),
      ),
    ).toEqual([]);
    expect(
      runRule(
        fanInRule,
        [1, 2, 3, 4, 5].map((i) => toHub(i, i * 0.1, 'US', 'same')),
      ),
    ).toEqual([]);
  });

  it('boundary: the fifth shipper exactly 7 days after the fourth-latest still counts; a day later does not', () => {
    expect(
      runRule(fanInRule, [toHub(1, 0), toHub(2, 1), toHub(3, 2), toHub(4, 3), toHub(5, 7)]),
    ).toHaveLength(1);
    expect(runRule(fanInRule, [toHub(1, 0), toHub(2, 1), toHub(3, 2), toHub(4, 3), toHub(5, 7.01)])).toEqual(
      [],
    );
  });
});
