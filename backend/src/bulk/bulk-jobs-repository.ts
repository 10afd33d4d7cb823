import type { PoolClient } from 'pg';
import type { TBulkItemStatus, TBulkJobKind, TBulkJobStatus, TContactObjectType, TPlatform } from '@voiceagent/shared';
import { compileContactSelection, type ContactSelection } from '../crm/contacts/selection/contact-selection-sql';
import { createSqlParams } from '../db/sql-params';

export type BulkJobRow = {
  id: string;
  user_id: string;
  kind: TBulkJobKind;
  status: TBulkJobStatus;
  total_count: number;
  succeeded_count: number;
  failed_count: number;
  skipped_count: number;
  params: Record<string, unknown>;
  error: string | null;
  cancel_requested_at: Date | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
};

export type BulkItemRow = {
  id: string;
  contact_id: string | null;
  platform: TPlatform;
  object_type: TContactObjectType;
  external_id: string;
  status: TBulkItemStatus;
  error_code: string | null;
  error: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
};

/** A CRM object a job writes to. */
export type JobTarget = { platform: TPlatform; objectType: TContactObjectType };
/** A pending row as a batch takes it. */
export type ClaimedItem = { id: string; external_id: string; object_type: TContactObjectType };
export type ItemVerdict = { id: string; status: 'succeeded' | 'failed'; errorCode: string | null; error: string | null };

const JOB_COLUMNS = `id, user_id, kind, status, total_count, succeeded_count, failed_count, skipped_count, params, error,
  cancel_requested_at, created_at, started_at, finished_at`;
const FINAL = `('succeeded', 'partially_failed', 'failed', 'cancelled')`;
const MAX_TEXT = 2000;

/** The selection's contacts in the targets' CRM objects, as SQL on `crm_contacts c` (owner and liveness included). */
function targetedSelection(userId: string, selection: ContactSelection, targets: JobTarget[], params: ReturnType<typeof createSqlParams>): string {
  const { where } = compileContactSelection(userId, selection, params);
  const keys = targets.map((target) => `${target.platform}:${target.objectType}`);
  return `${where}\n      and (c.platform || ':' || c.object_type) = any(${params.add(keys)}::text[])`;
}

/** How many of the selection's contacts each target would take. */
export async function countTargets(db: PoolClient, userId: string, selection: ContactSelection, targets: JobTarget[]): Promise<Array<JobTarget & { count: number }>> {
  const params = createSqlParams();
  const where = targetedSelection(userId, selection, targets, params);
  const { rows } = await db.query<{ platform: TPlatform; object_type: TContactObjectType; count: number }>(
    `select c.platform, c.object_type, count(*)::int as count from public.crm_contacts c where ${where} group by 1, 2`,
    params.values,
  );
  return targets.map((target) => ({ ...target, count: rows.find((row) => row.platform === target.platform && row.object_type === target.objectType)?.count ?? 0 }));
}

export async function insertJob(db: PoolClient, input: { userId: string; kind: TBulkJobKind; params: Record<string, unknown> }): Promise<BulkJobRow> {
  const { rows } = await db.query<BulkJobRow>(`insert into public.bulk_jobs (user_id, kind, params) values ($1, $2, $3) returning ${JOB_COLUMNS}`, [
    input.userId,
    input.kind,
    JSON.stringify(input.params),
  ]);
  return rows[0]!;
}

/** The job's rows: one per selected contact in a target, in CRM and object order; sets the job's total. */
export async function insertItems(db: PoolClient, job: BulkJobRow, selection: ContactSelection, targets: JobTarget[]): Promise<BulkJobRow> {
  const params = createSqlParams([job.id]);
  const where = targetedSelection(job.user_id, selection, targets, params);
  const inserted = await db.query(
    `insert into public.bulk_job_items (job_id, user_id, contact_id, platform, object_type, external_id)
     select $1, c.user_id, c.id, c.platform, c.object_type, c.external_id
     from public.crm_contacts c
     where ${where}
     order by c.platform, c.object_type, c.id`,
    params.values,
  );
  const { rows } = await db.query<BulkJobRow>(`update public.bulk_jobs set total_count = $2, updated_at = now() where id = $1 returning ${JOB_COLUMNS}`, [
    job.id,
    inserted.rowCount ?? 0,
  ]);
  return rows[0]!;
}

/** One job; under withUser RLS hides other users' jobs, under withService `userId` does. */
export async function findJob(db: PoolClient, userId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<BulkJobRow | undefined> {
  const { rows } = await db.query<BulkJobRow>(`select ${JOB_COLUMNS} from public.bulk_jobs where id = $1 and user_id = $2${options.forUpdate ? ' for update' : ''}`, [id, userId]);
  return rows[0];
}

export async function findJobById(db: PoolClient, id: string, options: { forUpdate?: boolean } = {}): Promise<BulkJobRow | undefined> {
  const { rows } = await db.query<BulkJobRow>(`select ${JOB_COLUMNS} from public.bulk_jobs where id = $1${options.forUpdate ? ' for update' : ''}`, [id]);
  return rows[0];
}

/** Failed first, then pending, succeeded and skipped; or one status. `after` is the last row's (rank, id). */
export async function listItems(
  db: PoolClient,
  input: { jobId: string; status?: TBulkItemStatus; after: { rank: number; id: string } | null; limit: number },
): Promise<Array<BulkItemRow & { rank: number }>> {
  const params = createSqlParams([input.jobId]);
  const rank = `(case i.status when 'failed' then 0 when 'pending' then 1 when 'succeeded' then 2 else 3 end)`;
  const where = ['i.job_id = $1'];
  if (input.status) where.push(`i.status = ${params.add(input.status)}`);
  if (input.after) where.push(`(${rank}, i.id) > (${params.add(input.after.rank)}::int, ${params.add(input.after.id)}::bigint)`);
  const { rows } = await db.query<BulkItemRow & { rank: number }>(
    `select i.id::text, i.contact_id, i.platform, i.object_type, i.external_id, i.status, i.error_code, i.error,
       c.first_name, c.last_name, c.email, ${rank} as rank
     from public.bulk_job_items i
     left join public.crm_contacts c on c.id = i.contact_id and c.user_id = i.user_id
     where ${where.join(' and ')}
     order by ${rank}, i.id
     limit ${params.add(input.limit)}`,
    params.values,
  );
  return rows;
}

/** A worker takes the job up: queued → running (a job already running is a worker's resume). Null when it has ended. */
export async function startJob(db: PoolClient, id: string): Promise<BulkJobRow | undefined> {
  const { rows } = await db.query<BulkJobRow>(
    `update public.bulk_jobs set status = 'running', started_at = coalesce(started_at, now()), updated_at = now()
     where id = $1 and status in ('queued', 'running') returning ${JOB_COLUMNS}`,
    [id],
  );
  return rows[0];
}

/** The next batch of one CRM's pending rows: the first `limit` of its first object type still pending. */
export async function claimBatch(db: PoolClient, jobId: string, platform: TPlatform, limit: number): Promise<ClaimedItem[]> {
  const { rows } = await db.query<ClaimedItem>(
    `with first as (
       select object_type from public.bulk_job_items
       where job_id = $1 and platform = $2 and status = 'pending' order by object_type, id limit 1
     )
     select id::text, external_id, object_type from public.bulk_job_items
     where job_id = $1 and platform = $2 and status = 'pending' and object_type = (select object_type from first)
     order by id limit $3`,
    [jobId, platform, limit],
  );
  return rows;
}

/** Records a batch's verdicts and counts them on the job, in one statement each; rows no longer pending are left as they are. */
export async function saveVerdicts(db: PoolClient, jobId: string, verdicts: ItemVerdict[]): Promise<void> {
  if (verdicts.length === 0) return;
  const { rows } = await db.query<{ status: string }>(
    `update public.bulk_job_items i
     set status = v.status, error_code = v.error_code, error = v.error, updated_at = now()
     from unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) as v(id, status, error_code, error)
     where i.job_id = $1 and i.id = v.id and i.status = 'pending'
     returning i.status`,
    [
      jobId,
      verdicts.map((verdict) => verdict.id),
      verdicts.map((verdict) => verdict.status),
      verdicts.map((verdict) => verdict.errorCode?.slice(0, 64) ?? null),
      verdicts.map((verdict) => verdict.error?.slice(0, MAX_TEXT) ?? null),
    ],
  );
  const succeeded = rows.filter((row) => row.status === 'succeeded').length;
  await db.query(
    `update public.bulk_jobs set succeeded_count = succeeded_count + $2, failed_count = failed_count + $3, updated_at = now() where id = $1`,
    [jobId, succeeded, rows.length - succeeded],
  );
}

/** Ends a CRM's (or every CRM's) pending rows without sending them: skipped (a cancel) or failed (the CRM cannot be reached for good). */
export async function closePending(
  db: PoolClient,
  jobId: string,
  input: { platform: TPlatform | null; status: 'skipped' | 'failed'; errorCode: string | null; error: string | null },
): Promise<number> {
  const result = await db.query(
    `update public.bulk_job_items set status = $3, error_code = $4, error = $5, updated_at = now()
     where job_id = $1 and status = 'pending' and ($2::text is null or platform = $2)`,
    [jobId, input.platform, input.status, input.errorCode?.slice(0, 64) ?? null, input.error?.slice(0, MAX_TEXT) ?? null],
  );
  const count = result.rowCount ?? 0;
  const column = input.status === 'skipped' ? 'skipped_count' : 'failed_count';
  if (count > 0) await db.query(`update public.bulk_jobs set ${column} = ${column} + $2, updated_at = now() where id = $1`, [jobId, count]);
  return count;
}

/**
 * Ends the job once no row is pending: cancelled when a cancel was asked for, else by its counts.
 * Null when rows are still pending or the job had ended already (another worker finished it).
 */
export async function finishIfDone(db: PoolClient, jobId: string, resyncQueued: TPlatform[]): Promise<BulkJobRow | undefined> {
  const job = await findJobById(db, jobId, { forUpdate: true });
  if (!job || ['succeeded', 'partially_failed', 'failed', 'cancelled'].includes(job.status)) return undefined;
  const pending = await db.query(`select 1 from public.bulk_job_items where job_id = $1 and status = 'pending' limit 1`, [jobId]);
  if ((pending.rowCount ?? 0) > 0) return undefined;
  const { rows } = await db.query<BulkJobRow>(
    `update public.bulk_jobs set
       status = case
         when cancel_requested_at is not null then 'cancelled'
         when failed_count = 0 then 'succeeded'
         when succeeded_count = 0 then 'failed'
         else 'partially_failed' end,
       started_at = coalesce(started_at, now()),
       params = params || jsonb_build_object('resyncQueued', $2::jsonb),
       finished_at = now(), updated_at = now()
     where id = $1 and status not in ${FINAL}
     returning ${JOB_COLUMNS}`,
    [jobId, JSON.stringify(resyncQueued)],
  );
  return rows[0];
}

/** Whether a job still running has nothing left to send: the moment to end it. */
export async function isReadyToFinish(db: PoolClient, jobId: string): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from public.bulk_jobs j
     where j.id = $1 and j.status not in ${FINAL}
       and not exists (select 1 from public.bulk_job_items i where i.job_id = j.id and i.status = 'pending')`,
    [jobId],
  );
  return rows.length > 0;
}

/** Which CRMs had at least one row written. */
export async function findTouchedPlatforms(db: PoolClient, jobId: string): Promise<TPlatform[]> {
  const { rows } = await db.query<{ platform: TPlatform }>(
    `select distinct platform from public.bulk_job_items where job_id = $1 and status = 'succeeded'`,
    [jobId],
  );
  return rows.map((row) => row.platform);
}

/** The job's CRMs that still have pending rows. */
export async function findPendingPlatforms(db: PoolClient, jobId: string): Promise<TPlatform[]> {
  const { rows } = await db.query<{ platform: TPlatform }>(`select distinct platform from public.bulk_job_items where job_id = $1 and status = 'pending'`, [jobId]);
  return rows.map((row) => row.platform);
}

/** Asks a job to stop before its next batch; false when it had ended. */
export async function requestCancel(db: PoolClient, userId: string, id: string): Promise<boolean> {
  const result = await db.query(
    `update public.bulk_jobs set cancel_requested_at = coalesce(cancel_requested_at, now()), updated_at = now()
     where id = $1 and user_id = $2 and status not in ${FINAL}`,
    [id, userId],
  );
  return (result.rowCount ?? 0) > 0;
}

/** The user's CRM connections and their status, to refuse a bulk update of a CRM that is not connected. */
export async function findConnections(db: PoolClient, userId: string): Promise<Array<{ platform: TPlatform; status: string }>> {
  const { rows } = await db.query<{ platform: TPlatform; status: string }>(`select platform, status from public.user_crm_credentials where user_id = $1`, [userId]);
  return rows;
}

/** The contacts of these rows, archived at their CRM: deleted here too, as a sync would mark them. */
export async function markContactsDeleted(db: PoolClient, jobId: string, itemIds: string[]): Promise<void> {
  await db.query(
    `update public.crm_contacts c set deleted_at = now(), updated_at = now()
     from public.bulk_job_items i
     where i.job_id = $1 and i.id = any($2::bigint[]) and c.id = i.contact_id and c.user_id = i.user_id and c.deleted_at is null`,
    [jobId, itemIds],
  );
}
