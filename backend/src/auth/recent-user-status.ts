import { LRUCache } from 'lru-cache';
import type { ActingUser, ActingUserFinder } from './acting-user';

/** Users whose status is remembered per process: the active users of a second; the least recently used go first. */
const MAX_USERS = 10_000;

/**
 * The banned-or-deleted lookup (auth.users), remembered per user for `ttlMs`. Every request on
 * /api made it before anything else: one of the list's four round trips to the database
 * (bench/contacts-api/profile-api.ts), and on Supabase each of them crosses the network. A user's
 * requests come in bursts (a page loads several lists at once), so one lookup can answer a burst.
 * What that costs: a ban or a deletion reaches requests within `ttlMs` (USER_STATUS_CACHE_MS,
 * a second by default) rather than at once; sign-in and refresh still check every time, and 0
 * turns the memory off. Callers asking at once share one lookup; a failed lookup is not kept.
 */
export function rememberUserStatus(
  find: ActingUserFinder,
  ttlMs: number,
  /** Milliseconds for the TTL; performance.now() unless a test moves time itself. */
  timer?: { now(): number },
): ActingUserFinder {
  if (ttlMs === 0) return find;
  // A user without a row is an answer too (let through, see require-user), so it is kept boxed.
  const recent = new LRUCache<string, { user: ActingUser | null }>({
    max: MAX_USERS,
    ttl: ttlMs,
    // A test's time moves without the event loop turning: read it on every check.
    ...(timer ? { perf: timer, ttlResolution: 0 } : {}),
    // Frozen: every request of the second shares the object.
    fetchMethod: async (id) => {
      const user = await find(id);
      return { user: user && Object.freeze(user) };
    },
  });
  return async (id) => {
    const known = await recent.fetch(id);
    // fetchMethod always returns a box; undefined would only follow an aborted fetch, which nothing here aborts.
    if (!known) throw new Error(`the status of user ${id} could not be read`);
    return known.user;
  };
}
