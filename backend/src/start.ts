import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Express } from 'express';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { TPublicConfig } from '@voiceagent/shared';
import { createApp } from './app';
import { createCampaignsModule } from './campaigns/campaigns-module';
import { createLocalAuthRouter } from './auth/local/local-auth-routes';
import { createLocalAuthService } from './auth/local/local-auth-service';
import type { OnApiResponse } from './http/response-hook';
import { createServiceTokenVerifier, type ServiceTokenVerifier } from './auth/service-token-verifier';
import { createTokenVerifier, type TokenVerifier } from './auth/token-verifier';
import type { AppConfig } from './config';
import { startEmbeddedPostgres } from './db/embedded-postgres';
import { migrate } from './db/migrator';
import { createPool } from './db/pool';
import { createCredentialsService } from './crm/credentials/credentials-service';
import { createTokenCipher } from './crm/credentials/token-cipher';
import { createOAuthService } from './crm/oauth/oauth-service';
import { createCrmRegistry } from './crm/registry';
import { startSandboxProviders } from './crm/sandbox/start-sandbox-providers';
import { createConnectionSettingsService } from './crm/sync/connection-settings-service';
import { createSyncModule } from './crm/sync/sync-module';
import { loadOrCreateLocalSecrets, type LocalSecrets } from './runtime/local-secrets';
import { createLogger } from './runtime/logger';

export type RunningProduct = {
  /** Where the product answers, e.g. http://localhost:4000 */
  url: string;
  pool: Pool;
  logger: Logger;
  /** The Express app serving `url`, for tests that inspect its routes. */
  app: Express;
  /** The CRM services, for in-process tests and tools that act on a user's connections. */
  crm: Awaited<ReturnType<typeof createCrm>>;
  stop(): Promise<void>;
};

/**
 * Starts everything `pnpm start` runs: the database (DATABASE_URL or embedded Postgres in
 * DATA_DIR), migrations, auth (Supabase or local), the API and the built web app.
 */
export async function startProduct(config: AppConfig, options: { logger?: Logger; onResponse?: OnApiResponse } = {}): Promise<RunningProduct> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => logger.error({ err: error }, 'error while stopping'));
  };

  try {
    const databaseUrl = config.databaseUrl ?? (await startEmbedded(config, logger, stops));
    const pool = createPool(databaseUrl, { applicationName: 'voiceagent-api' });
    stops.push(() => pool.end());
    const { applied } = await migrate(pool, { log: (message) => logger.info(message) });
    if (applied.length > 0) logger.info({ applied }, 'database migrated');

    // Listen before building the app so that port 0 (tests, side-by-side copies) yields the real URL.
    const server = createServer();
    await listen(server, config.port, config.host);
    stops.push(() => closeServer(server));
    const port = (server.address() as AddressInfo).port;
    const backendUrl = config.port === 0 ? `http://localhost:${port}` : config.backendUrl;
    const frontendUrl = config.port === 0 && config.frontendUrl === config.backendUrl ? backendUrl : config.frontendUrl;
    const resolved: AppConfig = { ...config, port, backendUrl, frontendUrl };

    // Generated secrets are read only when the environment leaves one unset (local mode).
    const localSecrets = needsLocalSecrets(resolved) ? await loadOrCreateLocalSecrets(resolved.dataDir) : undefined;
    const auth = await createAuth(resolved, pool, localSecrets);
    const crm = await createCrm(resolved, pool, logger, localSecrets, stops, databaseUrl);
    const app = createApp({ config: resolved, pool, logger, ...auth, crm, sync: crm.sync, campaigns: crm.campaigns, onResponse: options.onResponse });
    server.on('request', app);
    return { url: backendUrl, pool, logger, crm, app, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function startEmbedded(config: AppConfig, logger: Logger, stops: Array<() => Promise<void>>): Promise<string> {
  const dataDir = path.join(config.dataDir, 'postgres');
  logger.info({ dataDir }, 'starting embedded PostgreSQL (set DATABASE_URL to use your own)');
  const embedded = await startEmbeddedPostgres({ dataDir, log: (message) => logger.debug({ postgres: message.trim() }, 'postgres') });
  stops.push(() => embedded.stop());
  return embedded.connectionString;
}

function needsLocalSecrets(config: AppConfig): boolean {
  return (config.auth.mode === 'local' && !config.auth.jwtSecret) || !config.crm.encryptionKey;
}

async function createCrm(
  config: AppConfig,
  pool: Pool,
  logger: Logger,
  localSecrets: LocalSecrets | undefined,
  stops: Array<() => Promise<void>>,
  databaseUrl: string,
) {
  const encryptionKey = config.crm.encryptionKey ?? { id: 'local', key: Buffer.from(localSecrets!.crmEncryptionKey, 'base64') };
  const cipher = createTokenCipher(encryptionKey, config.crm.previousEncryptionKeys);
  const sandboxes = await startSandboxProviders(config.crm, config.backendUrl, logger);
  stops.push(() => sandboxes.stop());
  const registry = createCrmRegistry({ hubspot: config.crm.hubspot ?? sandboxes.hubspot ?? null, zoho: config.crm.zoho ?? sandboxes.zoho ?? null });
  const credentials = createCredentialsService({ pool, cipher, registry, logger });
  const syncModule = createSyncModule({ pool, databaseUrl, config: config.sync, registry, credentials, logger, runWorkers: config.sync.workers });
  await syncModule.start();
  // Stopped before the sandboxes and the pool: a running page finishes and saves its cursor first.
  stops.push(() => syncModule.stop());
  const sync = syncModule.service;
  // On the sync's pg-boss, which its stop (pushed above, so run after this module's) shuts down gracefully.
  const campaignsModule = createCampaignsModule({
    pool,
    boss: syncModule.queue.boss,
    config: config.campaigns,
    registry,
    credentials,
    logger,
    runWorkers: config.sync.workers,
  });
  await campaignsModule.start();
  const campaigns = campaignsModule.service;
  const oauth = createOAuthService({
    pool,
    registry,
    credentials,
    logger,
    backendUrl: config.backendUrl,
    frontendUrl: config.frontendUrl,
    onConnected: (userId, platform) => sync.startFirstSync(userId, platform),
  });
  const settings = createConnectionSettingsService({ pool, sync, credentials });
  return { registry, credentials, oauth, sync, settings, campaigns };
}

async function createAuth(
  config: AppConfig,
  pool: Pool,
  localSecrets: LocalSecrets | undefined,
): Promise<{
  verifyToken: TokenVerifier;
  verifyServiceToken: ServiceTokenVerifier;
  publicConfig: TPublicConfig;
  localAuthRouter?: ReturnType<typeof createLocalAuthRouter>;
}> {
  const auth = config.auth;
  const apiKeyHashes = config.serviceAuth.apiKeyHashes;
  if (auth.mode === 'supabase') {
    const keys = { secret: auth.jwtSecret, jwksUrl: new URL(`${auth.supabaseUrl}/auth/v1/.well-known/jwks.json`) };
    const verifyToken = createTokenVerifier({ ...keys, audience: auth.audience });
    const verifyServiceToken = createServiceTokenVerifier({ ...keys, apiKeyHashes });
    return { verifyToken, verifyServiceToken, publicConfig: { authMode: 'supabase', supabaseUrl: auth.supabaseUrl, supabaseAnonKey: auth.anonKey } };
  }
  const secret = auth.jwtSecret ?? localSecrets!.localAuthJwtSecret;
  const issuer = `${config.backendUrl}/auth/v1`;
  const verifyToken = createTokenVerifier({ secret, audience: auth.audience, issuer });
  const verifyServiceToken = createServiceTokenVerifier({ secret, apiKeyHashes });
  const service = createLocalAuthService({ pool, secret, issuer, audience: auth.audience, accessTokenTtlSeconds: auth.accessTokenTtlSeconds });
  const anonKey = await service.createAnonKey();
  return {
    verifyToken,
    verifyServiceToken,
    publicConfig: { authMode: 'local', supabaseUrl: config.backendUrl, supabaseAnonKey: anonKey },
    localAuthRouter: createLocalAuthRouter({ auth: service, verify: verifyToken, anonKey, jsonBodyLimit: config.jsonBodyLimit }),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive sockets would hold the close open; in-flight requests get a moment to finish.
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 5_000).unref();
  });
}
