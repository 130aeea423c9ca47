// Several rules of one event compute the same things from it (its USD value, its threshold, the
// state key of its person or trader): the engine runs them one after another on the same event
// object, so remembering the latest answer saves the repeats. A shared key string also saves
// hashing it again in every rule's state. Only for pure functions of (event, config); the answer
// is shared, read only.

/** `compute`, remembering its answer for the latest (event, config) pair. */
export function perEvent<E extends object, C extends object, V>(
  compute: (event: E, config: C) => V,
): (event: E, config: C) => V {
  let lastEvent: E | undefined;
  let lastConfig: C | undefined;
  let lastValue: V;
  return (event, config) => {
    if (event !== lastEvent || config !== lastConfig) {
      lastValue = compute(event, config);
      lastEvent = event;
      lastConfig = config;
    }
    return lastValue;
  };
}

/** `compute`, remembering its answer for the latest event (for what depends on the event alone). */
export function perEventOnly<E extends object, V>(compute: (event: E) => V): (event: E) => V {
  let lastEvent: E | undefined;
  let lastValue: V;
  return (event) => {
    if (event !== lastEvent) {
      lastValue = compute(event);
      lastEvent = event;
    }
    return lastValue;
  };
}
