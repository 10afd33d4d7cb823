import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type AppConfig } from '../../src/config';
import { startProduct, type RunningProduct } from '../../src/start';
import { createTestDatabase } from './test-database';

/** scrypt at 1/128 of production's memory and time: still a real scrypt hash, stored with its parameters. */
export const TEST_PASSWORD_HASH_PARAMS = { N: 2 ** 10, r: 8, p: 1 };

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export type TestProduct = RunningProduct & { config: AppConfig; anonKey: string; close(): Promise<void> };

/**
 * The whole product in-process on a free port, on its own freshly migrated database, in local
 * auth mode with a known signing secret (so tests can forge and expire tokens on purpose).
 * `onResponse` is told about every response the API writes.
 */
export async function startTestProduct(
  env: Record<string, string> = {},
  options: Pick<Parameters<typeof startProduct>[1] & object, 'onListening' | 'onResponse' | 'clock'> & {
    crm?: Pick<AppConfig['crm'], 'hubspotSync' | 'providerHttp'>;
    /** 'production': OWASP's scrypt cost, for the tests of hashing itself; otherwise a cheap one. */
    passwordCost?: 'production' | 'test';
    treeCountBudgetMs?: number;
  } = {},
): Promise<TestProduct> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'voiceagent-test-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: database.connectionString,
    LOCAL_AUTH_JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
    // Salesforce's one-minute change check would queue syncs between a test's steps; its tests turn it on.
    SALESFORCE_POLL_INTERVAL_SECONDS: '0',
    ...env,
  });
  // HubSpot's paging limits and provider retry delays are not environment settings; a test shrinks them here.
  Object.assign(config.crm, options.crm);
  // Each sign-up would otherwise pay 128 MiB and 0.3-2 s of scrypt; what the tests prove of accounts does not depend on the cost.
  if (config.auth.mode === 'local' && options.passwordCost !== 'production') config.auth.passwordHashParams = TEST_PASSWORD_HASH_PARAMS;
  if (options.treeCountBudgetMs !== undefined) config.treeCountBudgetMs = options.treeCountBudgetMs;
  const product = await startProduct(config, options);
  const { supabaseAnonKey } = (await (await fetch(`${product.url}/api/v1/config`)).json()) as { supabaseAnonKey: string };
  return {
    ...product,
    config,
    anonKey: supabaseAnonKey,
    async close() {
      await product.stop();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
