import type { Pool } from 'pg';
import type { BudgetStore } from './budget-store';

/**
 * The budgets in Postgres (migration 0215): each call is one statement, a security definer
 * function running as service_role, so one round trip and no transaction of ours around it.
 */
export function createPgBudgetStore(pool: Pool): BudgetStore {
  return {
    async take(key, shape, count) {
      const { rows } = await pool.query<{ before: number }>(`select private.take_provider_tokens($1, $2, $3, $4, $5, $6) as before`, [
        key.platform,
        key.accountId,
        key.name,
        shape.capacity,
        shape.perSecond,
        count,
      ]);
      return Number(rows[0]!.before);
    },
    async capAt(key, tokens) {
      await pool.query(`select private.cap_provider_tokens($1, $2, $3, $4)`, [key.platform, key.accountId, key.name, tokens]);
    },
    async spendRefresh(platform, tokenHash, max, windowMs) {
      const { rows } = await pool.query<{ wait: number }>(`select private.spend_provider_refresh($1, $2, $3, $4) as wait`, [platform, tokenHash, max, windowMs]);
      return Number(rows[0]!.wait);
    },
  };
}
