import type { PoolClient } from 'pg';

export type SuppressionRow = {
  id: string;
  phone_e164: string;
  reason: string | null;
  source: 'contact' | 'call_result' | 'api' | 'csv';
  created_at: Date;
  /** created_at exactly as Postgres orders it: the keyset key. */
  created_key: string;
  /** The CRM write-back: when it was asked for (null: the setting was off), and its job rows counted. */
  crm_write_back_at: Date | null;
  wb_records: number;
  wb_pending: number;
  wb_failed: number;
  wb_job_ids: string[];
  wb_error: string | null;
};

/**
 * A suppression's write-back rows (0235), counted: one index probe per suppression. Joined to a
 * page already cut (the list's subquery), never to the whole list before its limit.
 */
const WRITE_BACK_JOIN = `left join lateral (
    select count(*)::int as wb_records,
      count(*) filter (where i.status = 'pending')::int as wb_pending,
      count(*) filter (where i.status in ('failed', 'skipped'))::int as wb_failed,
      coalesce(array_agg(distinct i.job_id::text), '{}'::text[]) as wb_job_ids,
      (array_agg(coalesce(i.error, 'Cancelled before it was sent') order by i.id) filter (where i.status in ('failed', 'skipped')))[1] as wb_error
    from public.bulk_job_items i
    where i.suppression_id = s.id and i.user_id = s.user_id
  ) w on true`;

const COLUMNS = `s.id, s.phone_e164, s.reason, s.source, s.created_at,
  to_char(s.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key,
  s.crm_write_back_at, w.wb_records, w.wb_pending, w.wb_failed, w.wb_job_ids, w.wb_error`;

/** Adds the number, or finds the entry it already has (the first reason and source stay); `isNew` tells which. */
export async function insertSuppression(
  db: PoolClient,
  userId: string,
  input: { phoneE164: string; reason: string | null; source: SuppressionRow['source'] },
): Promise<{ id: string; isNew: boolean }> {
  const { rows } = await db.query<{ id: string; is_new: boolean }>(
    `with added as (
       insert into public.suppressions as s (user_id, phone_e164, reason, source) values ($1, $2, $3, $4)
       on conflict (user_id, phone_e164) do nothing
       returning s.id
     )
     select id, true as is_new from added
     union all
     select s.id, false from public.suppressions s where s.user_id = $1 and s.phone_e164 = $2 and not exists (select 1 from added)`,
    [userId, input.phoneE164, input.reason, input.source],
  );
  return { id: rows[0]!.id, isNew: rows[0]!.is_new };
}

export async function findSuppressionRow(db: PoolClient, userId: string, id: string): Promise<SuppressionRow | undefined> {
  const { rows } = await db.query<SuppressionRow>(
    `select ${COLUMNS} from (select * from public.suppressions where user_id = $1 and id = $2) s ${WRITE_BACK_JOIN}`,
    [userId, id],
  );
  return rows[0];
}

/** Suppresses the numbers of these campaign contacts (a call that ended "asked not to call"); answers the new entries' ids. */
export async function suppressCampaignContacts(db: PoolClient, target: { userId: string; campaignId: string }, campaignContactIds: string[], reason: string): Promise<string[]> {
  if (campaignContactIds.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    `insert into public.suppressions (user_id, phone_e164, reason, source)
     select distinct on (cc.phone_e164) cc.user_id, cc.phone_e164, $4, 'call_result'
     from public.campaign_contacts cc
     where cc.user_id = $1 and cc.campaign_id = $2 and cc.id = any($3::uuid[]) and cc.phone_e164 is not null
     on conflict (user_id, phone_e164) do nothing
     returning id`,
    [target.userId, target.campaignId, campaignContactIds, reason],
  );
  return rows.map((row) => row.id);
}

/** A page newest first, plus one more row when there is a next page. */
export async function listSuppressionRows(db: PoolClient, userId: string, after: { createdAt: string; id: string } | null, limit: number): Promise<SuppressionRow[]> {
  const values: unknown[] = [userId, limit + 1];
  let keyset = '';
  if (after) {
    values.push(after.createdAt, after.id);
    keyset = 'and (s.created_at, s.id) < ($3::timestamptz, $4::uuid)';
  }
  const { rows } = await db.query<SuppressionRow>(
    `select ${COLUMNS}
     from (select * from public.suppressions s where s.user_id = $1 ${keyset} order by s.created_at desc, s.id desc limit $2) s
     ${WRITE_BACK_JOIN}
     order by s.created_at desc, s.id desc`,
    values,
  );
  return rows;
}

export async function deleteSuppressionRow(db: PoolClient, userId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query('delete from public.suppressions where user_id = $1 and id = $2', [userId, id]);
  return (rowCount ?? 0) > 0;
}

/** Adds the numbers not yet listed (source csv); answers the new entries' ids. */
export async function insertSuppressionNumbers(db: PoolClient, userId: string, numbers: string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `insert into public.suppressions (user_id, phone_e164, source)
     select $1, n.number, 'csv' from unnest($2::text[]) n(number)
     on conflict (user_id, phone_e164) do nothing
     returning id`,
    [userId, numbers],
  );
  return rows.map((row) => row.id);
}

/** Whether the user holds this contact (read as the user: RLS stands behind the where). */
export async function hasContact(db: PoolClient, userId: string, contactId: string): Promise<boolean> {
  const { rowCount } = await db.query('select 1 from public.crm_contacts where user_id = $1 and id = $2', [userId, contactId]);
  return (rowCount ?? 0) > 0;
}
