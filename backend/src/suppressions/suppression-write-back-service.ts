import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import type { TPlatform, TSuppressionCrmWriteBack } from '@voiceagent/shared';
import type { AuditService } from '../audit/audit-service';
import type { BulkJobQueue } from '../bulk/bulk-job-queue';
import * as bulkRepo from '../bulk/bulk-jobs-repository';
import type { StoredTarget } from '../bulk/bulk-update-params';
import type { CrmRegistry } from '../crm/registry';
import { withService } from '../db/transactions';
import { findSuppressionWriteBack } from '../me/user-settings-repository';
import * as repo from './suppression-write-back-repository';

/** Marks the bulk jobs that write suppressions back (bulk_jobs.params.origin), for whoever reads the rows. */
export const SUPPRESSION_WRITE_BACK_ORIGIN = 'suppression_write_back';

/** A write-back made in the suppressions' transaction, to be queued once that transaction has committed. */
export type WriteBackPlan = { userId: string; jobId: string; platforms: TPlatform[]; total: number; actor: 'user' | 'service' | 'system' };

export type SuppressionWriteBackDeps = {
  pool: Pool;
  registry: CrmRegistry;
  /** The bulk jobs' queue: the write-back is an ordinary bulk update, worked by bulk-job-runner. */
  queue: Pick<BulkJobQueue, 'send'>;
  audit?: Pick<AuditService, 'record'>;
  logger: Logger;
};

export type SuppressionWriteBack = ReturnType<typeof createSuppressionWriteBack>;

/**
 * Writes newly suppressed numbers back to the CRMs when the user's setting asks for it: the
 * contacts and leads with the number get `true` in their object's do-not-call field, through the
 * bulk update machinery (one job for a whole call, a whole CSV: a pg-boss job per CRM, batches of
 * the CRM's size, a verdict per record). `plan` runs inside the transaction that adds the numbers,
 * so both commit together; `send` queues the job after the commit.
 */
export function createSuppressionWriteBack(deps: SuppressionWriteBackDeps) {
  const { pool, registry, queue, logger } = deps;

  /**
   * The field each CRM object writes: the user's working mapping onto doNotCall, else the CRM's
   * own default (Salesforce's DoNotCall on Contact and Lead); none for an object with neither
   * (HubSpot and Zoho unmapped), or whose field the catalogue says is read-only or calculated.
   * Connections of CRMs this server does not run are left out: no worker would ever take their rows.
   */
  async function findTargetFields(db: PoolClient, userId: string): Promise<repo.DoNotCallField[]> {
    const connected = await repo.findConnectedPlatforms(db, userId);
    const mappings = await repo.findDoNotCallMappings(db, userId);
    const fields: repo.DoNotCallField[] = [];
    for (const service of registry.configured().filter((candidate) => connected.includes(candidate.platform))) {
      const { platform } = service;
      for (const objectType of service.supportsLeads ? (['contact', 'lead'] as const) : (['contact'] as const)) {
        const mapped = mappings.find((mapping) => mapping.platform === platform && mapping.objectType === objectType);
        const fallback = service.standardFieldDefaults.find((entry) => entry.objectType === objectType && entry.target === 'doNotCall');
        const field = mapped?.field ?? fallback?.field;
        if (field) fields.push({ platform, objectType, field });
      }
    }
    const unwritable = await repo.findUnwritableFields(db, userId, fields);
    return fields.filter((field) => !unwritable.has(`${field.platform}:${field.objectType}:${field.field}`));
  }

  return {
    /**
     * In the caller's transaction (as the service): with the setting on, records that these new
     * suppressions asked for a write-back and creates the job's rows. Null when the setting is off
     * or no record needs writing (the suppressions then read `off` or `nothing_to_update`).
     */
    async plan(db: PoolClient, userId: string, suppressionIds: string[], actor: WriteBackPlan['actor']): Promise<WriteBackPlan | null> {
      if (suppressionIds.length === 0 || !(await findSuppressionWriteBack(db, userId))) return null;
      await repo.markWriteBackAsked(db, userId, suppressionIds);
      const fields = await findTargetFields(db, userId);
      if (fields.length === 0) return null;
      const job = await bulkRepo.insertJob(db, { userId, kind: 'crm_update', params: { targets: [], origin: SUPPRESSION_WRITE_BACK_ORIGIN } });
      const counts = await repo.insertWriteBackItems(db, { jobId: job.id, userId, suppressionIds, targets: fields.map((field) => `${field.platform}:${field.objectType}`) });
      if (counts.length === 0) {
        await repo.deleteJob(db, job.id);
        return null;
      }
      const targets: StoredTarget[] = counts.map((count) => {
        const field = fields.find((candidate) => candidate.platform === count.platform && candidate.objectType === count.objectType)!;
        return { platform: count.platform, objectType: count.objectType, field: field.field, value: true, count: count.count };
      });
      await repo.saveJobParams(db, job.id, { targets, origin: SUPPRESSION_WRITE_BACK_ORIGIN });
      const total = counts.reduce((sum, count) => sum + count.count, 0);
      return { userId, jobId: job.id, platforms: [...new Set(counts.map((count) => count.platform))], total, actor };
    },

    /**
     * After the commit: queues the job, one pg-boss job per CRM. If it cannot be queued its rows
     * fail with the reason, so the suppressions say `failed` rather than `queued` for ever.
     */
    async send(plan: WriteBackPlan | null): Promise<void> {
      if (!plan) return;
      try {
        await queue.send(plan.jobId, plan.platforms);
      } catch (error) {
        logger.error({ err: error, jobId: plan.jobId }, 'queuing a suppression write-back failed; its rows fail');
        await withService(pool, async (db) => {
          await bulkRepo.closePending(db, plan.jobId, { platform: null, status: 'failed', errorCode: 'internal_error', error: 'The write-back could not be queued' });
          await bulkRepo.finishIfDone(db, plan.jobId, []);
        }).catch((cause: unknown) => logger.error({ err: cause, jobId: plan.jobId }, 'failing the rows of an unqueued suppression write-back failed'));
        return;
      }
      await deps.audit?.record({
        userId: plan.userId,
        kind: 'bulk_operation_started',
        outcome: 'success',
        actor: plan.actor,
        details: { jobId: plan.jobId, operation: 'crm_update', origin: SUPPRESSION_WRITE_BACK_ORIGIN, total: plan.total, platforms: plan.platforms },
      });
      logger.info({ jobId: plan.jobId, total: plan.total, platforms: plan.platforms }, 'suppression write-back queued');
    },
  };
}

/** A suppression's write-back as its job rows say it, counted by the suppressions' list query. */
export type WriteBackCounts = { askedAt: Date | null; records: number; pending: number; failed: number; jobIds: string[]; error: string | null };

export function toCrmWriteBack(counts: WriteBackCounts): TSuppressionCrmWriteBack {
  const { records, pending, failed, jobIds } = counts;
  const detail = { jobIds, records, failed, error: failed > 0 ? counts.error : null };
  if (counts.askedAt === null) return { status: 'off', ...detail };
  if (records === 0) return { status: 'nothing_to_update', ...detail };
  if (pending > 0) return { status: 'queued', ...detail };
  return { status: failed > 0 ? 'failed' : 'done', ...detail };
}
