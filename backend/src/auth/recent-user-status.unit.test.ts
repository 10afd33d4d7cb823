import { describe, expect, it } from 'vitest';
import type { ActingUser } from './acting-user';
import { rememberUserStatus } from './recent-user-status';

const TTL_MS = 1000;

/** A lookup over a table the test edits, counting its calls; a time the test moves. */
function lookup(ttlMs = TTL_MS) {
  const table = new Map<string, ActingUser>([['a', { id: 'a', email: 'a@example.test', isDisabled: false }]]);
  const calls: string[] = [];
  let failNext = false;
  // Not 0: lru-cache takes an entry stored at time 0 for one without a time to live.
  let now = 1_000_000;
  const find = rememberUserStatus(
    async (id) => {
      calls.push(id);
      if (failNext) {
        failNext = false;
        throw new Error('connection refused');
      }
      const user = table.get(id);
      return user ? { ...user } : null;
    },
    ttlMs,
    { now: () => now },
  );
  return {
    find,
    calls,
    ban: (id: string) => table.set(id, { ...table.get(id)!, isDisabled: true }),
    failNextLookup: () => (failNext = true),
    advance: (ms: number) => (now += ms),
  };
}

describe('rememberUserStatus', () => {
  it('reads a user once within the time to live, and again after it: a ban reaches requests within that time', async () => {
    const users = lookup();
    expect(await users.find('a')).toMatchObject({ isDisabled: false });
    users.ban('a');
    users.advance(TTL_MS - 1);
    expect(await users.find('a')).toMatchObject({ isDisabled: false });
    expect(users.calls).toEqual(['a']);
    users.advance(2);
    expect(await users.find('a')).toMatchObject({ isDisabled: true });
    expect(users.calls).toEqual(['a', 'a']);
  });

  it('remembers a user without a row as such, and each user on their own', async () => {
    const users = lookup();
    expect(await users.find('nobody')).toBeNull();
    expect(await users.find('nobody')).toBeNull();
    expect(await users.find('a')).toMatchObject({ id: 'a' });
    expect(users.calls).toEqual(['nobody', 'a']);
  });

  it('makes one lookup for requests that ask at once', async () => {
    const users = lookup();
    const answers = await Promise.all([users.find('a'), users.find('a'), users.find('a')]);
    expect(answers.map((user) => user?.id)).toEqual(['a', 'a', 'a']);
    expect(users.calls).toEqual(['a']);
  });

  it('keeps no failed lookup: the next request reads again', async () => {
    const users = lookup();
    users.failNextLookup();
    await expect(users.find('a')).rejects.toThrow('connection refused');
    expect(await users.find('a')).toMatchObject({ id: 'a' });
    expect(users.calls).toEqual(['a', 'a']);
  });

  it('hands out a frozen user, so that one request cannot change what the next one sees', async () => {
    const users = lookup();
    const user = (await users.find('a'))!;
    expect(Object.isFrozen(user)).toBe(true);
  });

  it('reads on every request when the time to live is 0', async () => {
    const users = lookup(0);
    await users.find('a');
    await users.find('a');
    expect(users.calls).toEqual(['a', 'a']);
  });
});
