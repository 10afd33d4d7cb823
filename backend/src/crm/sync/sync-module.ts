import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { TPlatform } from '@voiceagent/shared';
import type { SyncConfig } from '../../config';
import type { CredentialsService } from '../credentials/credentials-service';
import type { FieldCatalogueService } from '../fields/field-catalogue-service';
import type { CrmRegistry } from '../registry';
import { createChangePoller } from './change-poll';
import { createSyncJobs } from './sync-jobs';
import { createSyncQueue, type SyncQueue } from './sync-queue';
import { createSyncRunner, type SyncRunnerDeps } from './sync-runner';
import { createSyncService, type SyncService } from './sync-service';

export type SyncModuleDeps = {
  pool: Pool;
  databaseUrl: string;
  config: SyncConfig;
  registry: CrmRegistry;
  credentials: Pick<CredentialsService, 'getSession'>;
  logger: Logger;
  /** Work jobs in this process: the API when SYNC_WORKERS=on, `pnpm worker` always. */
  runWorkers: boolean;
  /** How long a stop waits for running jobs to finish their page before pg-boss hands them back. */
  stopTimeoutMs?: number;
  /** The clock runs measure their time budget by. */
  now?: () => number;
  /** Reads the CRM's field catalogue before runs. */
  fields: Pick<FieldCatalogueService, 'refreshForSync'>;
  /** WEBHOOK_DEGRADED_AFTER_MINUTES: the scheduler syncs connections with healthy webhooks less often. */
  webhookDegradedAfterMinutes?: number;
  /** After a sync run of a connection succeeds (CRM list segments read their members again). */
  afterSync?: SyncRunnerDeps['afterSync'];
};

export type SyncModule = {
  service: SyncService;
  /** Shared with the campaign write-back jobs: one pg-boss per process. */
  queue: Pick<SyncQueue, 'boss'>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

/** Sync wired up: the queue, the service that starts runs, and (optionally) the workers that run them. */
export function createSyncModule(deps: SyncModuleDeps): SyncModule {
  const { pool, logger, config } = deps;
  const queue = createSyncQueue({ databaseUrl: deps.databaseUrl, logger, jobTimeoutSeconds: config.jobTimeoutSeconds, isWorker: deps.runWorkers });
  const service = createSyncService({ pool, queue, logger });
  const runner = createSyncRunner({ pool, registry: deps.registry, credentials: deps.credentials, logger, defaultPhoneRegion: config.defaultPhoneRegion, deletionScanHours: config.deletionScanHours, now: deps.now, fields: deps.fields, afterSync: deps.afterSync });
  const changePoller = createChangePoller({ pool, registry: deps.registry, credentials: deps.credentials, sync: service, logger, intervalSeconds: { salesforce: config.salesforcePollIntervalSeconds } });
  const jobs = createSyncJobs({ pool, queue, runner, logger, config, webhookDegradedAfterMinutes: deps.webhookDegradedAfterMinutes });

  return {
    service,
    queue,
    async start() {
      await queue.start();
      if (!deps.runWorkers) return;
      // Only the platforms this process can reach: another process may serve the rest.
      const platforms: TPlatform[] = deps.registry.configured().map((crm) => crm.platform);
      await queue.workSyncJobs(platforms, config.concurrency, (data) => jobs.handleSyncJob(data));
      await queue.workScheduler(() => jobs.runSchedulerTick());
      // The near-real-time checks of CRMs that push nothing run where sync jobs run.
      changePoller.start();
      logger.info({ platforms, concurrency: config.concurrency, intervalMinutes: config.intervalMinutes }, 'sync workers started');
    },
    async stop() {
      jobs.stop();
      await changePoller.stop();
      await queue.stop(deps.stopTimeoutMs ?? 60_000);
    },
  };
}
