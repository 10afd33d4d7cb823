import type { PoolClient } from 'pg';

export type SuppressionRow = {
  id: string;
  phone_e164: string;
  reason: string | null;
  source: 'contact' | 'call_result' | 'api' | 'csv';
  created_at: Date;
  /** created_at exactly as Postgres orders it: the keyset key. */
  created_key: string;
};

const COLUMNS = `s.id, s.phone_e164, s.reason, s.source, s.created_at,
  to_char(s.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key`;

/** Adds the number, or answers the entry it already has (the first reason and source stay). */
export async function insertSuppression(
  db: PoolClient,
  userId: string,
  input: { phoneE164: string; reason: string | null; source: SuppressionRow['source'] },
): Promise<SuppressionRow> {
  const { rows } = await db.query<SuppressionRow>(
    `with added as (
       insert into public.suppressions as s (user_id, phone_e164, reason, source) values ($1, $2, $3, $4)
       on conflict (user_id, phone_e164) do nothing
       returning ${COLUMNS}
     )
     select * from added
     union all
     select ${COLUMNS} from public.suppressions s where s.user_id = $1 and s.phone_e164 = $2 and not exists (select 1 from added)`,
    [userId, input.phoneE164, input.reason, input.source],
  );
  return rows[0]!;
}

/** Suppresses the numbers of these campaign contacts (a call that ended "asked not to call"). */
export async function suppressCampaignContacts(db: PoolClient, target: { userId: string; campaignId: string }, campaignContactIds: string[], reason: string): Promise<void> {
  if (campaignContactIds.length === 0) return;
  await db.query(
    `insert into public.suppressions (user_id, phone_e164, reason, source)
     select distinct on (cc.phone_e164) cc.user_id, cc.phone_e164, $4, 'call_result'
     from public.campaign_contacts cc
     where cc.user_id = $1 and cc.campaign_id = $2 and cc.id = any($3::uuid[]) and cc.phone_e164 is not null
     on conflict (user_id, phone_e164) do nothing`,
    [target.userId, target.campaignId, campaignContactIds, reason],
  );
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
    `select ${COLUMNS} from public.suppressions s where s.user_id = $1 ${keyset} order by s.created_at desc, s.id desc limit $2`,
    values,
  );
  return rows;
}

export async function deleteSuppressionRow(db: PoolClient, userId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query('delete from public.suppressions where user_id = $1 and id = $2', [userId, id]);
  return (rowCount ?? 0) > 0;
}

/** Adds the numbers not yet listed (source csv); answers how many were new. */
export async function insertSuppressionNumbers(db: PoolClient, userId: string, numbers: string[]): Promise<number> {
  const { rowCount } = await db.query(
    `insert into public.suppressions (user_id, phone_e164, source)
     select $1, n.number, 'csv' from unnest($2::text[]) n(number)
     on conflict (user_id, phone_e164) do nothing`,
    [userId, numbers],
  );
  return rowCount ?? 0;
}

/** Whether the user holds this contact (read as the user: RLS stands behind the where). */
export async function hasContact(db: PoolClient, userId: string, contactId: string): Promise<boolean> {
  const { rowCount } = await db.query('select 1 from public.crm_contacts where user_id = $1 and id = $2', [userId, contactId]);
  return (rowCount ?? 0) > 0;
}
