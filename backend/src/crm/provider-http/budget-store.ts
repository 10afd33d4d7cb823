/** Which bucket: a provider account's limiter ('default', 'search'). */
export type BudgetKey = { platform: string; accountId: string; name: string };

/** A token bucket: holds at most `capacity` tokens and refills `perSecond` of them each second. */
export type BucketShape = { capacity: number; perSecond: number };

/**
 * Where the budgets of provider accounts live. Postgres in the product (pg-budget-store.ts), so
 * every process of ours spends the same budget; in memory only for unit tests of one module.
 */
export type BudgetStore = {
  /**
   * Takes `count` tokens and returns the balance before the take, refilled up to now. The balance
   * may go below zero: the taker owns the tokens and waits until they have refilled.
   */
  take(key: BudgetKey, shape: BucketShape, count: number): Promise<number>;
  /** Lowers the balance to at most `tokens`: the provider said fewer remain than the bucket holds. */
  capAt(key: BudgetKey, tokens: number): Promise<void>;
  /**
   * Spends one of `max` refreshes per `windowMs` of a refresh token (by its hash); 0 when spent,
   * otherwise the milliseconds until one is free (nothing spent).
   */
  spendRefresh(platform: string, tokenHash: string, max: number, windowMs: number): Promise<number>;
};
