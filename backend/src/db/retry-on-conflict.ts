import { isTransactionConflict } from './transient-database-error';

const MAX_ATTEMPTS = 3;

/**
 * Runs `transaction` (a whole transaction, such as a withService call) again when Postgres
 * aborted it as a deadlock's victim or a serialization failure: nothing of it was saved, and the
 * same work usually passes at once. Postgres's own advice is to retry such transactions; without
 * it a request that merely met another writer (a results post and a write-back job taking a
 * contact's row and the same rollup rows in the other order) was answered 503.
 * Only for transactions whose effects are all in the database: they run again whole.
 */
export async function retryOnConflict<T>(transaction: () => Promise<T>, wait: (ms: number) => Promise<void> = sleep): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isTransactionConflict(error)) throw error;
      // A little apart, so the two writers that met do not meet again at once.
      await wait(10 * attempt + Math.random() * 20);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
