// CM-FAN-IN and CM-FAN-OUT: one consignee receiving from many shippers, or one shipper sending to
// many consignees, within a window: unaccompanied cash split into many small parcels (FATF 2010
// best practices; EU Regulation 2018/1672 Art. 4), worse across high-risk origins or destinations.
// One alert per episode of the hub party (src/detect/window/episode.ts): idBasis = hub key + the
// episode's first consignment, revision = consignments the episode took in.

import type { AlertDraft } from '../../core/alert.ts';
import { formatDecimal } from '../../core/money.ts';
import { toUsd } from '../../reference/fx.ts';
import { highRiskLevel } from '../../reference/reference.ts';
import type { Rule } from '../rule.ts';
import { ruleSettings } from '../settings.ts';
import { addToEpisode } from '../window/episode.ts';
import { DAY_MS } from './cc-declaration.ts';
import { consignmentValue } from './cm-manifest.ts';
import { clampScore, countriesOf, formatMoney, severityFromScore } from './common.ts';

interface Leg {
  /** The counterparty's key (shipper for fan-in, consignee for fan-out). */
  party: string;
  /** The counterparty's side of the journey: origin for fan-in, destination for fan-out. */
  country: string;
  usd: string;
}

function fanRule(id: 'CM-FAN-IN' | 'CM-FAN-OUT'): Rule<'manifest'> {
  const fanIn = id === 'CM-FAN-IN';
  return {
    id,
    version: 1,
    typology: 'CASH_COURIER',
    kinds: ['manifest'],

    evaluate(event, { config, state }): AlertDraft[] {
      const manifest = event.body;
      const settings = ruleSettings(config.rules, id, manifest.reportingCountry);
      if (!settings.enabled) return [];
      const hub = fanIn ? manifest.consignee : manifest.shipper;
      const other = fanIn ? manifest.shipper : manifest.consignee;
      const leg: Leg = {
        party: other.key,
        country: fanIn ? manifest.originCountry : manifest.destinationCountry,
        usd: String(
          toUsd(consignmentValue(manifest), manifest.currency, event.eventTime, config.reference.fxRates),
        ),
      };
      // Keyed by the hub party's key itself: the namespace holds nothing else, and a key string
      // the event already has is not built and hashed again.
      const episode = addToEpisode(state, hub.key, event, leg, settings.windowDays * DAY_MS);
      const entries = episode.entries;
      // Never more counterparties than consignments: most episodes stop here without counting.
      if (entries.length < settings.minCounterparties) return [];
      const parties = new Map<string, string>();
      for (const e of entries) parties.set(e.data.party, e.data.country);
      if (parties.size < settings.minCounterparties) return [];

      const lists = config.reference.highRiskJurisdictions;
      const riskyParties = [...parties.values()].filter((c) => highRiskLevel(c, lists) !== null).length;
      const highRiskCountries = [
        ...new Set([...parties.values()].filter((c) => highRiskLevel(c, lists) !== null)),
      ].sort();
      const totalUsd = entries.reduce((sum, e) => sum + BigInt(e.data.usd), 0n);
      const score = clampScore(
        45 +
          5 * (parties.size - settings.minCounterparties) +
          Math.min(20, settings.highRiskBonus * riskyParties),
      );
      const counterparties = fanIn ? 'shippers' : 'consignees';
      const side = fanIn ? 'origin' : 'destination';
      return [
        {
          severity: severityFromScore(score),
          score,
          entityType: fanIn ? 'CONSIGNEE' : 'SHIPPER',
          entityKey: hub.key,
          eventIds: entries.map((e) => e.id),
          eventTime: event.eventTime,
          reportingCountry: manifest.reportingCountry,
          countries: countriesOf(manifest.reportingCountry, hub.country, ...parties.values()),
          amountUsd: totalUsd,
          explanation:
            `One ${fanIn ? 'consignee' : 'shipper'} ${fanIn ? 'received' : 'sent'} ${entries.length} consignments ` +
            `${fanIn ? 'from' : 'to'} ${parties.size} different ${counterparties} within ${settings.windowDays} days ` +
            `(${formatMoney(totalUsd, 'USD')} declared in all)` +
            (riskyParties > 0
              ? `, ${riskyParties} of them with a high-risk ${side} (${highRiskCountries.join(', ')}).`
              : '.'),
          evidence: {
            counterparties: parties.size,
            minCounterparties: settings.minCounterparties,
            consignments: entries.map((e) => ({
              consignmentId: e.id,
              at: new Date(e.t).toISOString(),
              counterparty: e.data.party,
              [side]: e.data.country,
              valueUsd: formatDecimal(BigInt(e.data.usd)),
            })),
            highRiskCounterparties: riskyParties,
            highRiskCountries,
            totalUsd: formatDecimal(totalUsd),
            windowDays: settings.windowDays,
            episodeStart: episode.startId,
            episodeConsignments: episode.count,
          },
          idBasis: `${hub.key}|${episode.startId}`,
          revision: episode.count,
        },
      ];
    },
  };
}

export const fanInRule = fanRule('CM-FAN-IN');
export const fanOutRule = fanRule('CM-FAN-OUT');
