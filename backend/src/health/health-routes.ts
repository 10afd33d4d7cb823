import express, { type Router } from 'express';
import type { Pool } from 'pg';

/** Liveness (the process answers) and readiness (the database answers) for orchestrators and start scripts. */
export function createHealthRouter(pool: Pool): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      await pool.query('select 1');
      res.json({ status: 'ok', database: 'ok' });
    } catch {
      res.status(503).json({ error: { code: 'service_unavailable', message: 'The database is not reachable' } });
    }
  });
  return router;
}
