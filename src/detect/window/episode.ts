// A growing pattern kept in a rule's keyed state as an "episode": the events of one entity that
// follow each other within a sliding event-time window. An episode starts with an event that
// finds no earlier event of the entity within the window, and lasts as long as every next event
// finds one. Its identity is the entity key plus its first event's id, and it counts every event
// it took in, so a rule can give one alert per pattern: `idBasis` from the identity, `revision`
// from the count. Events reach the rules in event-time order (reorder buffer, replay on restart),
// so the same events give the same episodes, identities and counts whatever their arrival order.
import type { KeyedState } from '../rule.ts';

export interface EpisodeEntry<T> {
  id: string;
  /** Event time, epoch ms. */
  t: number;
  data: T;
}

export interface Episode<T> {
  /** Id of the episode's first event. */
  startId: string;
  startT: number;
  /** Events the episode took in so far (never decreases: the alert's revision). */
  count: number;
  /** The events still within the window of the latest one. */
  entries: EpisodeEntry<T>[];
}

/**
 * Adds an event to the entity's episode (starting one when none is open within the window) and
 * returns it. An event already in the window (a redelivery) changes nothing.
 */
export function addToEpisode<T>(
  state: KeyedState,
  key: string,
  event: { id: string; eventTime: number },
  data: T,
  windowMs: number,
): Episode<T> {
  const t = event.eventTime;
  const open = state.get<Episode<T>>(key);
  const entries = (open?.entries ?? []).filter((e) => e.t >= t - windowMs);
  if (open && entries.some((e) => e.id === event.id)) return { ...open, entries };
  const episode: Episode<T> =
    open && entries.length > 0
      ? { ...open, entries }
      : { startId: event.id, startT: t, count: 0, entries: [] };
  episode.entries.push({ id: event.id, t, data });
  episode.count += 1;
  const latest = Math.max(...episode.entries.map((e) => e.t));
  state.set(key, episode, latest + windowMs);
  return episode;
}
