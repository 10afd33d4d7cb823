import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { SyncConfig } from '../../config';
import { withService } from '../../db/transactions';
import type { SyncJobData, SyncQueue } from './sync-queue';
import type { SyncRunner } from './sync-runner';
import * as runs from './sync-runs-repository';

export type SyncJobsDeps = {
  pool: Pool;
  queue: Pick<SyncQueue, 'sendRun'>;
  runner: SyncRunner;
  logger: Logger;
  config: Pick<SyncConfig, 'intervalMinutes' | 'jobTimeoutSeconds'> & Partial<Pick<SyncConfig, 'intervalWithWebhooksMinutes'>>;
  /** WEBHOOK_DEGRADED_AFTER_MINUTES: when a connection's webhooks stop counting as healthy. Default 60. */
  webhookDegradedAfterMinutes?: number;
  now?: () => number;
};

/** Scheduled runs queued per tick at most: a burst of thousands waits a minute or two, not the database. */
const DUE_RUNS_PER_TICK = 500;
/** A queued run with no progress this long may have lost its job (the process died before sending it). */
const RESEND_AFTER_SECONDS = 120;

export type SyncJobs = ReturnType<typeof createSyncJobs>;

/** What the workers do with the two queues: run a slice of a sync run; run the scheduler's tick. */
export function createSyncJobs(deps: SyncJobsDeps) {
  const { pool, queue, runner, logger, config } = deps;
  const now = deps.now ?? Date.now;
  const stopping = new AbortController();
  // A slice leaves two thirds of the job's time for its last page (provider retries can take minutes).
  const sliceMs = (config.jobTimeoutSeconds * 1000) / 3;
  const stalledRunningSeconds = Math.max(3600, config.jobTimeoutSeconds * 6);

  return {
    /**
     * One job = one slice of a run. When pages remain (the slice ran out, or this process is
     * stopping) the run is handed on in a new job that any process may take; it resumes after
     * the last saved page.
     */
    async handleSyncJob(data: SyncJobData): Promise<void> {
      const outcome = await runner.runSlice(data.runId, { signal: stopping.signal, deadline: now() + sliceMs });
      if (outcome === 'finished') return;
      const run = await withService(pool, (db) => runs.findRun(db, data.runId));
      if (run?.status !== 'running') return;
      // A paused run's next slice waits in the queue (in Postgres) until the allowance allows.
      const startAfter = outcome === 'paused' && run.paused_until ? run.paused_until : undefined;
      await queue.sendRun(run, { continuation: true, startAfter });
    },

    /** Every minute: queue due incremental syncs, re-send jobs that may be lost, give up on stalled runs. */
    async runSchedulerTick(): Promise<void> {
      if (config.intervalMinutes > 0) {
        const webhooks = { intervalMinutes: config.intervalWithWebhooksMinutes || config.intervalMinutes, degradedAfterMinutes: deps.webhookDegradedAfterMinutes ?? 60 };
        const due = await withService(pool, (db) => runs.insertDueRuns(db, { intervalMinutes: config.intervalMinutes, limit: DUE_RUNS_PER_TICK, webhooks }));
        for (const run of due) await queue.sendRun(run, { continuation: false });
        if (due.length > 0) logger.info({ runs: due.length }, 'scheduled syncs queued');
      }
      const waiting = await withService(pool, (db) => runs.findWaitingRuns(db, RESEND_AFTER_SECONDS));
      // The first job of a run has the run's id: re-sending one that still exists changes nothing.
      for (const run of waiting) await queue.sendRun(run, { continuation: false });
      const stalled = await withService(pool, (db) => runs.failStalledRuns(db, { runningSeconds: stalledRunningSeconds, queuedSeconds: 86_400 }));
      if (stalled.length > 0) logger.warn({ runIds: stalled }, 'stalled sync runs failed');
    },

    /** Running slices stop after their current page and hand their runs on. */
    stop(): void {
      stopping.abort();
    },
  };
}
