import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import type { TPlatform, TSyncRun, TSyncRunListQuery, TSyncRunListResponse, TSyncStartResponse } from '@voiceagent/shared';
import type { AuthenticatedUser } from '../../auth/token-verifier';
import { withService, withUser } from '../../db/transactions';
import { AppError } from '../../http/app-error';
import { findConnectionSyncState } from './connection-sync-repository';
import { decodeRunCursor, encodeRunCursor, toSyncRunDto } from './sync-run-dto';
import * as runs from './sync-runs-repository';
import type { SyncQueue } from './sync-queue';

export type SyncServiceDeps = {
  pool: Pool;
  queue: Pick<SyncQueue, 'sendRun'>;
  logger: Logger;
};

export type SyncService = ReturnType<typeof createSyncService>;

type StartedRun = { run: runs.SyncRunRow; alreadyRunning: boolean };

/**
 * Starting syncs (on demand, on connect) and reading their progress. A run row is queued in the
 * database first (the one-active-run index decides races), then its job is sent; a job lost in
 * between is sent again by the scheduler.
 */
export function createSyncService(deps: SyncServiceDeps) {
  const { pool, queue, logger } = deps;

  async function sendJob(run: runs.SyncRunRow): Promise<void> {
    try {
      await queue.sendRun(run, { continuation: false });
    } catch (error) {
      logger.error({ err: error, runId: run.id }, 'sending a sync job failed; the scheduler sends it again within minutes');
    }
  }

  /** Queues a run, or finds the one already queued or running (the insert loses a race only to a run that just ended). */
  async function queueRun(db: PoolClient, input: { userId: string; platform: TPlatform; kind: runs.SyncKind; since: Date | null }): Promise<StartedRun> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const inserted = await runs.insertRun(db, input);
      if (inserted) return { run: inserted, alreadyRunning: false };
      const active = await runs.findActiveRun(db, input.userId, input.platform);
      if (active) return { run: active, alreadyRunning: true };
    }
    throw new AppError('conflict', `Could not queue a ${input.platform} sync; try again`);
  }

  async function startSync(user: Pick<AuthenticatedUser, 'id'>, platform: TPlatform, mode?: 'full' | 'incremental'): Promise<TSyncStartResponse> {
    // A run's kind, status and cursor are the server's: users may only read sync_runs (0110).
    const started = await withService(pool, async (db) => {
      const connection = await findConnectionSyncState(db, user.id, platform);
      if (!connection) throw new AppError('crm_not_connected', `${platform} is not connected`, { platform });
      if (connection.status === 'needs_reauth') throw new AppError('crm_auth_revoked', `The ${platform} connection needs to be reconnected`, { platform });
      // Incremental needs a completed full sync to build on.
      const kind = mode === 'full' || !connection.last_full_sync_at ? 'full' : 'incremental';
      return queueRun(db, { userId: user.id, platform, kind, since: connection.sync_watermark });
    });
    if (!started.alreadyRunning) await sendJob(started.run);
    return { runId: started.run.id, alreadyRunning: started.alreadyRunning };
  }

  return {
    startSync,

    /**
     * Queues a backfill of the mapping targets that changed (`custom:<key>`, `standard:<field>`),
     * beside any sync of the connection; a backfill still waiting or running is folded into it.
     * A connection that must be reconnected first gets none: the full sync after reconnecting reads every field.
     */
    async startBackfill(userId: string, platform: TPlatform, targets: readonly string[]): Promise<TSyncStartResponse | null> {
      const run = await withService(pool, async (db) => {
        const connection = await findConnectionSyncState(db, userId, platform);
        if (!connection || connection.status === 'needs_reauth') return null;
        return runs.replaceBackfill(db, { userId, platform, targets });
      });
      if (!run) return null;
      await sendJob(run);
      return { runId: run.id, alreadyRunning: false };
    },

    /** OAuthService's onConnected: the first full sync, unless one is already under way. */
    async startFirstSync(userId: string, platform: TPlatform): Promise<void> {
      const started = await withService(pool, (db) => queueRun(db, { userId, platform, kind: 'full', since: null }));
      if (!started.alreadyRunning) await sendJob(started.run);
    },

    async listRuns(user: AuthenticatedUser, query: TSyncRunListQuery): Promise<TSyncRunListResponse> {
      const after = query.cursor === undefined ? null : decodeRunCursor(query.cursor);
      const rows = await withUser(pool, user.claims, (db) => runs.listRuns(db, { userId: user.id, platform: query.platform, limit: query.limit, after }));
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      const nextCursor = rows.length > query.limit && last ? encodeRunCursor({ queuedAt: last.position, id: last.id }) : null;
      return { runs: page.map(toSyncRunDto), nextCursor };
    },

    async getRun(user: AuthenticatedUser, id: string): Promise<TSyncRun> {
      // RLS hides other users' runs: theirs are as absent as ids that never existed.
      const row = await withUser(pool, user.claims, (db) => runs.findRun(db, id));
      if (!row) throw new AppError('not_found', 'No sync run with this id');
      return toSyncRunDto(row);
    },
  };
}
