import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { TPlatform } from '@voiceagent/shared';
import type { CredentialsService } from '../crm/credentials/credentials-service';
import type { CRMService, LogCallResult, ProviderSession } from '../crm/crm-service';
import type { CrmRegistry } from '../crm/registry';
import { withService } from '../db/transactions';
import { AppError, type ErrorCode } from '../http/app-error';
import { toCallLog } from './call-log';
import type { WriteBackJobData, WriteBackQueue } from './writeback-queue';
import * as repo from './writeback-repository';

export type WriteBackJobsDeps = {
  pool: Pool;
  queue: Pick<WriteBackQueue, 'wake'>;
  registry: CrmRegistry;
  credentials: Pick<CredentialsService, 'getSession'>;
  logger: Logger;
  /** The job's own timeout: how long a job, and each batch it takes, may hold its results. */
  leaseSeconds: number;
  /** Retries of a failed result before it shows as failed, and the delay before the first one (doubling after). */
  retry: repo.RetryPolicy;
};

/**
 * Failures that no retry can mend: the user must reconnect (then POST /sync-results re-drives),
 * or the CRM refused this call for good (say, the contact is gone there).
 */
const FINAL_CODES = new Set<ErrorCode>(['crm_not_connected', 'crm_not_configured', 'crm_auth_revoked', 'crm_duplicate', 'provider_rejected', 'validation_failed']);
/** Unfinished write-backs untouched this long may have lost their job. */
const STALE_AFTER_SECONDS = 120;
const SWEEP_LIMIT = 500;
const ABANDONED_MESSAGE = 'The write-back did not finish in time; retry it';
/** Batches of one connection in flight at once within a job. */
const BATCHES_UNDER_WAY = 2;

type BatchOutcome = { written: number; failed: number; isProviderDown: boolean };

export type WriteBackJobs = ReturnType<typeof createWriteBackJobs>;

/**
 * What the write-back workers do. A job writes back one connection's waiting results: it takes
 * them a batch at a time (as many as one request of the CRM carries), looks for the calls an
 * earlier attempt may have logged unseen, logs the rest in one request, and records a verdict per
 * result. A result that failed waits for its own retry; the others of its batch are done.
 */
export function createWriteBackJobs(deps: WriteBackJobsDeps) {
  const { pool, queue, registry, credentials, logger, leaseSeconds, retry } = deps;

  /** After the CRM took the calls their ids must be saved, or a retry would look for them again: try harder than once. */
  async function saveWritten(userId: string, written: Array<{ id: string; crmCallId: string }>): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await withService(pool, (db) => repo.markWrittenBack(db, userId, written));
        return;
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
      }
    }
  }

  /** A job at `at`, a little after it: Postgres keeps microseconds that a Date drops, and a job a moment early finds nothing due. */
  function wakeAt(connection: repo.Connection, at: Date): Promise<void> {
    return queue.wake([connection], new Date(at.getTime() + 10));
  }

  /** Records failures; those to be retried get a job at their retry time. */
  async function saveFailed(connection: repo.Connection, failures: repo.AttemptFailure[]): Promise<void> {
    if (failures.length === 0) return;
    const states = await withService(pool, (db) => repo.markFailed(db, connection.userId, failures, retry));
    const nextAt = repo.earliest(states.map((state) => state.next_at));
    if (nextAt) await wakeAt(connection, nextAt);
    const code = failures[0]!.code;
    logger.warn({ platform: connection.platform, failed: failures.length, final: states.filter((state) => state.status === 'failed').length, code }, 'call write-back failed');
  }

  /** One batch: lookup of the unsure ones, one logCalls for the rest, a verdict for each. */
  async function writeBatch(connection: repo.Connection, service: CRMService, batch: repo.ClaimedResult[], getSession: () => Promise<ProviderSession>): Promise<BatchOutcome> {
    let open = batch;
    let written = 0;
    let verdicts: LogCallResult[];
    try {
      const session = await getSession();
      const unsure = batch.filter((result) => result.is_unsure);
      if (unsure.length > 0) {
        // An earlier attempt sent these and heard nothing back (a timeout, a lost answer): look before logging again.
        const found = await service.findLoggedCalls(session, unsure.map(toCallLog));
        const earlier = unsure.flatMap((result, i) => (found[i] ? [{ id: result.id, crmCallId: found[i]!.externalId }] : []));
        if (earlier.length > 0) {
          await saveWritten(connection.userId, earlier);
          written = earlier.length;
          logger.info({ platform: connection.platform, found: earlier.length }, 'found calls an earlier write-back attempt logged');
          const done = new Set(earlier.map((item) => item.id));
          open = batch.filter((result) => !done.has(result.id));
        }
      }
      if (open.length === 0) return { written, failed: 0, isProviderDown: false };
      verdicts = await service.logCalls(session, open.map(toCallLog));
    } catch (error) {
      // The request failed as a whole: whether the CRM took any of the calls is unknown (the claim said so).
      const code = error instanceof AppError ? error.code : 'internal_error';
      const message = error instanceof Error ? error.message : String(error);
      const isRetryable = !FINAL_CODES.has(code);
      await saveFailed(connection, open.map((result) => ({ id: result.id, isRetryable, code, message, isUnsure: null })));
      return { written, failed: open.length, isProviderDown: isRetryable };
    }
    const logged: Array<{ id: string; crmCallId: string }> = [];
    const refused: repo.AttemptFailure[] = [];
    open.forEach((result, i) => {
      const verdict = verdicts[i]!;
      if (verdict.ok) logged.push({ id: result.id, crmCallId: verdict.externalId });
      // The CRM answered for this one alone: it does not hold it, so its retry need not look.
      else refused.push({ id: result.id, isRetryable: !FINAL_CODES.has(verdict.error.code), code: verdict.error.code, message: verdict.error.message, isUnsure: false });
    });
    await saveWritten(connection.userId, logged);
    await saveFailed(connection, refused);
    return { written: written + logged.length, failed: refused.length, isProviderDown: false };
  }

  /**
   * Drains a connection's due results until none is left, the CRM looks down (its retry job
   * resumes), or half the job's time is spent (a fresh job carries on, so no job outlives its
   * timeout). Two batches are under way at once, so one's database work overlaps the other's
   * request; the connection's rate limiter still spaces the requests.
   */
  async function drain(connection: repo.Connection, holder: string): Promise<void> {
    const service = registry.get(connection.platform);
    const deadline = Date.now() + (leaseSeconds * 1000) / 2;
    let session: Promise<ProviderSession> | null = null;
    // One session for the whole job; a failed lookup of it is tried again by the next batch.
    const getSession = () => {
      session ??= credentials.getSession(connection.userId, connection.platform).catch((error: unknown) => {
        session = null;
        throw error;
      });
      return session;
    };
    const run: { state: 'draining' | 'empty' | 'provider-down' | 'out-of-time' } = { state: 'draining' };
    // Claims take turns: two at once would split a few waiting results into two smaller requests.
    let claiming: Promise<unknown> = Promise.resolve();
    const claimNext = () => {
      const claim = claiming.then(() => withService(pool, (db) => repo.claimBatch(db, connection, { limit: service.maxCallsPerBatch, leaseSeconds, holder })));
      claiming = claim.catch(() => undefined);
      return claim;
    };
    const work = async () => {
      while (run.state === 'draining') {
        if (Date.now() > deadline) {
          run.state = 'out-of-time';
          return;
        }
        const batch = await claimNext();
        if (batch.length === 0) {
          if (run.state === 'draining') run.state = 'empty';
          return;
        }
        const outcome = await writeBatch(connection, service, batch, getSession);
        logger.debug({ platform: connection.platform, batch: batch.length, ...outcome }, 'call write-back batch');
        if (outcome.isProviderDown) run.state = 'provider-down';
      }
    };
    await Promise.all(Array.from({ length: BATCHES_UNDER_WAY }, work));
    if (run.state === 'out-of-time') return queue.wake([connection]);
    if (run.state === 'empty') {
      // Results still waiting (a retry not due yet, a lease that may belong to a dead job) get a job of their own.
      const nextDue = await withService(pool, (db) => repo.findNextDue(db, connection));
      if (nextDue) await wakeAt(connection, nextDue);
    }
  }

  return {
    /** One job: the connection's waiting results, in batches. */
    async handleJob(platform: TPlatform, data: WriteBackJobData): Promise<void> {
      await drain({ userId: data.userId, platform: data.platform ?? platform }, data.holder ?? randomUUID());
    },

    /**
     * A job pg-boss gave up on without our handler's verdict (it outlived its timeout): each result
     * it held counts a failed attempt, and ends as failed once its retries are spent — unless its
     * call was written back after all (then nothing changes).
     */
    async handleAbandoned(data: WriteBackJobData): Promise<void> {
      // A job queued before batching held its result without naming itself; the sweeper re-drives it.
      if (!data.holder) return;
      const retrying = await withService(pool, (db) => repo.failHeld(db, data.holder!, ABANDONED_MESSAGE, retry));
      for (const { nextAt, ...connection } of retrying) await (nextAt ? wakeAt(connection, nextAt) : queue.wake([connection]));
      logger.warn({ userId: data.userId, platform: data.platform }, 'call write-back job abandoned after it outlived its timeout');
    },

    /** Every minute: wakes the connections whose write-backs have been waiting too long (a no-op where a job is queued). */
    async sweep(): Promise<void> {
      const stale = await withService(pool, (db) => repo.findStaleConnections(db, STALE_AFTER_SECONDS, SWEEP_LIMIT));
      await queue.wake(stale);
    },
  };
}
