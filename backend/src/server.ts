import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from './config';
import { startProduct } from './start';

/** Entry point of `pnpm start`: config → database → migrations → API + web app → listen. */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const product = await startProduct(config);
  product.logger.info({ url: product.url, dataDir: config.dataDir }, 'VoiceAgent CRM is running');
  process.stdout.write(`\n  VoiceAgent CRM is running at ${product.url}\n  (data in ${config.dataDir}; Ctrl+C to stop)\n\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    product.logger.info({ signal }, 'shutting down');
    void product.stop().then(() => process.exit(0));
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
  else console.error('VoiceAgent CRM failed to start:', error);
  process.exit(1);
});
