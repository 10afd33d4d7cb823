import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrator';
import { createEmptyDatabase, createTestUser, type TestDatabase } from '../support/test-database';

const migrationsDir = fileURLToPath(new URL('../../database/migrations/', import.meta.url));
const MIGRATION = '0245_write_back_latency_four_buckets_a_doubling.sql';
const UNITS = ['hour', 'quarter', 'day'] as const;

/** Each table's rows, their latency sums rounded (a float sum's last digits depend on its order). */
async function readRollups(database: TestDatabase, userId: string) {
  const tables: Record<string, unknown[]> = {};
  for (const unit of UNITS) {
    const { rows } = await database.pool.query(
      `select ${unit} as at, platform, writeback_status, error_code, latency_bucket, results, round(latency_sum::numeric, 6)::float8 as latency_sum, last_error
       from public.analytics_write_back_${unit}s where user_id = $1 order by 1, 2, 3, 4, 5`,
      [userId],
    );
    tables[unit] = rows;
  }
  return tables;
}

describe('migration 0245 (the write-back latency histogram, four buckets a doubling)', () => {
  let database: TestDatabase;
  let before: string;

  beforeAll(async () => {
    database = await createEmptyDatabase();
    before = await mkdtemp(path.join(tmpdir(), 'voiceagent-migrations-'));
    await cp(migrationsDir, before, { recursive: true, filter: (source) => !source.endsWith('.sql') || path.basename(source) < MIGRATION });
    await migrate(database.pool, { migrationsDir: before });
  });
  afterAll(async () => {
    await rm(before, { recursive: true, force: true });
    await database?.drop();
  });

  it('halves the buckets of rows rolled up eight to a doubling, summing the rows that meet, and only once', async () => {
    const user = await createTestUser(database.pool);
    for (const unit of UNITS) {
      // Buckets 16 and 17 (eight a doubling: 4 to 4.76 s) meet in 8; -81 (≤ 1 ms) is -41; -3 floors to -2.
      await database.pool.query(
        `insert into public.analytics_write_back_${unit}s (user_id, ${unit}, platform, writeback_status, error_code, latency_bucket, results, latency_sum, last_error, last_error_at)
         values ($1, '2026-03-09T00:00:00Z', 'hubspot', 'succeeded', null, 16, 2, 8.5, null, null),
                ($1, '2026-03-09T00:00:00Z', 'hubspot', 'succeeded', null, 17, 3, 13.5, null, null),
                ($1, '2026-03-09T00:00:00Z', 'hubspot', 'succeeded', null, -81, 1, 0, null, null),
                ($1, '2026-03-09T00:00:00Z', 'zoho', 'succeeded', null, -3, 4, 3.0, null, null),
                ($1, '2026-03-09T00:00:00Z', 'zoho', 'failed', 'rate_limited', null, 5, 0, 'Too many requests', '2026-03-09T00:30:00Z')`,
        [user.id],
      );
    }

    const applied = await migrate(database.pool);

    expect(applied.applied).toContain(MIGRATION);
    const expected = [
      { at: new Date('2026-03-09T00:00:00Z'), platform: 'hubspot', writeback_status: 'succeeded', error_code: null, latency_bucket: -41, results: 1, latency_sum: 0, last_error: null },
      { at: new Date('2026-03-09T00:00:00Z'), platform: 'hubspot', writeback_status: 'succeeded', error_code: null, latency_bucket: 8, results: 5, latency_sum: 22, last_error: null },
      { at: new Date('2026-03-09T00:00:00Z'), platform: 'zoho', writeback_status: 'failed', error_code: 'rate_limited', latency_bucket: null, results: 5, latency_sum: 0, last_error: 'Too many requests' },
      { at: new Date('2026-03-09T00:00:00Z'), platform: 'zoho', writeback_status: 'succeeded', error_code: null, latency_bucket: -2, results: 4, latency_sum: 3, last_error: null },
    ];
    const after = await readRollups(database, user.id);
    expect(after).toEqual({ hour: expected, quarter: expected, day: expected });

    // Run again as psql -f would: the rows stay as they are.
    await database.pool.query(await readFile(path.join(migrationsDir, MIGRATION), 'utf8'));
    expect(await readRollups(database, user.id)).toEqual(after);
  });

  it('buckets a new latency four to a doubling', async () => {
    const { rows } = await database.pool.query(
      `select s, private.write_back_latency_bucket(s) as bucket from unnest(array[0.0005, 0.001, 0.5, 1, 4.5, 30, 3600, null]::float8[]) s`,
    );
    // Independently: floor(4 * log2(s)), and -41 at or under a millisecond.
    expect(rows.map((row) => row.bucket)).toEqual([-41, -41, -4, 0, 8, 19, 47, null]);
  });
});
