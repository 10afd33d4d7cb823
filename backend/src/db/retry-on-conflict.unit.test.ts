import { describe, expect, it } from 'vitest';
import { retryOnConflict } from './retry-on-conflict';

const noWait = async () => {};

/** A transaction that fails with each of `codes` in turn, then answers 'done'. */
function failingWith(...codes: string[]) {
  let runs = 0;
  const transaction = async () => {
    const code = codes[runs];
    runs += 1;
    if (code) throw Object.assign(new Error(`failed with ${code}`), { code });
    return 'done';
  };
  return { transaction, runs: () => runs };
}

describe('retryOnConflict', () => {
  it('runs a transaction again after a deadlock or a serialization failure', async () => {
    const deadlocked = failingWith('40P01', '40001');
    expect(await retryOnConflict(deadlocked.transaction, noWait)).toBe('done');
    expect(deadlocked.runs()).toBe(3);
  });

  it('gives up after three runs, with the last error', async () => {
    const stuck = failingWith('40P01', '40P01', '40P01', '40P01');
    await expect(retryOnConflict(stuck.transaction, noWait)).rejects.toMatchObject({ code: '40P01' });
    expect(stuck.runs()).toBe(3);
  });

  it('does not run again for any other error', async () => {
    const broken = failingWith('23505');
    await expect(retryOnConflict(broken.transaction, noWait)).rejects.toMatchObject({ code: '23505' });
    expect(broken.runs()).toBe(1);
  });
});
