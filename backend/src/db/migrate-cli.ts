// `pnpm db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded
// database under DATA_DIR when no URL is set (the same database `pnpm start` uses).
import path from 'node:path';
import { loadConfig } from '../config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { migrate } from './migrator';
import { createPool } from './pool';

// The same settings `pnpm start` uses (DATA_DIR resolved from where the command was typed).
function readDatabaseSettings(): { databaseUrl: string | undefined; dataDir: string } {
  const config = loadConfig();
  return { databaseUrl: config.databaseUrl, dataDir: config.dataDir };
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
    print(databaseUrl ? 'Migrating DATABASE_URL' : `Migrating the embedded database in ${path.join(dataDir, 'postgres')}`);
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
