import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildServices } from './build-services';
import { ConfigError, loadConfig } from './config';
import { migrate } from './db/migrator';
import { createPool } from './db/pool';
import { loadOrCreateLocalSecrets } from './runtime/local-secrets';
import { systemClock } from './runtime/clock';
import { createLogger } from './runtime/logger';

/**
 * Entry point of `pnpm worker`: the jobs (sync, write-back, retention) without the API, as many processes as wanted beside
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

  const encryptionKey = config.crm.encryptionKey ?? { id: 'local', key: Buffer.from((await loadOrCreateLocalSecrets(config.dataDir)).crmEncryptionKey, 'base64') };
  const services = buildServices(config, pool, systemClock, logger, { databaseUrl: config.databaseUrl, encryptionKey, runWorkers: true });
  if (services.registry.configured().length === 0) logger.warn('no CRM app is configured: this worker has no sync jobs to run');
  await services.start();

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker stopping: running syncs finish their page and save their cursor');
    void services
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
