import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { TPlatform } from '@voiceagent/shared';
import type { AuditService } from '../audit/audit-service';
import type { CredentialsService } from '../crm/credentials/credentials-service';
import type { ContactRef, ContactUpdate, ProviderSession, UpdateContactResult } from '../crm/crm-service';
import type { CrmRegistry } from '../crm/registry';
import type { SyncService } from '../crm/sync/sync-service';
import { withService } from '../db/transactions';
import { AppError, type ErrorCode } from '../http/app-error';
import { readUpdateParams } from './bulk-update-params';
import type { BulkJobData, BulkJobQueue } from './bulk-job-queue';
import * as repo from './bulk-jobs-repository';

export type BulkJobRunnerDeps = {
  pool: Pool;
  queue: Pick<BulkJobQueue, 'send'>;
  registry: CrmRegistry;
  credentials: Pick<CredentialsService, 'getSession'>;
  sync: Pick<SyncService, 'startSync'>;
  audit?: Pick<AuditService, 'record'>;
  logger: Logger;
  /** The queue's job timeout: a job hands itself on after half of it, so none outlives it. */
  jobTimeoutSeconds: number;
  /** How an import's batch is read, checked and created (imports/): its rows hold cells, not contacts. */
  imports?: { runBatch(job: repo.BulkJobRow, platform: TPlatform, getSession: () => Promise<ProviderSession>): Promise<{ claimed: number; failedCode: ErrorCode | null }> };
};

/** Failures after which no later batch of the CRM can do better: its remaining rows fail with the same reason at once. */
const CONNECTION_CODES = new Set<ErrorCode>(['crm_not_connected', 'crm_not_configured', 'crm_auth_revoked']);

export type BulkJobRunner = ReturnType<typeof createBulkJobRunner>;

type Operation = { batchSize: number; isArchive: boolean; send(session: ProviderSession, batch: repo.ClaimedItem[]): Promise<UpdateContactResult[]> };

/**
 * What a bulk-job worker does with a job's rows at one CRM: batch after batch of the pending rows
 * (as many as one request of the CRM carries, one object type each), a verdict per row saved with
 * the job's counts. Only pending rows are taken, so a job resumed after its worker died sends
 * none of the rows already answered; a cancel is read before every batch. The last CRM to finish
 * ends the job, records it in the activity log and queues an incremental sync of each CRM it wrote to.
 */
export function createBulkJobRunner(deps: BulkJobRunnerDeps) {
  const { pool, registry, credentials, logger } = deps;

  /**
   * Ends the job once nothing is pending. The syncs are queued first, so that a job seen as ended
   * already says they are; two workers finishing at once may both ask (a sync already queued is
   * not queued twice), and only one ends the job and records it.
   */
  async function finish(jobId: string): Promise<void> {
    if (!(await withService(pool, (db) => repo.isReadyToFinish(db, jobId)))) return;
    const job = await withService(pool, (db) => repo.findJobById(db, jobId));
    if (!job) return;
    const touched = await withService(pool, (db) => repo.findTouchedPlatforms(db, jobId));
    const queued: TPlatform[] = [];
    for (const platform of touched) {
      try {
        await deps.sync.startSync({ id: job.user_id }, platform, 'incremental');
        queued.push(platform);
      } catch (error) {
        // The scheduled sync brings the changes in later; the job's own outcome stands.
        logger.warn({ err: error, jobId, platform }, 'queuing the sync after a bulk job failed');
      }
    }
    const ended = await withService(pool, (db) => repo.finishIfDone(db, jobId, queued));
    if (!ended) return;
    await deps.audit?.record({
      userId: ended.user_id,
      kind: 'bulk_operation_finished',
      outcome: ended.status === 'succeeded' || ended.status === 'cancelled' ? 'success' : 'failure',
      actor: 'system',
      details: { jobId, operation: ended.kind, status: ended.status, total: ended.total_count, succeeded: ended.succeeded_count, failed: ended.failed_count, skipped: ended.skipped_count },
    });
    logger.info({ jobId, status: ended.status, succeeded: ended.succeeded_count, failed: ended.failed_count, skipped: ended.skipped_count }, 'bulk job ended');
  }

  /** What a job does with one batch of its rows at this CRM: set the fields, or archive. */
  function operationOf(job: repo.BulkJobRow, platform: TPlatform): Operation {
    const service = registry.get(platform);
    const refOf = (item: repo.ClaimedItem): ContactRef => ({ externalId: item.external_id, objectType: item.object_type });
    if (job.kind === 'crm_archive') {
      return { batchSize: service.maxArchivesPerBatch, isArchive: true, send: (session, batch) => service.archiveContacts(session, batch.map(refOf)) };
    }
    const { targets } = readUpdateParams(job.params);
    const fieldsOf = (objectType: 'contact' | 'lead'): ContactUpdate['fields'] => {
      const target = targets.find((candidate) => candidate.platform === platform && candidate.objectType === objectType);
      return target?.field === undefined ? {} : { [target.field]: target.value ?? null };
    };
    return {
      batchSize: service.maxUpdatesPerBatch,
      isArchive: false,
      send: (session, batch) => service.updateContacts(session, batch.map((item) => ({ ...refOf(item), fields: fieldsOf(item.object_type) }))),
    };
  }

  /** One batch: the CRM's verdicts, or the reason the request failed as a whole for each of its rows. */
  async function runBatch(job: repo.BulkJobRow, platform: TPlatform, batch: repo.ClaimedItem[], operation: Operation, getSession: () => Promise<ProviderSession>): Promise<ErrorCode | null> {
    let verdicts: repo.ItemVerdict[];
    let failedCode: ErrorCode | null = null;
    try {
      const results = await operation.send(await getSession(), batch);
      verdicts = batch.map((item, i) => {
        const result = results[i]!;
        return result.ok
          ? { id: item.id, status: 'succeeded', errorCode: null, error: null }
          : { id: item.id, status: 'failed', errorCode: result.error.code, error: result.error.message };
      });
    } catch (error) {
      // The request failed as a whole after the client's retries: every row of it fails, with the reason.
      failedCode = error instanceof AppError ? error.code : 'internal_error';
      const message = error instanceof Error ? error.message : String(error);
      verdicts = batch.map((item) => ({ id: item.id, status: 'failed', errorCode: failedCode, error: message }));
      logger.warn({ jobId: job.id, platform, rows: batch.length, code: failedCode }, 'a bulk job batch failed as a whole');
    }
    await withService(pool, async (db) => {
      await repo.saveVerdicts(db, job.id, verdicts);
      // Archived at the CRM: gone from the lists here now, not at the next deletion scan.
      const archived = verdicts.filter((verdict) => verdict.status === 'succeeded').map((verdict) => verdict.id);
      if (operation.isArchive && archived.length > 0) await repo.markContactsDeleted(db, job.id, archived);
    });
    return failedCode;
  }

  return {
    /** One queued job: this CRM's pending rows of the job, until none is left, a cancel, or the time slice ends. */
    async handleJob(data: BulkJobData): Promise<void> {
      const { jobId, platform } = data;
      const started = await withService(pool, (db) => repo.startJob(db, jobId));
      if (!started) return;
      const operation = started.kind === 'import' ? null : operationOf(started, platform);
      const deadline = Date.now() + (deps.jobTimeoutSeconds * 1000) / 2;
      let session: Promise<ProviderSession> | null = null;
      const getSession = () => {
        session ??= credentials.getSession(started.user_id, platform).catch((error: unknown) => {
          session = null;
          throw error;
        });
        return session;
      };
      for (;;) {
        const job = await withService(pool, (db) => repo.findJobById(db, jobId));
        if (!job) return;
        if (job.cancel_requested_at) {
          await withService(pool, (db) => repo.closePending(db, jobId, { platform, status: 'skipped', errorCode: null, error: null }));
          break;
        }
        if (Date.now() > deadline) {
          await deps.queue.send(jobId, [platform]);
          return;
        }
        let failedCode: ErrorCode | null;
        if (operation) {
          const batch = await withService(pool, (db) => repo.claimBatch(db, jobId, platform, operation.batchSize));
          if (batch.length === 0) break;
          failedCode = await runBatch(started, platform, batch, operation, getSession);
        } else {
          if (!deps.imports) throw new Error('an import job needs the import batches (imports/)');
          const outcome = await deps.imports.runBatch(started, platform, getSession);
          if (outcome.claimed === 0) break;
          failedCode = outcome.failedCode;
        }
        if (failedCode && CONNECTION_CODES.has(failedCode)) {
          const message = `Not sent: the ${platform} connection could not be used (${failedCode})`;
          await withService(pool, (db) => repo.closePending(db, jobId, { platform, status: 'failed', errorCode: failedCode, error: message }));
          break;
        }
      }
      await finish(jobId);
    },

    /** Ends a job that has nothing left to send (a cancel of a job no worker had taken yet). */
    finish,
  };
}
