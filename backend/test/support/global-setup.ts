import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { migrate } from '../../src/db/migrator';
import { createPool } from '../../src/db/pool';
import { withDatabase } from './database-url';
import './provided-context';

/**
 * One Postgres for the whole run: TEST_DATABASE_URL (e.g. the Debian PostgreSQL 15 in CI)
 * or a throwaway embedded cluster. Migrations run once, into a template database; each test
 * file then copies it, which takes milliseconds instead of re-running every migration.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TEST_DATABASE_URL;
  let stopCluster = async (): Promise<void> => {};
  let adminDatabaseUrl: string;
  if (external) {
    adminDatabaseUrl = external;
  } else {
    const root = await mkdtemp(path.join(tmpdir(), 'voiceagent-test-pg-'));
    const cluster = await startEmbeddedPostgres({
      dataDir: path.join(root, 'postgres'),
      // Durability buys nothing in a cluster deleted after the run.
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '200' },
    });
    adminDatabaseUrl = cluster.connectionString;
    stopCluster = async () => {
      await cluster.stop();
      await rm(root, { recursive: true, force: true });
    };
  }

  const templateDatabase = `voiceagent_template_${randomBytes(6).toString('hex')}`;
  try {
    await adminQuery(adminDatabaseUrl, `create database ${templateDatabase}`);
    const pool = createPool(withDatabase(adminDatabaseUrl, templateDatabase), { max: 1 });
    try {
      await migrate(pool);
    } finally {
      await pool.end();
    }
  } catch (error) {
    await stopCluster();
    throw error;
  }

  project.provide('adminDatabaseUrl', adminDatabaseUrl);
  project.provide('templateDatabase', templateDatabase);

  return async () => {
    await adminQuery(adminDatabaseUrl, `drop database if exists ${templateDatabase} with (force)`).catch(
      (error: unknown) => console.warn(`could not drop ${templateDatabase}:`, error),
    );
    await stopCluster();
  };
}

async function adminQuery(connectionString: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
