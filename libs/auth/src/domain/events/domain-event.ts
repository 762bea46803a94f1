/** Marker for facts the domain records. Events carry identifiers and times, never secrets. */
export interface DomainEvent {
  readonly occurredAt: Date;
}
