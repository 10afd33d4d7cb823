import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { CredentialsService } from '../crm/credentials/credentials-service';
import type { CrmRegistry } from '../crm/registry';
import { withService } from '../db/transactions';
import { AppError, type ErrorCode } from '../http/app-error';
import * as results from './call-results-repository';
import { toCallLog } from './call-log';
import type { WriteBackJob, WriteBackQueue } from './writeback-queue';

export type WriteBackJobsDeps = {
  pool: Pool;
  queue: Pick<WriteBackQueue, 'send'>;
  registry: CrmRegistry;
  credentials: Pick<CredentialsService, 'getSession'>;
  logger: Logger;
  /** How long one attempt may hold a result; the job's own timeout. */
  leaseSeconds: number;
};

/**
 * Failures that no retry can mend: the user must reconnect (then POST /sync-results re-drives),
 * or the CRM refused this call for good (say, the contact is gone there).
 */
const FINAL_CODES = new Set<ErrorCode>(['crm_not_connected', 'crm_not_configured', 'crm_auth_revoked', 'crm_duplicate', 'provider_rejected', 'validation_failed']);
/** Unfinished write-backs untouched this long may have lost their job. */
const STALE_AFTER_SECONDS = 120;
const SWEEP_LIMIT = 500;

export type WriteBackJobs = ReturnType<typeof createWriteBackJobs>;

/** What the write-back workers do: log one result's call in its CRM; re-send lost jobs. */
export function createWriteBackJobs(deps: WriteBackJobsDeps) {
  const { pool, queue, registry, credentials, logger, leaseSeconds } = deps;

  /** After the CRM took the call its id must be saved, or a retry would log the call twice: try harder than once. */
  async function saveCrmCallId(target: { userId: string; resultId: string }, crmCallId: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await withService(pool, (db) => results.markWrittenBack(db, target, crmCallId));
        return;
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
      }
    }
  }

  return {
    /**
     * One attempt. A result that already has its CRM call id (a retry after success, a second
     * job of the same result) or that another worker holds is left alone. A failure that a retry
     * may mend is rethrown so that pg-boss retries it with backoff, until its retries are spent.
     */
    async handleWriteBack(job: WriteBackJob): Promise<void> {
      const target = { userId: job.data.userId, resultId: job.data.resultId };
      const claimed = await withService(pool, (db) => results.claimResult(db, target, leaseSeconds));
      if (!claimed) return;
      let crmCallId: string;
      try {
        const session = await credentials.getSession(claimed.user_id, claimed.platform);
        const service = registry.get(claimed.platform);
        const call = toCallLog(claimed);
        // An earlier attempt may have logged the call and lost the answer (a timeout, a dropped
        // connection): look for it before logging it again.
        const earlier = claimed.attempt > 1 ? await service.findLoggedCall(session, call) : null;
        if (earlier) logger.info({ resultId: target.resultId, platform: claimed.platform, attempt: claimed.attempt }, 'found the call an earlier write-back attempt logged');
        crmCallId = (earlier ?? (await service.logCall(session, call))).externalId;
      } catch (error) {
        const isRetryable = !(error instanceof AppError && FINAL_CODES.has(error.code));
        const isFinal = !isRetryable || job.retryCount >= job.retryLimit;
        const code = error instanceof AppError ? error.code : 'internal_error';
        const message = error instanceof Error ? error.message : String(error);
        await withService(pool, (db) => results.markAttemptFailed(db, target, { isFinal, code, message }));
        logger.warn({ resultId: target.resultId, platform: claimed.platform, code, attempt: job.retryCount + 1, isFinal }, 'call write-back failed');
        if (!isFinal) throw error;
        return;
      }
      await saveCrmCallId(target, crmCallId);
    },

    /**
     * A job pg-boss gave up on without our handler's verdict (its last attempt timed out): the
     * result ends as failed, unless it was written back after all (then nothing changes).
     */
    async handleAbandoned(data: WriteBackJob['data']): Promise<void> {
      const target = { userId: data.userId, resultId: data.resultId };
      const message = 'The write-back did not finish in time; retry it';
      await withService(pool, (db) => results.markAttemptFailed(db, target, { isFinal: true, code: 'provider_timeout', message }));
      logger.warn({ resultId: target.resultId }, 'call write-back abandoned after its last attempt timed out');
    },

    /** Every minute: re-sends the jobs of write-backs that have been waiting too long (a no-op for jobs that still exist). */
    async sweep(): Promise<void> {
      const stale = await withService(pool, (db) => results.findStaleUnfinished(db, STALE_AFTER_SECONDS, SWEEP_LIMIT));
      await queue.send(stale, { isRedrive: false });
    },
  };
}
