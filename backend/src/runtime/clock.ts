/**
 * Milliseconds since the epoch, as Date.now gives them. Passed to every service that reasons
 * about time (state expiry, sync deadlines, calling windows), so tests move time by injecting
 * another clock instead of waiting.
 */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
