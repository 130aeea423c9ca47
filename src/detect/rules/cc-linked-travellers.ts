// CC-LINKED-TRAVELLERS: several travellers on the same booking, or on the same flight or voyage
// and day, each declaring under the threshold, together at or over it: smurfing, one sum split
// between couriers (FATF/MENAFATF 2015). Groups are counted per reporting country and direction
// (the outbound and inbound declarations of one flight are different controls). One alert per
// group episode: idBasis = entity type + group key + the episode's first declaration, revision =
// the declarations the group took in. A group on both a booking and a flight gives two alerts
// (entities BOOKING and FLIGHT).

import type { AlertDraft } from '../../core/alert.ts';
import { formatDecimal } from '../../core/money.ts';
import { isAtOrOverThreshold } from '../../reference/thresholds.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { addToEpisode } from '../window/episode.ts';
import {
  carryFinding,
  declarationCountries,
  flightKey,
  type StoredAmount,
  sumIn,
  underThreshold,
} from './cc-declaration.ts';
import { clampScore, formatMoney, severityFromScore } from './common.ts';

const ID = 'CC-LINKED-TRAVELLERS';
const HOUR_MS = 3_600_000;

interface Member {
  person: string;
  amount: StoredAmount;
  priorFinding: boolean;
}

export const linkedTravellersRule: Rule<'declaration'> = {
  id: ID,
  version: 1,
  typology: 'CASH_COURIER',
  kinds: ['declaration'],

  evaluate(event, { config, state }): AlertDraft[] {
    const declaration = event.body;
    const carried = carryFinding(state, event, config);
    const settings = ruleSettings(config.rules, ID, declaration.reportingCountry);
    if (!settings.enabled) return [];
    const under = underThreshold(event, config);
    if (!under) return [];
    const { threshold, amount } = under;

    const groups: { entityType: 'BOOKING' | 'FLIGHT'; key: string }[] = [];
    const booking = declaration.travel?.bookingKey;
    if (booking) groups.push({ entityType: 'BOOKING', key: booking });
    const flight = flightKey(declaration, event.eventTime);
    if (flight) groups.push({ entityType: 'FLIGHT', key: flight });

    const alerts: AlertDraft[] = [];
    const member: Member = {
      person: declaration.traveller.personKey,
      amount,
      priorFinding: carried.prior !== undefined,
    };
    for (const group of groups) {
      const stateKey = `${group.entityType}|${group.key}|${declaration.reportingCountry}|${declaration.direction}`;
      const episode = addToEpisode<Member>(state, stateKey, event, member, settings.windowHours * HOUR_MS);
      const entries = episode.entries;
      // Never more travellers than declarations: most groups stop here without counting.
      if (entries.length < settings.minTravellers) continue;
      const travellers = new Set(entries.map((e) => e.data.person));
      if (travellers.size < settings.minTravellers) continue;
      const total = sumIn(
        entries.map((e) => e.data.amount),
        threshold.currency,
        event.eventTime,
        config,
      );
      if (!isAtOrOverThreshold(total, threshold)) continue;
      const totalUsd = entries.reduce((sum, e) => sum + BigInt(e.data.amount.usd), 0n);
      const withPrior = entries.some((e) => e.data.priorFinding);
      const ratio = Number((total * 1000n) / threshold.amount) / 1000;
      const score = clampScore(
        60 +
          Math.min(20, 7 * (travellers.size - settings.minTravellers)) +
          Math.min(10, 10 * (ratio - 1)) +
          (withPrior
            ? ruleSettings(config.rules, 'CC-UNDECLARED-FOUND', declaration.reportingCountry).laterScoreBonus
            : 0),
      );
      const what =
        group.entityType === 'BOOKING'
          ? 'on the same booking'
          : `on flight/voyage ${group.key.replace('|', ' of ')}`;
      const draft: AlertDraft = {
        severity: severityFromScore(score),
        score,
        entityType: group.entityType,
        entityKey: group.key,
        eventIds: entries.map((e) => e.id),
        eventTime: event.eventTime,
        reportingCountry: declaration.reportingCountry,
        countries: declarationCountries(declaration),
        amountUsd: totalUsd,
        explanation:
          `${travellers.size} travellers ${what} each declared under the ${declaration.reportingCountry} threshold of ` +
          `${formatMoney(threshold.amount, threshold.currency)}, together ${formatMoney(total, threshold.currency)}.`,
        evidence: {
          group: group.entityType,
          travellers: travellers.size,
          declarations: entries.map((e) => ({
            declarationId: e.id,
            traveller: e.data.person,
            amount: formatDecimal(BigInt(e.data.amount.local)),
            currency: e.data.amount.currency,
            amountUsd: formatDecimal(BigInt(e.data.amount.usd)),
          })),
          total: formatDecimal(total),
          totalUsd: formatDecimal(totalUsd),
          currency: threshold.currency,
          threshold: formatDecimal(threshold.amount),
          boundary: threshold.boundary,
          ratio,
          direction: declaration.direction,
          windowHours: settings.windowHours,
          minTravellers: settings.minTravellers,
          episodeStart: episode.startId,
          travellersWithPriorUndeclaredFinding: new Set(
            entries.filter((e) => e.data.priorFinding).map((e) => e.data.person),
          ).size,
        },
        idBasis: `${group.entityType}|${group.key}|${declaration.reportingCountry}|${declaration.direction}|${episode.startId}`,
        revision: episode.count,
      };
      alerts.push(draft);
    }
    return alerts;
  },
};
