// Minimal DomainEvents for engine and pipeline tests, where only kind, id and time matter.
import type { DomainEvent, EventKind } from '../../src/core/events.ts';

export function bareEvent(kind: EventKind, id: string, eventTime: number): DomainEvent {
  return { kind, id, eventTime, body: {} } as unknown as DomainEvent;
}
