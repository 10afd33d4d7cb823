import type { PoolClient } from 'pg';
import type { TContactObjectType, TPlatform } from '@voiceagent/shared';

/** A CRM object's do-not-call field as the user's mapping (or the CRM's default) names it. */
export type DoNotCallField = { platform: TPlatform; objectType: TContactObjectType; field: string };

/** The user's CRM connections (any status: an unusable one fails its rows, visibly). */
export async function findConnectedPlatforms(db: PoolClient, userId: string): Promise<TPlatform[]> {
  const { rows } = await db.query<{ platform: TPlatform }>('select platform from public.user_crm_credentials where user_id = $1 order by platform', [userId]);
  return rows.map((row) => row.platform);
}

/** The working mappings onto the standard field doNotCall, per connection and object. */
export async function findDoNotCallMappings(db: PoolClient, userId: string): Promise<DoNotCallField[]> {
  // The mapping rules let only true/false fields feed doNotCall, so `true` fits every one of them.
  const { rows } = await db.query<{ platform: TPlatform; object_type: TContactObjectType; field_name: string }>(
    `select platform, object_type, field_name from public.crm_field_mappings
     where user_id = $1 and target_kind = 'standard' and target_key = 'doNotCall' and status = 'ok'`,
    [userId],
  );
  return rows.map((row) => ({ platform: row.platform, objectType: row.object_type, field: row.field_name }));
}

/**
 * Which of these fields the cached catalogue says the CRM will not let us write (read-only or
 * calculated), as `platform:objectType:field`; only those fields' entries are read, not the catalogue.
 */
export async function findUnwritableFields(db: PoolClient, userId: string, fields: DoNotCallField[]): Promise<Set<string>> {
  if (fields.length === 0) return new Set();
  const keys = fields.map((field) => `${field.platform}:${field.objectType}:${field.field}`);
  const { rows } = await db.query<{ key: string }>(
    `select k.platform || ':' || (f->>'objectType') || ':' || (f->>'name') as key
     from public.crm_field_catalogues k, jsonb_array_elements(k.fields) f
     where k.user_id = $1 and k.platform = any($2::text[])
       and k.platform || ':' || (f->>'objectType') || ':' || (f->>'name') = any($3::text[])
       and (coalesce((f->>'readOnly')::boolean, false) or coalesce((f->>'calculated')::boolean, false))`,
    [userId, [...new Set(fields.map((field) => field.platform))], keys],
  );
  return new Set(rows.map((row) => row.key));
}

/** Records that the write-back of these suppressions was asked for: they leave the state `off`. */
export async function markWriteBackAsked(db: PoolClient, userId: string, suppressionIds: string[]): Promise<void> {
  // unnest, not `id = any(…)`: with thousands of ids (a CSV), a filter over the array is a scan of it per row.
  await db.query(
    'update public.suppressions s set crm_write_back_at = now() from unnest($2::uuid[]) as x(id) where s.user_id = $1 and s.id = x.id',
    [userId, suppressionIds],
  );
}

/**
 * The job's rows: each live contact of the user, in a target object, whose phone or mobile is one
 * of these suppressed numbers and that is not marked do-not-call here already. A contact holding
 * two of the numbers is written once (under one of them). A key lookup and two probes of the
 * (user, number) indexes per number, so a file of 10,000 numbers is one statement. Sets the job's total; answers the rows per target.
 */
export async function insertWriteBackItems(
  db: PoolClient,
  input: { jobId: string; userId: string; suppressionIds: string[]; targets: string[] },
): Promise<Array<{ platform: TPlatform; objectType: TContactObjectType; count: number }>> {
  const { rows } = await db.query<{ platform: TPlatform; object_type: TContactObjectType; count: number }>(
    `with matched as (
       select distinct on (c.id) c.id, c.user_id, c.platform, c.object_type, c.external_id, s.id as suppression_id
       from unnest($3::uuid[]) as x(id)
       join public.suppressions s on s.id = x.id and s.user_id = $2
       cross join lateral (
         select c.id, c.user_id, c.platform, c.object_type, c.external_id, c.do_not_call from public.crm_contacts c where c.user_id = s.user_id and c.phone_e164 = s.phone_e164 and c.deleted_at is null
         union
         select c.id, c.user_id, c.platform, c.object_type, c.external_id, c.do_not_call from public.crm_contacts c where c.user_id = s.user_id and c.mobile_phone_e164 = s.phone_e164 and c.deleted_at is null
       ) c
       where (c.platform || ':' || c.object_type) = any($4::text[])
         and c.do_not_call is not true
       order by c.id, s.id
     ),
     inserted as (
       insert into public.bulk_job_items (job_id, user_id, contact_id, platform, object_type, external_id, suppression_id)
       select $1, m.user_id, m.id, m.platform, m.object_type, m.external_id, m.suppression_id
       from matched m
       order by m.platform, m.object_type, m.id
       returning platform, object_type
     )
     select platform, object_type, count(*)::int as count from inserted group by 1, 2`,
    [input.jobId, input.userId, input.suppressionIds, input.targets],
  );
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  await db.query('update public.bulk_jobs set total_count = $2, updated_at = now() where id = $1', [input.jobId, total]);
  return rows.map((row) => ({ platform: row.platform, objectType: row.object_type, count: row.count }));
}

/** A job's params once its rows are known (the counts per target). */
export async function saveJobParams(db: PoolClient, jobId: string, params: Record<string, unknown>): Promise<void> {
  await db.query('update public.bulk_jobs set params = $2::jsonb, updated_at = now() where id = $1', [jobId, JSON.stringify(params)]);
}

/** A job that found nothing to write goes, rather than staying as an empty job in the user's list. */
export async function deleteJob(db: PoolClient, jobId: string): Promise<void> {
  await db.query('delete from public.bulk_jobs where id = $1', [jobId]);
}
