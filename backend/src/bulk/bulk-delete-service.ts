import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { PLATFORMS, type TBulkDeleteResponse, type ZBulkDeleteBody } from '@voiceagent/shared';
import { auditActorOf } from '../audit/audit-actor';
import type { AuditService } from '../audit/audit-service';
import type { AuthenticatedUser } from '../auth/token-verifier';
import { readContactSelection } from '../crm/contacts/selection/contact-selection';
import type { CrmRegistry } from '../crm/registry';
import { withService, withUser } from '../db/transactions';
import { toBulkJobDto } from './bulk-job-dto';
import type { BulkJobQueue } from './bulk-job-queue';
import { refuseEmptySelection, refuseNothingSelected } from './bulk-selection';
import * as repo from './bulk-jobs-repository';

type BulkDeleteInput = z.output<typeof ZBulkDeleteBody>;

export type BulkDeleteService = ReturnType<typeof createBulkDeleteService>;

/**
 * Bulk delete in the CRMs: the selected contacts of every connected CRM (contacts, and leads where
 * the CRM has them) become a job of kind crm_archive, a job per CRM, like a bulk update's.
 */
export function createBulkDeleteService(deps: { pool: Pool; queue: Pick<BulkJobQueue, 'send'>; registry: CrmRegistry; audit?: Pick<AuditService, 'record'>; logger: Logger }) {
  const { pool, registry, queue, logger } = deps;

  return {
    async createBulkDelete(user: AuthenticatedUser, input: BulkDeleteInput): Promise<TBulkDeleteResponse> {
      refuseEmptySelection(input.selection);
      const selection = await withUser(pool, user.claims, (db) => readContactSelection(db, user.id, input.selection, 'selection'));
      const created = await withService(pool, async (db) => {
        const connected = (await repo.findConnections(db, user.id)).filter((connection) => connection.status === 'connected').map((connection) => connection.platform);
        const targets = PLATFORMS.filter((platform) => connected.includes(platform)).flatMap((platform) =>
          (registry.get(platform).supportsLeads ? (['contact', 'lead'] as const) : (['contact'] as const)).map((objectType) => ({ platform, objectType })),
        );
        if (targets.length === 0) refuseNothingSelected();
        const counts = (await repo.countTargets(db, user.id, selection, targets)).filter((count) => count.count > 0);
        if (counts.length === 0) refuseNothingSelected();
        const job = await repo.insertJob(db, { userId: user.id, kind: 'crm_archive', params: { targets: counts } });
        return repo.insertItems(db, job, selection, counts);
      });
      const platforms = [...new Set(toBulkJobDto(created).targets.map((target) => target.platform))];
      await queue.send(created.id, platforms);
      await deps.audit?.record({
        userId: user.id,
        kind: 'bulk_operation_started',
        outcome: 'success',
        actor: auditActorOf(user),
        details: { jobId: created.id, operation: created.kind, total: created.total_count, platforms },
      });
      logger.info({ jobId: created.id, total: created.total_count, platforms }, 'bulk delete queued');
      return { job: toBulkJobDto(created) };
    },
  };
}
