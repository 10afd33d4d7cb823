// `pnpm db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded
// database under DATA_DIR when no URL is set (the same database `pnpm start` uses).
import path from 'node:path';
import { startEmbeddedPostgres } from './embedded-postgres';
import { migrate } from './migrator';
import { createPool } from './pool';

// The one place this script reads the environment; it moves to loadConfig() once
// backend/src/config.ts provides it.
function readDatabaseSettings(): { databaseUrl: string | undefined; dataDir: string } {
  return {
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: process.env.DATA_DIR || '.data',
  };
}

function print(message: string): void {
  process.stdout.write(`${message}\n`);
}

async function main(): Promise<void> {
  const { databaseUrl, dataDir } = readDatabaseSettings();
  const embedded = databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres') });
  const connectionString = databaseUrl ?? embedded?.connectionString ?? '';
  const pool = createPool(connectionString, { max: 1, applicationName: 'voiceagent-migrate' });
  try {
    print(databaseUrl ? 'Migrating DATABASE_URL' : `Migrating the embedded database in ${path.resolve(dataDir, 'postgres')}`);
    const { applied } = await migrate(pool, { log: print });
    print(applied.length === 0 ? 'Nothing to apply: the schema is up to date.' : `Applied ${applied.length} migration(s).`);
  } finally {
    await pool.end();
    await embedded?.stop();
  }
}

// Exit explicitly: embedded-postgres's exit hook would otherwise end the process with 0.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
