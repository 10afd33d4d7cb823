/**
 * What a receiver calls once it has stored events: the drain (a pg-boss job per connection)
 * applies them. Receivers depend on this type alone, so they never know how draining is queued.
 */
export type DrainWaker = { wake(connectionIds: string[]): Promise<void> };
