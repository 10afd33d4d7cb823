import type { PoolClient } from 'pg';
import type { TPlatform } from '@voiceagent/shared';
import type { BulkJobRow } from '../bulk/bulk-jobs-repository';

/** An import's settings, kept in bulk_jobs.params. */
export type ImportParams = {
  platform: TPlatform;
  fileName: string;
  delimiter: string;
  header: string[];
  suggestedMapping: Array<string | null>;
  mapping?: Array<string | null>;
  resyncQueued?: TPlatform[];
};

/** `sent_key`: the row was in a request to the CRM whose answer was never saved (its worker stopped). */
export type ImportRow = { id: string; row_number: number; cells: string[]; sent_key: string | null };
export type ImportVerdict = {
  id: string;
  status: 'succeeded' | 'failed' | 'skipped';
  errorCode: string | null;
  error: string | null;
  externalId: string | null;
  dedupeKey: string | null;
};

const JOB_COLUMNS = `id, user_id, kind, status, total_count, succeeded_count, failed_count, skipped_count, params, error,
  cancel_requested_at, created_at, started_at, finished_at`;

/** A new import, waiting for its mapping. */
export async function insertImport(db: PoolClient, userId: string, params: ImportParams): Promise<BulkJobRow> {
  const { rows } = await db.query<BulkJobRow>(
    `insert into public.bulk_jobs (user_id, kind, status, params) values ($1, 'import', 'mapping', $2) returning ${JOB_COLUMNS}`,
    [userId, JSON.stringify(params)],
  );
  return rows[0]!;
}

/** Stores rows `firstRow`… as they were read, pending, in one statement. */
export async function insertRows(db: PoolClient, job: { id: string; userId: string; platform: TPlatform }, firstRow: number, rows: string[][]): Promise<void> {
  await db.query(
    `insert into public.bulk_job_items (job_id, user_id, platform, object_type, external_id, row_number, cells)
     select $1, $2, $3, 'contact', null, $4::int + r.n::int - 1, r.cells
     from jsonb_array_elements($5::jsonb) with ordinality as r(cells, n)`,
    [job.id, job.userId, job.platform, firstRow, JSON.stringify(rows)],
  );
}

export async function setTotal(db: PoolClient, jobId: string, total: number): Promise<BulkJobRow> {
  const { rows } = await db.query<BulkJobRow>(`update public.bulk_jobs set total_count = $2, updated_at = now() where id = $1 returning ${JOB_COLUMNS}`, [jobId, total]);
  return rows[0]!;
}

/** The import of this id, when it is one; under withUser RLS hides other users' too. */
export async function findImport(db: PoolClient, userId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<BulkJobRow | undefined> {
  const { rows } = await db.query<BulkJobRow>(
    `select ${JOB_COLUMNS} from public.bulk_jobs where id = $1 and user_id = $2 and kind = 'import'${options.forUpdate ? ' for update' : ''}`,
    [id, userId],
  );
  return rows[0];
}

export async function findFirstRows(db: PoolClient, jobId: string, limit: number): Promise<Array<{ row_number: number; cells: string[] }>> {
  const { rows } = await db.query<{ row_number: number; cells: string[] }>(
    `select row_number, cells from public.bulk_job_items where job_id = $1 and row_number is not null order by row_number limit $2`,
    [jobId, limit],
  );
  return rows;
}

/** mapping → queued with the mapping the rows are read with; false when it was not waiting for one. */
export async function queueWithMapping(db: PoolClient, jobId: string, mapping: Array<string | null>): Promise<boolean> {
  const result = await db.query(
    `update public.bulk_jobs set status = 'queued', params = params || jsonb_build_object('mapping', $2::jsonb), updated_at = now()
     where id = $1 and status = 'mapping'`,
    [jobId, JSON.stringify(mapping)],
  );
  return (result.rowCount ?? 0) > 0;
}

/**
 * The next pending rows in file order. Only one worker runs a job's rows at a time (the bulk
 * queue's singleton key per job and CRM), so the first pending rows are that worker's own.
 */
export async function claimRows(db: PoolClient, jobId: string, limit: number): Promise<ImportRow[]> {
  const { rows } = await db.query<ImportRow>(
    `select id::text, row_number, cells, dedupe_key as sent_key from public.bulk_job_items where job_id = $1 and status = 'pending' order by id limit $2`,
    [jobId, limit],
  );
  return rows;
}

/**
 * Marks rows as on their way to the CRM (their key set while still pending), just before the
 * request: a worker that takes the job over after this one died sees which rows the CRM may
 * have created without the answer being saved.
 */
export async function markSending(db: PoolClient, jobId: string, rows: Array<{ id: string; key: string }>): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `update public.bulk_job_items i set dedupe_key = v.key, updated_at = now()
     from unnest($2::bigint[], $3::text[]) as v(id, key)
     where i.job_id = $1 and i.id = v.id and i.status = 'pending'`,
    [jobId, rows.map((row) => row.id), rows.map((row) => row.key.slice(0, 320))],
  );
}

/**
 * The keys (`email:…`, `phone:+…`) the CRM already holds as far as we know, with its id: rows an
 * earlier import (or this one) created or found there, and the synced contacts of the platform.
 */
export async function findKnownKeys(db: PoolClient, userId: string, platform: TPlatform, keys: string[]): Promise<Map<string, string | null>> {
  if (keys.length === 0) return new Map();
  const emails = keys.filter((key) => key.startsWith('email:')).map((key) => key.slice(6));
  const phones = keys.filter((key) => key.startsWith('phone:')).map((key) => key.slice(6));
  const { rows } = await db.query<{ key: string; external_id: string | null }>(
    `select dedupe_key as key, external_id from public.bulk_job_items
       where user_id = $1 and platform = $2 and dedupe_key = any($3::text[]) and status in ('succeeded', 'skipped')
     union all
     select 'email:' || email_key, external_id from public.crm_contacts
       where user_id = $1 and platform = $2 and deleted_at is null and email_key = any($4::text[])
     union all
     select 'phone:' || phone_e164, external_id from public.crm_contacts
       where user_id = $1 and platform = $2 and deleted_at is null and phone_e164 = any($5::text[])
     union all
     select 'phone:' || mobile_phone_e164, external_id from public.crm_contacts
       where user_id = $1 and platform = $2 and deleted_at is null and mobile_phone_e164 = any($5::text[])`,
    [userId, platform, keys, emails, phones],
  );
  const known = new Map<string, string | null>();
  for (const row of rows) if (!known.get(row.key)) known.set(row.key, row.external_id);
  return known;
}

/** Records a batch's verdicts (and the CRM ids and keys) and counts them on the job; rows no longer pending stay as they are. */
export async function saveVerdicts(db: PoolClient, jobId: string, verdicts: ImportVerdict[]): Promise<void> {
  if (verdicts.length === 0) return;
  const { rows } = await db.query<{ status: string }>(
    `update public.bulk_job_items i
     set status = v.status, error_code = v.error_code, error = v.error, external_id = v.external_id, dedupe_key = v.dedupe_key, updated_at = now()
     from unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) as v(id, status, error_code, error, external_id, dedupe_key)
     where i.job_id = $1 and i.id = v.id and i.status = 'pending'
     returning i.status`,
    [
      jobId,
      verdicts.map((v) => v.id),
      verdicts.map((v) => v.status),
      verdicts.map((v) => v.errorCode?.slice(0, 64) ?? null),
      verdicts.map((v) => v.error?.slice(0, 2000) ?? null),
      verdicts.map((v) => v.externalId),
      verdicts.map((v) => v.dedupeKey?.slice(0, 320) ?? null),
    ],
  );
  const count = (status: string) => rows.filter((row) => row.status === status).length;
  await db.query(
    `update public.bulk_jobs set succeeded_count = succeeded_count + $2, failed_count = failed_count + $3, skipped_count = skipped_count + $4, updated_at = now() where id = $1`,
    [jobId, count('succeeded'), count('failed'), count('skipped')],
  );
}

/** The report: rows not created, in file order (a statement for a cursor). */
export function reportQuery(jobId: string): { text: string; values: unknown[] } {
  return {
    text: `select row_number, status, error_code, error, cells from public.bulk_job_items
           where job_id = $1 and status in ('failed', 'skipped') order by row_number, id`,
    values: [jobId],
  };
}
