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
  const since = t - windowMs;
  const open = state.get<Episode<T>>(key);
  // A redelivery leaves the state as it is: answer with a pruned copy.
  if (open !== undefined && holds(open.entries, event.id, since))
    return { ...open, entries: open.entries.filter((e) => e.t >= since) };
  // Otherwise the rule owns the episode: prune it in place, then extend it, or start a new one
  // (an array literal: a first push would reserve room for seventeen entries).
  const entry = { id: event.id, t, data };
  let episode: Episode<T>;
  if (open !== undefined && pruneEntries(open.entries, since).length > 0) {
    episode = open;
    episode.entries.push(entry);
    episode.count += 1;
  } else {
    episode = { startId: event.id, startT: t, count: 1, entries: [entry] };
  }
  state.set(key, episode, latestTime(episode.entries) + windowMs);
  return episode;
}

/** Whether the entries at or after `since` include the event. */
function holds(entries: readonly EpisodeEntry<unknown>[], id: string, since: number): boolean {
  for (let i = 0; i < entries.length; i++) if (entries[i]!.id === id && entries[i]!.t >= since) return true;
  return false;
}

/** Keeps the entries at or after `since`, in order, in the same array. */
function pruneEntries<T>(entries: EpisodeEntry<T>[], since: number): EpisodeEntry<T>[] {
  let kept = 0;
  for (let i = 0; i < entries.length; i++) if (entries[i]!.t >= since) entries[kept++] = entries[i]!;
  entries.length = kept;
  return entries;
}

function latestTime(entries: readonly EpisodeEntry<unknown>[]): number {
  let latest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < entries.length; i++) latest = Math.max(latest, entries[i]!.t);
  return latest;
}
