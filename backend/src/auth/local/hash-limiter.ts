/**
 * Bounds the password hashes one process computes at once. Each scrypt hash takes 128 MiB and a
 * few hundred milliseconds of a core, so a flood of sign-ins would otherwise exhaust memory and
 * starve every other request. Callers over the bound wait in line, at most `maxWaiting` per
 * line and `maxWaitMs` each; whoever is turned away gets `HashLimiterBusyError` (answered 429
 * with Retry-After). A line of fixed length, rather than a fixed wait alone, keeps serving
 * those in it however slow the machine is.
 *
 * Under overload the newest waiter goes first and a full line turns away its oldest: a burst
 * of attempts that arrived together then delays a later arrival by one hash at most, instead
 * of shutting it out until the burst has drained.
 *
 * Two lines: `low` is for attempts on an email address with recent failed or unsettled
 * attempts, so that a person signing in to an account nobody is attacking goes ahead of the
 * guesses queued for the accounts that are. With two slots or more, the low line may use all
 * but one: the person then rarely waits at all.
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

type Waiter = { start: () => void; turnAway: () => void; timer: NodeJS.Timeout };

export function createHashLimiter(options: { concurrency: number; maxWaiting: number; maxWaitMs: number }): HashLimiter {
  const active: Record<HashPriority, number> = { normal: 0, low: 0 };
  const lines: Record<HashPriority, Waiter[]> = { normal: [], low: [] };
  // With two slots or more, one is kept for the normal line.
  const lowSlots = Math.max(1, options.concurrency - 1);

  const canStart = (priority: HashPriority) =>
    active.normal + active.low < options.concurrency && (priority === 'normal' || active.low < lowSlots);

  function startWaiters(): void {
    for (const priority of ['normal', 'low'] as const) {
      while (lines[priority].length > 0 && canStart(priority)) {
        const next = lines[priority].pop()!;
        clearTimeout(next.timer);
        active[priority]++;
        next.start();
      }
    }
  }

  function acquire(priority: HashPriority): Promise<void> {
    if (canStart(priority)) {
      active[priority]++;
      return Promise.resolve();
    }
    const line = lines[priority];
    if (options.maxWaiting === 0) return Promise.reject(new HashLimiterBusyError());
    if (line.length >= options.maxWaiting) line.shift()!.turnAway();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        start: resolve,
        turnAway: () => {
          clearTimeout(waiter.timer);
          reject(new HashLimiterBusyError());
        },
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
        active[priority]--;
        startWaiters();
      }
    },
  };
}
