import express, { type Router } from 'express';
import type { TMe } from '@voiceagent/shared';
import type { Pool } from 'pg';
import { getUser } from '../auth/require-user';
import { withUser } from '../db/transactions';

/** GET /api/v1/me — who the token belongs to, as the database sees it under row-level security. */
export function createMeRouter(pool: Pool): Router {
  const router = express.Router();
  router.get('/me', async (req, res) => {
    const user = getUser(req);
    const id = await withUser(pool, user.claims, async (db) => {
      const { rows } = await db.query<{ id: string }>('select auth.uid() as id');
      return rows[0]?.id;
    });
    // withUser sets the claims; a missing uid here means row-level security would see nobody.
    if (!id) throw new Error('auth.uid() is not set inside withUser');
    const body: TMe = { id, email: user.email ?? null };
    res.json(body);
  });
  return router;
}
