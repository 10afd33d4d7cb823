import type { Pool } from 'pg';
import type { TMe } from '@voiceagent/shared';
import type { AuthenticatedUser } from '../auth/token-verifier';
import { withUser } from '../db/transactions';

export type MeService = ReturnType<typeof createMeService>;

/** Who a token belongs to, as the database sees it under row-level security. */
export function createMeService(pool: Pool) {
  return {
    async getMe(user: AuthenticatedUser): Promise<TMe> {
      const id = await withUser(pool, user.claims, async (db) => {
        const { rows } = await db.query<{ id: string }>('select auth.uid() as id');
        return rows[0]?.id;
      });
      // withUser sets the claims; a missing uid here means row-level security would see nobody.
      if (!id) throw new Error('auth.uid() is not set inside withUser');
      return { id, email: user.email ?? null };
    },
  };
}
