import type { Pool } from 'pg';
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { TPlatform } from '@voiceagent/shared';
import type { AuditService } from '../audit/audit-service';
import type { CredentialsService } from '../crm/credentials/credentials-service';
import type { FieldCatalogueService } from '../crm/fields/field-catalogue-service';
import type { CrmRegistry } from '../crm/registry';
import type { SyncService } from '../crm/sync/sync-service';
import { createBulkJobQueue, type BulkJobQueue } from './bulk-job-queue';
import { createBulkJobRunner } from './bulk-job-runner';
import { createBulkDeleteService, type BulkDeleteService } from './bulk-delete-service';
import { createBulkJobsService, type BulkJobsService } from './bulk-jobs-service';
import { createBulkUpdateService, type BulkUpdateService } from './bulk-update-service';
import { createImportBatches } from '../imports/import-batches';
import { createImportsService, type ImportsService } from '../imports/imports-service';

/**
 * How long one bulk job may run before pg-boss hands it to another worker (its worker is taken
 * for dead). A job hands itself on after half of it, so only a dead worker's job waits that long.
 */
const BULK_JOB_TIMEOUT_SECONDS = 600;
/** Jobs one process works per CRM at once; each still shares its connection's rate limiter. */
const BULK_JOB_CONCURRENCY = 2;

export type BulkModuleDeps = {
  pool: Pool;
  /** The process's pg-boss, already started (the sync module owns and stops it). */
  boss: PgBoss;
  registry: CrmRegistry;
  credentials: Pick<CredentialsService, 'getSession'>;
  fieldCatalogue: Pick<FieldCatalogueService, 'fieldsOf'>;
  sync: Pick<SyncService, 'startSync'>;
  audit?: Pick<AuditService, 'record'>;
  logger: Logger;
  /** Work bulk jobs in this process: the API when SYNC_WORKERS=on, `pnpm worker` always. */
  runWorkers: boolean;
};

export type BulkServices = { updates: BulkUpdateService; deletes: BulkDeleteService; jobs: BulkJobsService; imports: ImportsService };
/** `queue` lets other features queue a bulk job they made (the suppressions' write-back). */
export type BulkModule = { services: BulkServices; queue: Pick<BulkJobQueue, 'send'>; start(): Promise<void> };

/** Bulk jobs wired up: the queue on the shared pg-boss, the service, and (optionally) the workers. */
export function createBulkModule(deps: BulkModuleDeps): BulkModule {
  const { pool, logger } = deps;
  const queue = createBulkJobQueue(deps.boss, { jobTimeoutSeconds: BULK_JOB_TIMEOUT_SECONDS });
  const runner = createBulkJobRunner({ pool, queue, registry: deps.registry, credentials: deps.credentials, sync: deps.sync, audit: deps.audit, logger, jobTimeoutSeconds: BULK_JOB_TIMEOUT_SECONDS,
    imports: createImportBatches({ pool, registry: deps.registry }) });
  const services: BulkServices = {
    updates: createBulkUpdateService({ pool, queue, registry: deps.registry, fieldCatalogue: deps.fieldCatalogue, audit: deps.audit, logger }),
    deletes: createBulkDeleteService({ pool, queue, registry: deps.registry, audit: deps.audit, logger }),
    jobs: createBulkJobsService({ pool, runner }),
    imports: createImportsService({ pool, queue, runner, audit: deps.audit, logger }),
  };
  return {
    services,
    queue,
    async start() {
      await queue.start();
      if (!deps.runWorkers) return;
      // Only the platforms this process can reach: another process may serve the rest.
      const platforms: TPlatform[] = deps.registry.configured().map((crm) => crm.platform);
      await queue.work(platforms, BULK_JOB_CONCURRENCY, (data) => runner.handleJob(data));
      logger.info({ platforms }, 'bulk job workers started');
    },
  };
}
