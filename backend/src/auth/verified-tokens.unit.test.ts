import { afterEach, describe, expect, it, vi } from 'vitest';
import { rememberVerifiedTokens, VERIFIED_TOKEN_TTL_MS } from './verified-tokens';

type Verified = { sub: string; expiresAt: number };

/** A verifier that counts its calls; `expiresIn` per token, a throw for 'bad'. */
function countingVerifier(expiresIn: Record<string, number>) {
  const calls: string[] = [];
  const verify = async (token: string): Promise<Verified> => {
    calls.push(token);
    if (token === 'bad') throw new Error('invalid signature');
    return { sub: `user-of-${token}`, expiresAt: Date.now() + expiresIn[token]! };
  };
  return { calls, verify: rememberVerifiedTokens(verify, (verified) => verified.expiresAt) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('rememberVerifiedTokens', () => {
  it('verifies a token once while it is valid, and each token on its own', async () => {
    const { calls, verify } = countingVerifier({ a: 3_600_000, b: 3_600_000 });
    expect(await verify('a')).toMatchObject({ sub: 'user-of-a' });
    expect(await verify('a')).toMatchObject({ sub: 'user-of-a' });
    expect(await verify('b')).toMatchObject({ sub: 'user-of-b' });
    expect(calls).toEqual(['a', 'b']);
  });

  it('hands out a frozen result, so that one request cannot change what the next one sees', async () => {
    const { verify } = countingVerifier({ a: 3_600_000 });
    expect(Object.isFrozen(await verify('a'))).toBe(true);
  });

  it('never remembers a failure: a bad token is verified, and refused, every time', async () => {
    const { calls, verify } = countingVerifier({});
    await expect(verify('bad')).rejects.toThrow('invalid signature');
    await expect(verify('bad')).rejects.toThrow('invalid signature');
    expect(calls).toEqual(['bad', 'bad']);
  });

  it('does not remember a token past its expiry: it is verified again (and the verifier refuses it)', async () => {
    const { calls, verify } = countingVerifier({ soon: 50 });
    await verify('soon');
    await new Promise((resolve) => setTimeout(resolve, 80));
    await verify('soon');
    expect(calls).toEqual(['soon', 'soon']);
  });

  it('verifies a long-lived token again after at most a minute', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { calls, verify } = countingVerifier({ a: 3_600_000 });
    await verify('a');
    vi.advanceTimersByTime(VERIFIED_TOKEN_TTL_MS - 1_000);
    await verify('a');
    expect(calls).toEqual(['a']);
    vi.advanceTimersByTime(2_000);
    await verify('a');
    expect(calls).toEqual(['a', 'a']);
  });
});
