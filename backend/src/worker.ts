import { existsSync } from 'node:fs';
import path from 'node:path';
import { createCampaignsModule } from './campaigns/campaigns-module';
import { ConfigError, loadConfig } from './config';
import { createCredentialsService } from './crm/credentials/credentials-service';
import { createTokenCipher } from './crm/credentials/token-cipher';
import { createCrmRegistry } from './crm/registry';
import { createSyncModule } from './crm/sync/sync-module';
import { migrate } from './db/migrator';
import { createPool } from './db/pool';
import { loadOrCreateLocalSecrets } from './runtime/local-secrets';
import { createLogger } from './runtime/logger';

/**
 * Entry point of `pnpm worker`: sync jobs without the API, as many processes as wanted beside
 * it, all sharing the queue in DATABASE_URL. It serves the platforms whose apps are configured
 * (HUBSPOT_* / ZOHO_*); the sandbox providers live inside the API process, whose own workers
 * run their jobs.
 */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel }).child({ process: 'worker' });
  if (!config.databaseUrl) {
    throw new ConfigError('pnpm worker needs DATABASE_URL: the embedded database belongs to `pnpm start`, whose own workers already run the jobs.');
  }
  const pool = createPool(config.databaseUrl, { applicationName: 'voiceagent-worker' });
  await migrate(pool, { log: (message) => logger.info(message) });

  const key = config.crm.encryptionKey ?? { id: 'local', key: Buffer.from((await loadOrCreateLocalSecrets(config.dataDir)).crmEncryptionKey, 'base64') };
  const registry = createCrmRegistry({ hubspot: config.crm.hubspot, zoho: config.crm.zoho });
  if (registry.configured().length === 0) logger.warn('no HubSpot or Zoho app is configured: this worker has no sync jobs to run');
  const credentials = createCredentialsService({ pool, cipher: createTokenCipher(key, config.crm.previousEncryptionKeys), registry, logger });
  const sync = createSyncModule({ pool, databaseUrl: config.databaseUrl, config: config.sync, registry, credentials, logger, runWorkers: true });
  await sync.start();
  // Call write-back jobs share the sync's pg-boss; its stop below waits for them too.
  await createCampaignsModule({ pool, boss: sync.queue.boss, config: config.campaigns, registry, credentials, logger, runWorkers: true }).start();

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker stopping: running syncs finish their page and save their cursor');
    void sync
      .stop()
      .then(() => pool.end())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'error while stopping');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/** A .env file in the directory the command was run from, when there is one (real variables win). */
function loadDotEnv(): void {
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('The sync worker failed to start:', error);
  process.exit(1);
});
