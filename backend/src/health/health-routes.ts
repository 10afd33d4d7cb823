import { endpoints } from '@voiceagent/shared';
import type { Pool } from 'pg';
import { AppError } from '../http/app-error';
import { mountEndpoint, type EndpointRouters } from '../http/mount-endpoint';

/**
 * Liveness (the process answers) and readiness (the database answers) for orchestrators and start
 * scripts. The start-up gate (runtime/startup-gate.ts) answers both before these are mounted.
 */
export function mountHealthRoutes(routes: EndpointRouters, pool: Pool): void {
  mountEndpoint(routes, endpoints.getHealth, async () => ({ status: 'ok' as const }));
  mountEndpoint(routes, endpoints.getReadiness, async () => {
    try {
      await pool.query('select 1');
    } catch {
      throw new AppError('service_unavailable', 'The database is not reachable', { retryAfterSeconds: 5 });
    }
    return { status: 'ok' as const, database: 'ok' as const };
  });
}
