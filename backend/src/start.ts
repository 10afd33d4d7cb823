import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Express } from 'express';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { PLATFORMS, type TPublicConfig } from '@voiceagent/shared';
import { createApp } from './app';
import { createAuthRateLimits } from './auth/local/auth-rate-limits';
import { createLocalAuthRouter } from './auth/local/local-auth-routes';
import { createLocalAuthService } from './auth/local/local-auth-service';
import type { OnApiResponse } from './http/response-hook';
import { createServiceTokenVerifier, type ServiceTokenVerifier } from './auth/service-token-verifier';
import { createTokenVerifier, type TokenVerifier } from './auth/token-verifier';
import { buildServices, type Services } from './build-services';
import type { AppConfig, EncryptionKeyConfig } from './config';
import { startEmbeddedPostgres } from './db/embedded-postgres';
import { migrate } from './db/migrator';
import { createPool } from './db/pool';
import type { CrmApps } from './crm/registry';
import { startSandboxProviders } from './crm/sandbox/start-sandbox-providers';
import { loadOrCreateLocalSecrets, type LocalSecrets } from './runtime/local-secrets';
import { systemClock, type Clock } from './runtime/clock';
import { createLogger } from './runtime/logger';
import { createStartupGate } from './runtime/startup-gate';

export type RunningProduct = {
  /** Where the product answers, e.g. http://localhost:4000 */
  url: string;
  pool: Pool;
  logger: Logger;
  /** The Express app serving `url`, for tests that inspect its routes. */
  app: Express;
  /** Every service (buildServices), for in-process tests and tools that act on a user's data. */
  services: Services;
  stop(): Promise<void>;
};

/**
 * Starts everything `pnpm start` runs: the database (DATABASE_URL or embedded Postgres in
 * DATA_DIR), migrations, auth (Supabase or local), the API and the built web app.
 */
export async function startProduct(
  config: AppConfig,
  options: {
    logger?: Logger;
    /** Called with the URL as soon as it listens, long before it is ready. */
    onListening?: (url: string) => void;
    /** Told about every API response (tests replay them against the contract). */
    onResponse?: OnApiResponse;
    /** The services' clock (calling windows, expiries); tests set "now" with it. */
    clock?: Clock;
  } = {},
): Promise<RunningProduct> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const stops: Array<() => Promise<void>> = [];
  let server: Server | undefined;
  let closeStreams: (() => Promise<void>) | undefined;
  const stopAll = async () => {
    // The listener closes first: requests in flight finish while the database and services are still up.
    // Open event streams never finish by themselves: they are ended first, so the close does not wait for them.
    const listening = server;
    const closeListener = listening ? [() => closeServer(listening)] : [];
    await closeStreams?.().catch((error: unknown) => logger.error({ err: error }, 'error while closing event streams'));
    for (const stop of [...closeListener, ...stops.reverse()]) await stop().catch((error: unknown) => logger.error({ err: error }, 'error while stopping'));
  };

  try {
    // Listen first, so that port 0 (tests, side-by-side copies) yields the real URL and liveness
    // answers at once; the gate answers 503 for the app until it is built.
    const gate = createStartupGate();
    server = createServer(gate.handle);
    await listen(server, config.port, config.host);
    const port = (server.address() as AddressInfo).port;
    const backendUrl = config.port === 0 ? `http://localhost:${port}` : config.backendUrl;
    const frontendUrl = config.port === 0 && config.frontendUrl === config.backendUrl ? backendUrl : config.frontendUrl;
    // The webhook address defaults to this API's own, and so follows it to the port actually taken.
    const webhooks = config.port === 0 && config.webhooks.publicBaseUrl === config.backendUrl ? { ...config.webhooks, publicBaseUrl: backendUrl } : config.webhooks;
    const resolved: AppConfig = { ...config, port, backendUrl, frontendUrl, webhooks };
    options.onListening?.(backendUrl);

    const databaseUrl = config.databaseUrl ?? (await startEmbedded(config, logger, stops));
    const pool = createPool(databaseUrl, { applicationName: 'voiceagent-api' });
    stops.push(() => pool.end());
    const { applied } = await migrate(pool, { log: (message) => logger.info(message) });
    if (applied.length > 0) logger.info({ applied }, 'database migrated');

    // Generated secrets are read only when the environment leaves one unset (local mode).
    const localSecrets = needsLocalSecrets(resolved) ? await loadOrCreateLocalSecrets(resolved.dataDir) : undefined;
    const providers = await resolveProviders(resolved, logger, localSecrets, stops);
    const services = buildServices(providers.config, pool, options.clock ?? systemClock, logger, {
      databaseUrl,
      encryptionKey: providers.encryptionKey,
      runWorkers: resolved.sync.workers,
    });
    await services.start();
    closeStreams = () => services.liveEvents.stop();
    // Stopped before the sandboxes and the pool: a running page finishes and saves its cursor first.
    stops.push(() => services.stop());
    const auth = await createAuth(resolved, pool, logger, localSecrets, services.audit);
    const app = createApp({ config: providers.config, pool, logger, ...auth, services, onResponse: options.onResponse });
    gate.open(app);
    return { url: backendUrl, pool, logger, services, app, stop: stopAll };
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

/**
 * The configuration services are built from: real provider apps, or the sandboxes started for
 * the platforms without one (run mode), and the token key from the environment or DATA_DIR.
 */
async function resolveProviders(
  config: AppConfig,
  logger: Logger,
  localSecrets: LocalSecrets | undefined,
  stops: Array<() => Promise<void>>,
): Promise<{ config: AppConfig; encryptionKey: EncryptionKeyConfig }> {
  const sandboxes = await startSandboxProviders(config.crm, config.backendUrl, logger, config.webhooks.publicBaseUrl);
  stops.push(() => sandboxes.stop());
  const apps = Object.fromEntries(PLATFORMS.map((platform) => [platform, config.crm[platform] ?? sandboxes[platform] ?? null])) as CrmApps;
  const crm = { ...config.crm, ...apps };
  const encryptionKey = config.crm.encryptionKey ?? { id: 'local', key: Buffer.from(localSecrets!.crmEncryptionKey, 'base64') };
  return { config: { ...config, crm }, encryptionKey };
}

async function createAuth(
  config: AppConfig,
  pool: Pool,
  logger: Logger,
  localSecrets: LocalSecrets | undefined,
  audit: Services['audit'],
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
  const service = createLocalAuthService({
    pool,
    secret,
    issuer,
    audience: auth.audience,
    accessTokenTtlSeconds: auth.accessTokenTtlSeconds,
    sessions: auth.sessions,
    guard: auth.guard,
    passwordHashParams: auth.passwordHashParams,
    logger,
    audit,
  });
  const anonKey = await service.createAnonKey();
  return {
    verifyToken,
    verifyServiceToken,
    publicConfig: { authMode: 'local', supabaseUrl: config.backendUrl, supabaseAnonKey: anonKey },
    localAuthRouter: createLocalAuthRouter({
      auth: service,
      verify: verifyToken,
      anonKey,
      jsonBodyLimit: config.jsonBodyLimit,
      rateLimits: createAuthRateLimits(auth.guard, pool, logger),
    }),
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
