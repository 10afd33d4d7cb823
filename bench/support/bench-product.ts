import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '@voiceagent/backend/config';
import { startEmbeddedPostgres } from '@voiceagent/backend/db/embedded-postgres';
import { startProduct, type RunningProduct } from '@voiceagent/backend/start';

export type BenchProduct = {
  product: RunningProduct;
  databaseUrl: string;
  dataDir: string;
  /** How long startProduct took (migrations included), without the temporary folder and the embedded database. */
  productStartSeconds: number;
  /** Stops the product, then the embedded database (if any), then removes the temporary folder. */
  stop(): Promise<void>;
};

/**
 * The product as most benches measure it: in this process, on a free port, in a temporary
 * DATA_DIR, on DATABASE_URL when it is set (so a run can reuse an earlier one's data) or else on
 * an embedded Postgres of its own, silent, without the CRM sandbox and with the rate limits off
 * (a bench's many requests from one user and address are the point, not abuse), and without
 * background workers (their jobs would compete with the figures).
 *
 * `env` is laid over those defaults; a key set to undefined is left to the product's own default.
 * `ownDatabase` starts the embedded Postgres even when DATABASE_URL is set.
 */
export async function startBenchProduct(options: {
  /** Names the temporary folder: voiceagent-bench-<name>-… */
  name: string;
  env?: Record<string, string | undefined>;
  ownDatabase?: boolean;
  start?: Parameters<typeof startProduct>[1];
}): Promise<BenchProduct> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `voiceagent-bench-${options.name}-`));
  const sharedUrl = options.ownDatabase ? undefined : process.env.DATABASE_URL;
  const embedded = sharedUrl ? null : await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres') });
  const databaseUrl = sharedUrl ?? embedded!.connectionString;
  const stopDatabase = async () => {
    await embedded?.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      CRM_SANDBOX: 'off',
      DATABASE_URL: databaseUrl,
      RATE_LIMIT_PER_MINUTE_USER: '0',
      RATE_LIMIT_PER_MINUTE_IP: '0',
      SYNC_WORKERS: 'off',
      ...options.env,
    });
    const started = performance.now();
    const product = await startProduct(config, options.start);
    const productStartSeconds = (performance.now() - started) / 1000;
    return {
      product,
      databaseUrl,
      dataDir,
      productStartSeconds,
      async stop() {
        await product.stop();
        await stopDatabase();
      },
    };
  } catch (error) {
    await stopDatabase();
    throw error;
  }
}
