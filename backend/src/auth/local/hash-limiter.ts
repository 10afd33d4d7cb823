/**
 * Bounds the password hashes one process computes at once. Each scrypt hash takes 128 MiB and a
 * few hundred milliseconds of a core, so a flood of sign-ins would otherwise exhaust memory and
 * starve every other request. Callers over the bound wait in line for at most `maxWaitMs`, then
 * give up with `HashLimiterBusyError` (answered 429 with Retry-After).
 *
 * Two lines: `low` is for attempts on an email address that has recently failed, so that a
 * person signing in to an account nobody is attacking goes ahead of the guesses queued for the
 * accounts that are.
 */
export type HashPriority = 'normal' | 'low';

export type HashLimiter = {
  run<T>(priority: HashPriority, task: () => Promise<T>): Promise<T>;
};

export class HashLimiterBusyError extends Error {
  constructor() {
    super('Too many password hashes are waiting');
    this.name = 'HashLimiterBusyError';
  }
}

type Waiter = { start: () => void; timer: NodeJS.Timeout };

export function createHashLimiter(options: { concurrency: number; maxWaitMs: number }): HashLimiter {
  let active = 0;
  const lines: Record<HashPriority, Waiter[]> = { normal: [], low: [] };

  function release(): void {
    const next = lines.normal.shift() ?? lines.low.shift();
    if (next) {
      clearTimeout(next.timer);
      next.start();
    } else {
      active--;
    }
  }

  function acquire(priority: HashPriority): Promise<void> {
    if (active < options.concurrency) {
      active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const line = lines[priority];
      // The slot passes straight from release() to this waiter: `active` stays as it is.
      const waiter: Waiter = {
        start: resolve,
        timer: setTimeout(() => {
          line.splice(line.indexOf(waiter), 1);
          reject(new HashLimiterBusyError());
        }, options.maxWaitMs),
      };
      line.push(waiter);
    });
  }

  return {
    async run(priority, task) {
      await acquire(priority);
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
