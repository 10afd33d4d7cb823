import type { Randomizer } from '@faker-js/faker';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;

/**
 * Faker's default randomizer (MT19937, 53-bit floats) on an Int32Array. Faker's own keeps its
 * state in a holey Array built with Array.from, and re-seeding it costs about 30 µs — more than
 * half of generating a seeded person, who is re-seeded every time. This one yields the same
 * numbers (every step is 32-bit arithmetic, which an Int32Array stores losslessly) and seeds in a
 * few microseconds. A unit test compares the two.
 */
export function createFastMersenneRandomizer(): Randomizer {
  const state = new Int32Array(N);
  let index = N;

  const initGenrand = (target: Int32Array, seed: number) => {
    target[0] = seed;
    for (let i = 1; i < N; i++) {
      const prev = target[i - 1]!;
      target[i] = Math.imul(1812433253, prev ^ (prev >>> 30)) + i;
    }
  };

  const initByArray = (key: readonly number[]) => {
    initGenrand(state, 19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k !== 0; --k) {
      const prev = state[i - 1]!;
      state[i] = (state[i]! ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key[j]! + j;
      i++;
      j++;
      if (i >= N) {
        state[0] = state[N - 1]!;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k !== 0; k--) {
      const prev = state[i - 1]!;
      state[i] = (state[i]! ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i;
      i++;
      if (i >= N) {
        state[0] = state[N - 1]!;
        i = 1;
      }
    }
    state[0] = UPPER;
  };

  const twist = () => {
    for (let k = 0; k < N - M; k++) {
      const y = (state[k]! & UPPER) | (state[k + 1]! & LOWER);
      state[k] = state[k + M]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (let k = N - M; k < N - 1; k++) {
      const y = (state[k]! & UPPER) | (state[k + 1]! & LOWER);
      state[k] = state[k + M - N]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    const y = (state[N - 1]! & UPPER) | (state[0]! & LOWER);
    state[N - 1] = state[M - 1]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    index = 0;
  };

  const nextU32 = () => {
    if (index >= N) twist();
    let y = state[index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  };

  const seed = (value: number | number[]) => {
    if (typeof value === 'number') initGenrand(state, value);
    else initByArray(value);
    twist();
  };
  seed(0);

  return {
    next: () => ((nextU32() >>> 5) * 67108864 + (nextU32() >>> 6)) * 1.1102230246251565e-16,
    seed,
  };
}
