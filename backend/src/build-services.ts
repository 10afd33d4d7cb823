import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { createAgentContactRemovalService } from './agents/agent-contact-removal-service';
import { createAgentsService } from './agents/agents-service';
import { startAuditRetention } from './audit/audit-retention';
import { createBulkModule } from './bulk/bulk-module';
import { createAuditService } from './audit/audit-service';
import { createCampaignsModule } from './campaigns/campaigns-module';
import { createCampaignResultsExportService } from './campaigns/campaign-results-export-service';
import type { AppConfig, EncryptionKeyConfig } from './config';
import { createContactWritesService } from './crm/contacts/contact-writes-service';
import { createContactsService } from './crm/contacts/contacts-service';
import { createContactExportService } from './crm/contacts/export/contact-export-service';
import { createCredentialsService } from './crm/credentials/credentials-service';
import { createFieldCatalogueService } from './crm/fields/field-catalogue-service';
import { createFieldMappingsService } from './crm/fields/field-mappings-service';
import { createTokenCipher } from './crm/credentials/token-cipher';
import { createMultiCRMService } from './crm/multi-crm-service';
import { createMeService } from './me/me-service';
import { createOAuthService } from './crm/oauth/oauth-service';
import { createPromptsService } from './prompts/prompts-service';
import { createSuppressionsService } from './suppressions/suppressions-service';
import { createSegmentsService } from './segments/segments-service';
import { createCrmRegistry } from './crm/registry';
import { createConnectionSettingsService } from './crm/sync/connection-settings-service';
import { createSyncModule } from './crm/sync/sync-module';
import type { Clock } from './runtime/clock';

/** What start.ts or worker.ts resolved before any service exists. */
export type ServiceEnvironment = {
  /** The database the pool and the job queue use. */
  databaseUrl: string;
  /** The key new token ciphertexts use: CRM_ENCRYPTION_KEY, or the one generated into DATA_DIR. */
  encryptionKey: EncryptionKeyConfig;
  /** Run jobs (sync, write-back, retention) in this process. */
  runWorkers: boolean;
};

export type Services = ReturnType<typeof buildServices>;

/**
 * The composition root: every service of the backend, built once, for the API server
 * (start.ts) and `pnpm worker` alike. Routers receive these; nothing else constructs a service.
 * `start()` starts the job queue and, where this process runs jobs, its workers; `stop()` lets
 * running jobs finish their page and save their cursor first.
 */
export function buildServices(config: AppConfig, pool: Pool, clock: Clock, logger: Logger, environment: ServiceEnvironment) {
  const { runWorkers } = environment;
  const registry = createCrmRegistry(config.crm, { salesforceSync: config.crm.salesforceSync });
  const audit = createAuditService({ pool, logger, retentionDays: config.audit.retentionDays });
  const cipher = createTokenCipher(environment.encryptionKey, config.crm.previousEncryptionKeys);
  const credentials = createCredentialsService({ pool, cipher, registry, logger, now: clock, audit });
  const fieldCatalogue = createFieldCatalogueService({
    pool,
    registry,
    credentials,
    logger,
    now: clock,
    // Called after start-up only (a catalogue read), when the sync module below exists.
    onMappingsMended: (userId, platform, targets) => syncModule.service.startBackfill(userId, platform, targets),
  });
  const syncModule = createSyncModule({
    pool,
    databaseUrl: environment.databaseUrl,
    config: config.sync,
    registry,
    credentials,
    logger,
    runWorkers,
    now: clock,
    fields: fieldCatalogue,
    // Called by jobs only, once `segments` below exists.
    afterSync: (userId, platform) => segments.refreshListsAfterSync(userId, platform),
  });
  const sync = syncModule.service;
  // On the sync's pg-boss: one queue connection per process.
  const campaignsModule = createCampaignsModule({ pool, boss: syncModule.queue.boss, config: config.campaigns, registry, credentials, logger, runWorkers, audit, now: clock });
  const bulkModule = createBulkModule({ pool, boss: syncModule.queue.boss, registry, credentials, fieldCatalogue, sync, audit, logger, runWorkers });
  const defaultPhoneRegion = config.sync.defaultPhoneRegion;
  const contacts = createContactsService({ pool });
  const segments = createSegmentsService({ pool, contacts, registry, credentials, logger });

  const services = {
    registry,
    credentials,
    audit,
    sync,
    campaigns: campaignsModule.service,
    callQueue: campaignsModule.callQueue,
    suppressions: createSuppressionsService({ pool, defaultPhoneRegion: config.sync.defaultPhoneRegion }),
    bulk: bulkModule.services,
    agentContactRemoval: createAgentContactRemovalService({ pool, audit }),
    multiCrm: createMultiCRMService({ pool, registry, credentials, sync, logger, defaultPhoneRegion }),
    oauth: createOAuthService({
      pool,
      registry,
      credentials,
      logger,
      backendUrl: config.backendUrl,
      frontendUrl: config.frontendUrl,
      now: clock,
      audit,
      onConnected: (userId, platform) => sync.startFirstSync(userId, platform),
    }),
    settings: createConnectionSettingsService({ pool, sync, credentials }),
    fieldCatalogue,
    fieldMappings: createFieldMappingsService({ pool, catalogue: fieldCatalogue, sync, registry }),
    contacts,
    contactExport: createContactExportService({ pool, logger, now: clock }),
    campaignResultsExport: createCampaignResultsExportService({ pool, logger, now: clock }),
    contactWrites: createContactWritesService({ pool, registry, credentials, defaultPhoneRegion }),
    agents: createAgentsService({ pool, audit, contacts }),
    segments,
    prompts: createPromptsService({ pool }),
    me: createMeService(pool),
  };

  return {
    ...services,
    async start(): Promise<void> {
      await syncModule.start();
      await campaignsModule.start();
      await bulkModule.start();
      if (runWorkers) await startAuditRetention(syncModule.queue.boss, audit, logger);
    },
    /** Running syncs finish their page and save their cursor; write-back jobs share the same queue and stop with it. */
    stop: () => syncModule.stop(),
  };
}
