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
import { createAnalyticsServices } from './analytics/analytics-services';
import { createOAuthService } from './crm/oauth/oauth-service';
import { createPromptsService } from './prompts/prompts-service';
import { createSuppressionsService } from './suppressions/suppressions-service';
import { createSuppressionWriteBack } from './suppressions/suppression-write-back-service';
import { createSegmentsService } from './segments/segments-service';
import { createPgBudgetStore } from './crm/provider-http/pg-budget-store';
import { createCrmRegistry } from './crm/registry';
import { createConnectionSettingsService } from './crm/sync/connection-settings-service';
import { createSyncModule } from './crm/sync/sync-module';
import { createWebhooksModule } from './crm/webhooks/webhooks-module';
import type { Clock } from './runtime/clock';
import { createEventTickets } from './events/event-tickets';
import { startLiveEventsRetention } from './events/live-events-retention';
import { createLiveEventsService } from './events/live-events-service';
import { startChangeChannelRenewal } from './crm/webhooks/change-channels-jobs';
import { createChangeChannelsService } from './crm/webhooks/change-channels-service';
import { zohoNotifyUrlOf } from './crm/webhooks/public-webhook-url';
import { createZohoNotificationsService } from './crm/webhooks/zoho-notifications-service';

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
  const registry = createCrmRegistry(config.crm, { budgets: createPgBudgetStore(pool), salesforceSync: config.crm.salesforceSync, hubspotSync: config.crm.hubspotSync, http: config.crm.providerHttp });
  const audit = createAuditService({ pool, logger, retentionDays: config.audit.retentionDays });
  const cipher = createTokenCipher(environment.encryptionKey, config.crm.previousEncryptionKeys);
  const credentials = createCredentialsService({
    pool,
    cipher,
    registry,
    logger,
    now: clock,
    audit,
    webhookDegradedAfterMinutes: config.webhooks.degradedAfterMinutes,
    // Called on disconnects only, once `changeChannels` below exists.
    beforeDisconnect: (userId, platform) => changeChannels.stopForDisconnect(userId, platform),
  });
  const changeChannels = createChangeChannelsService({
    pool,
    registry,
    credentials,
    cipher,
    logger,
    now: clock,
    notifyUrlOf: () => zohoNotifyUrlOf(config),
    renewBeforeMs: config.zohoWatch.renewBeforeMinutes * 60_000,
  });
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
    webhookDegradedAfterMinutes: config.webhooks.degradedAfterMinutes,
    // Called by jobs only, once `segments` below exists.
    afterSync: (userId, platform) => segments.refreshListsAfterSync(userId, platform),
  });
  const sync = syncModule.service;
  // On the sync's pg-boss: one queue connection per process.
  const bulkModule = createBulkModule({ pool, boss: syncModule.queue.boss, registry, credentials, fieldCatalogue, sync, audit, logger, runWorkers });
  // A suppressed number written to the CRMs' do-not-call fields is a bulk update on the bulk queue.
  const suppressionWriteBack = createSuppressionWriteBack({ pool, registry, queue: bulkModule.queue, audit, logger });
  const campaignsModule = createCampaignsModule({ pool, boss: syncModule.queue.boss, config: config.campaigns, registry, credentials, logger, runWorkers, audit, now: clock, suppressionWriteBack });
  const defaultPhoneRegion = config.sync.defaultPhoneRegion;
  const webhooksModule = createWebhooksModule({
    pool,
    boss: syncModule.queue.boss,
    registry,
    credentials,
    logger,
    defaultPhoneRegion,
    concurrency: config.sync.concurrency,
    runWorkers,
    now: clock,
  });
  const contacts = createContactsService({ pool, treeCountBudgetMs: config.treeCountBudgetMs });
  const contactExport = createContactExportService({ pool, logger, now: clock });
  const segments = createSegmentsService({ pool, contacts, contactExport, registry, credentials, logger });

  const services = {
    registry,
    credentials,
    audit,
    sync,
    campaigns: campaignsModule.service,
    callQueue: campaignsModule.callQueue,
    suppressions: createSuppressionsService({ pool, defaultPhoneRegion: config.sync.defaultPhoneRegion, writeBack: suppressionWriteBack }),
    bulk: bulkModule.services,
    agentContactRemoval: createAgentContactRemovalService({ pool, audit }),
    multiCrm: createMultiCRMService({ pool, registry, credentials, sync, logger, defaultPhoneRegion, changeChannels }),
    oauth: createOAuthService({
      pool,
      registry,
      credentials,
      logger,
      backendUrl: config.backendUrl,
      frontendUrl: config.frontendUrl,
      now: clock,
      audit,
      onConnected: async (userId, platform) => {
        // In the background: the redirect never waits on Zoho. A reconnect replaces the channel too;
        // failures are recorded on it and retried by the renewal job, never the connect's.
        void changeChannels.register(userId, platform).catch((error: unknown) => logger.warn({ userId, platform, err: String(error) }, 'registering the change channel failed'));
        await sync.startFirstSync(userId, platform);
        // Pushed changes kept while the connection needed reconnecting are applied now.
        await webhooksModule.wakeKeptEvents(userId, platform).catch((error: unknown) => logger.warn({ userId, platform, err: String(error) }, 'waking the kept webhook events failed; the sweep will'));
      },
    }),
    settings: createConnectionSettingsService({ pool, sync, credentials }),
    fieldCatalogue,
    fieldMappings: createFieldMappingsService({ pool, catalogue: fieldCatalogue, sync, registry }),
    contacts,
    contactExport,
    campaignResultsExport: createCampaignResultsExportService({ pool, logger, now: clock }),
    contactWrites: createContactWritesService({ pool, registry, credentials, defaultPhoneRegion }),
    agents: createAgentsService({ pool, audit, contacts }),
    segments,
    webhooks: webhooksModule,
    prompts: createPromptsService({ pool }),
    changeChannels,
    zohoNotifications: createZohoNotificationsService({ pool, cipher, logger, now: clock, drainWaker: webhooksModule.drainWakerFor('zoho') }),
    me: createMeService(pool),
    analytics: createAnalyticsServices(pool, { now: () => new Date(clock()), statementTimeoutMs: config.analytics.statementTimeoutMs }),
    // Ticket key from the token key every process shares (see event-tickets.ts).
    liveEvents: createLiveEventsService({
      pool,
      databaseUrl: environment.databaseUrl,
      tickets: createEventTickets({ secret: environment.encryptionKey.key, audience: config.auth.audience }),
      logger,
    }),
  };

  return {
    ...services,
    async start(): Promise<void> {
      await syncModule.start();
      await campaignsModule.start();
      await bulkModule.start();
      await webhooksModule.start();
      if (runWorkers) await startAuditRetention(syncModule.queue.boss, audit, logger);
      if (runWorkers) await startLiveEventsRetention(syncModule.queue.boss, services.liveEvents, logger);
      if (runWorkers) await startChangeChannelRenewal(syncModule.queue.boss, changeChannels, logger);
    },
    /** Running syncs finish their page and save their cursor; write-back jobs share the same queue and stop with it. */
    stop: async () => {
      await services.liveEvents.stop();
      await syncModule.stop();
    },
  };
}
