import type { Pool } from 'pg';
import type { z } from 'zod';
import type { Logger } from 'pino';
import {
  PLATFORMS,
  type TBulkUpdateResponse,
  type TContactObjectType,
  type TCrmField,
  type TPlatform,
  type ZBulkUpdateBody,
} from '@voiceagent/shared';
import { auditActorOf } from '../audit/audit-actor';
import type { AuditService } from '../audit/audit-service';
import type { AuthenticatedUser } from '../auth/token-verifier';
import { readContactSelection } from '../crm/contacts/selection/contact-selection';
import type { FieldCatalogueService } from '../crm/fields/field-catalogue-service';
import type { CrmRegistry } from '../crm/registry';
import { withService, withUser } from '../db/transactions';
import { AppError } from '../http/app-error';
import type { FieldIssue } from '../http/validate';
import { checkFieldValue, checkWritable } from './bulk-field-values';
import { refuseEmptySelection, refuseNothingSelected } from './bulk-selection';
import { toBulkJobDto } from './bulk-job-dto';
import type { BulkJobQueue } from './bulk-job-queue';
import type { StoredTarget } from './bulk-update-params';
import * as repo from './bulk-jobs-repository';

export type BulkUpdateServiceDeps = {
  pool: Pool;
  queue: Pick<BulkJobQueue, 'send'>;
  registry: CrmRegistry;
  fieldCatalogue: Pick<FieldCatalogueService, 'fieldsOf'>;
  audit?: Pick<AuditService, 'record'>;
  logger: Logger;
};

type BulkUpdateInput = z.output<typeof ZBulkUpdateBody>;
type Assignment = { platform: TPlatform; objectType: TContactObjectType; field: string; value: StoredTarget['value'] };

export type BulkUpdateService = ReturnType<typeof createBulkUpdateService>;

/**
 * Bulk updates in the CRMs: a request is checked whole (the selection, each field against its
 * connection's catalogue, each value against the field) before anything is queued; a dry run
 * answers the counts the confirmation names; a real one snapshots the selected contacts as the
 * job's rows and queues a job per CRM.
 */
export function createBulkUpdateService(deps: BulkUpdateServiceDeps) {
  const { pool, registry, fieldCatalogue, queue, logger } = deps;

  /** Every assignment checked; a 400 names each that is wrong (`set.hubspot.contact.field`). */
  async function checkAssignments(user: AuthenticatedUser, input: BulkUpdateInput): Promise<Assignment[]> {
    const issues: FieldIssue[] = [];
    const assignments: Assignment[] = [];
    const connected = await withService(pool, (db) => repo.findConnections(db, user.id));
    for (const platform of PLATFORMS) {
      const objects = input.set[platform];
      if (!objects) continue;
      const named = (['contact', 'lead'] as const).filter((objectType) => objects[objectType]);
      if (named.length === 0) continue;
      const connection = connected.find((candidate) => candidate.platform === platform);
      if (!connection) throw new AppError('crm_not_connected', `${platform} is not connected`, { platform, field: `set.${platform}` });
      if (connection.status === 'needs_reauth') throw new AppError('crm_auth_revoked', `The ${platform} connection needs to be reconnected`, { platform });
      const catalogue = await fieldCatalogue.fieldsOf(user.id, platform);
      for (const objectType of named) {
        const path = `set.${platform}.${objectType}`;
        const { field: name, value } = objects[objectType]!;
        if (objectType === 'lead' && !registry.get(platform).supportsLeads) {
          issues.push({ field: path, message: `${platform} has no leads` });
          continue;
        }
        const field: TCrmField | undefined = catalogue.find((candidate) => candidate.objectType === objectType && candidate.name === name);
        if (!field) {
          issues.push({ field: `${path}.field`, message: `No ${objectType} field "${name.slice(0, 100)}" in the ${platform} field catalogue` });
          continue;
        }
        const refusal = checkWritable(field);
        if (refusal) {
          issues.push({ field: `${path}.field`, message: refusal });
          continue;
        }
        const checked = checkFieldValue(field, value);
        if (!checked.ok) issues.push({ field: `${path}.value`, message: `${checked.message} (${field.label || field.name}, ${field.type})` });
        else assignments.push({ platform, objectType, field: field.name, value: checked.value });
      }
    }
    if (issues.length > 0) throw new AppError('validation_failed', `Invalid bulk update: ${issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ')}`, { issues });
    return assignments;
  }

  return {
    async createBulkUpdate(user: AuthenticatedUser, input: BulkUpdateInput): Promise<TBulkUpdateResponse> {
      refuseEmptySelection(input.selection);
      const assignments = await checkAssignments(user, input);
      const targets = assignments.map(({ platform, objectType }) => ({ platform, objectType }));
      if (input.dryRun) {
        const counts = await withUser(pool, user.claims, async (db) => {
          const selection = await readContactSelection(db, user.id, input.selection, 'selection');
          return repo.countTargets(db, user.id, selection, targets);
        });
        const withFields = counts.map((count) => ({ ...count, field: assignments.find((a) => a.platform === count.platform && a.objectType === count.objectType)!.field }));
        return { dryRun: true, targets: withFields, total: counts.reduce((sum, count) => sum + count.count, 0) };
      }
      // The selection is read under the user's RLS; rows and the job are the server's to write (0190).
      const selection = await withUser(pool, user.claims, (db) => readContactSelection(db, user.id, input.selection, 'selection'));
      const created = await withService(pool, async (db) => {
        const counts = await repo.countTargets(db, user.id, selection, targets);
        const stored: StoredTarget[] = assignments.map((assignment, i) => ({ ...assignment, count: counts[i]!.count }));
        const job = await repo.insertJob(db, { userId: user.id, kind: 'crm_update', params: { targets: stored } });
        const filled = await repo.insertItems(db, job, selection, targets);
        if (filled.total_count === 0) refuseNothingSelected();
        return filled;
      });
      const platforms = [...new Set(assignments.map((assignment) => assignment.platform))];
      await queue.send(created.id, platforms);
      await deps.audit?.record({
        userId: user.id,
        kind: 'bulk_operation_started',
        outcome: 'success',
        actor: auditActorOf(user),
        details: { jobId: created.id, operation: created.kind, total: created.total_count, platforms },
      });
      logger.info({ jobId: created.id, total: created.total_count, platforms }, 'bulk update queued');
      return { dryRun: false, job: toBulkJobDto(created) };
    },
  };
}
