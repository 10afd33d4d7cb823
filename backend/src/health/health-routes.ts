import express, { type Router } from 'express';
import type { Pool } from 'pg';

/** Also answered by the start-up gate (runtime/startup-gate.ts) before this router exists. */
export const HEALTH_PATHS = { liveness: '/healthz', readiness: '/readyz' } as const;

/** Liveness (the process answers) and readiness (the database answers) for orchestrators and start scripts. */
export function createHealthRouter(pool: Pool): Router {
  const router = express.Router();
  router.get(HEALTH_PATHS.liveness, (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get(HEALTH_PATHS.readiness, async (_req, res) => {
    try {
      await pool.query('select 1');
      res.json({ status: 'ok', database: 'ok' });
    } catch {
      res.setHeader('Retry-After', '5');
      res.status(503).json({ error: { code: 'service_unavailable', message: 'The database is not reachable' } });
    }
  });
  return router;
}
