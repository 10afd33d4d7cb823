import type { Pool } from 'pg';
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { TPlatform } from '@voiceagent/shared';
import type { CampaignsConfig } from '../config';
import type { CredentialsService } from '../crm/credentials/credentials-service';
import type { CrmRegistry } from '../crm/registry';
import type { AuditService } from '../audit/audit-service';
import { createCrmCampaignService, type CRMCampaignService } from './crm-campaign-service';
import { createWriteBackJobs } from './writeback-jobs';
import { createCallQueueService, type CallQueueService } from './call-queue-service';
import { backfillNumberTimeZones } from '../crm/sync/number-time-zone-backfill';
import { systemClock, type Clock } from '../runtime/clock';
import { createWriteBackQueue } from './writeback-queue';
import type { SuppressionWriteBack } from '../suppressions/suppression-write-back-service';

export type CampaignsModuleDeps = {
  pool: Pool;
  /** The activity log (campaign starts). */
  audit?: Pick<AuditService, 'record'>;
  /** The process's pg-boss, already started (the sync module owns and stops it). */
  boss: PgBoss;
  config: CampaignsConfig;
  registry: CrmRegistry;
  credentials: Pick<CredentialsService, 'getSession'>;
  logger: Logger;
  /** Work write-back jobs in this process: the API when SYNC_WORKERS=on, `pnpm worker` always. */
  runWorkers: boolean;
  /** Calling windows and retries are reckoned from this clock. */
  now?: Clock;
  /** Numbers suppressed by a call's result, written back to the CRMs when the user asks for it. */
  suppressionWriteBack?: Pick<SuppressionWriteBack, 'plan' | 'send'>;
};

export type CampaignsModule = { service: CRMCampaignService; callQueue: CallQueueService; start(): Promise<void> };

/** Campaigns wired up: the write-back queue on the shared pg-boss, the service, and (optionally) its workers. */
export function createCampaignsModule(deps: CampaignsModuleDeps): CampaignsModule {
  const { pool, logger, config } = deps;
  const queue = createWriteBackQueue(deps.boss, {
    jobTimeoutSeconds: config.writeBackJobTimeoutSeconds,
    // pg-boss's floor: results posted to another process's API reach a worker here within half a second.
    pollingIntervalSeconds: 0.5,
    isWorker: deps.runWorkers,
  });
  const now = deps.now ?? systemClock;
  const service = createCrmCampaignService({ pool, queue, logger, audit: deps.audit, now, suppressionWriteBack: deps.suppressionWriteBack });
  const callQueue = createCallQueueService({ pool, now });
  const jobs = createWriteBackJobs({
    pool,
    queue,
    registry: deps.registry,
    credentials: deps.credentials,
    logger,
    leaseSeconds: config.writeBackJobTimeoutSeconds,
    retry: { retryLimit: config.writeBackRetryLimit, retryDelaySeconds: config.writeBackRetryDelaySeconds },
  });

  return {
    service,
    callQueue,
    async start() {
      await queue.start();
      if (!deps.runWorkers) return;
      // Worker processes only, not awaited: start-up does not wait for a large table; contacts not derived yet count as of unknown zone meanwhile.
      backfillNumberTimeZones(pool, logger).catch((error: unknown) => logger.error({ err: error }, 'deriving contacts\' time zones failed'));
      // Only the platforms this process can reach: another process may serve the rest.
      const platforms: TPlatform[] = deps.registry.configured().map((crm) => crm.platform);
      await queue.work(platforms, config.writeBackConcurrency, (platform, data) => jobs.handleJob(platform, data));
      await queue.workSweeper(() => jobs.sweep());
      await queue.workDeadLetters((data) => jobs.handleAbandoned(data));
      logger.info({ platforms, concurrency: config.writeBackConcurrency }, 'call write-back workers started');
    },
  };
}
