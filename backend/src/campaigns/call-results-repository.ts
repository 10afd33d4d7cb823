import type { PoolClient } from 'pg';
import type { TPlatform, TPostResultsInput } from '@voiceagent/shared';

export type NewCallResult = TPostResultsInput['results'][number];

export type InsertedResult = { id: string; call_id: string; platform: TPlatform };

export type ExistingResult = { id: string; call_id: string; campaign_id: string; campaign_contact_id: string };

/** A result whose write-back is to be done, and the connection (user and platform) it waits for. */
export type UnfinishedResult = { id: string; user_id: string; platform: TPlatform };

/** Positions (0-based) of the ids that are not contacts of this campaign. */
export async function findForeignContacts(db: PoolClient, target: { userId: string; campaignId: string }, contactIds: string[]): Promise<number[]> {
  const { rows } = await db.query<{ position: number }>(
    `select (i.ord - 1)::int as position from unnest($3::uuid[]) with ordinality as i(id, ord)
     where not exists (select 1 from public.campaign_contacts cc where cc.id = i.id and cc.campaign_id = $2 and cc.user_id = $1)
     order by i.ord`,
    [target.userId, target.campaignId, contactIds],
  );
  return rows.map((row) => row.position);
}

export async function findResultsByCallId(db: PoolClient, userId: string, callIds: string[]): Promise<ExistingResult[]> {
  const { rows } = await db.query<ExistingResult>(
    'select id, call_id, campaign_id, campaign_contact_id from public.campaign_call_results where user_id = $1 and call_id = any($2::text[])',
    [userId, callIds],
  );
  return rows;
}

/**
 * Inserts the results whose call id is new (a concurrent post of the same call inserts it once)
 * and, in the same statement, lets each contact's row mirror its latest call. Returns the rows
 * inserted, with the platform their write-back goes to.
 */
export async function insertResults(
  db: PoolClient,
  target: { userId: string; campaignId: string },
  results: NewCallResult[],
): Promise<InsertedResult[]> {
  const input = results.map((r) => ({
    campaign_contact_id: r.campaignContactId,
    call_id: r.callId,
    status: r.status,
    outcome: r.outcome,
    started_at: r.startedAt,
    duration_sec: r.durationSec,
    summary: r.summary,
    recording_url: r.recordingUrl ?? null,
  }));
  const { rows } = await db.query<InsertedResult>(
    `with input as (
       select * from jsonb_to_recordset($3::jsonb) as r(campaign_contact_id uuid, call_id text, status text, outcome text,
         started_at timestamptz, duration_sec int, summary text, recording_url text)
     ),
     inserted as (
       insert into public.campaign_call_results (user_id, campaign_id, campaign_contact_id, call_id, status, outcome,
         started_at, duration_sec, summary, recording_url, platform, contact_lifecycle_stage, contact_local_weekday, contact_local_hour)
       select $1, $2, i.campaign_contact_id, i.call_id, i.status, i.outcome, i.started_at, i.duration_sec, i.summary, i.recording_url, cc.platform,
         f.lifecycle_stage, f.local_weekday, f.local_hour
       from input i
       join public.campaign_contacts cc on cc.id = i.campaign_contact_id and cc.user_id = $1 and cc.campaign_id = $2
       -- The contact facts the analytics count the call under (migration 0239), for the whole batch
       -- here rather than by the row trigger one lookup at a time.
       left join lateral private.call_result_contact_facts($1, cc.crm_contact_id, i.started_at) f on true
       on conflict (user_id, call_id) do nothing
       returning id, call_id, campaign_contact_id, status, outcome, started_at, duration_sec, summary, platform
     ),
     latest as (
       select distinct on (campaign_contact_id) * from inserted order by campaign_contact_id, started_at desc, id desc
     ),
     mirrored as (
       update public.campaign_contacts cc
       set last_result_id = l.id, last_call_id = l.call_id, call_status = l.status, outcome = l.outcome,
           duration_sec = l.duration_sec, summary = l.summary, called_at = l.started_at,
           crm_call_id = null, writeback_status = 'pending', writeback_error = null
       from latest l
       where cc.id = l.campaign_contact_id and cc.user_id = $1 and cc.campaign_id = $2
         and (cc.called_at is null or cc.called_at <= l.started_at)
       returning 1
     )
     select i.id, i.call_id, i.platform from inserted i`,
    [target.userId, target.campaignId, JSON.stringify(input)],
  );
  return rows;
}

/**
 * Every write-back of the campaign not yet done, due at once with its retries restored; the
 * given-up ones become pending again. A worker still holding one keeps its lease, and one an
 * attempt may have logged unseen is still looked for first, so a re-drive never writes a call twice.
 */
export async function reopenUnfinished(db: PoolClient, target: { userId: string; campaignId: string }): Promise<UnfinishedResult[]> {
  const { rows } = await db.query<UnfinishedResult>(
    `with reopened as (
       update public.campaign_call_results r
       set writeback_status = case when r.writeback_status = 'failed' then 'pending' else r.writeback_status end,
           writeback_error = case when r.writeback_status = 'failed' then null else r.writeback_error end,
           writeback_failures = 0, writeback_next_at = null
       where r.user_id = $1 and r.campaign_id = $2 and r.writeback_status in ('pending', 'retrying', 'failed')
       returning r.id, r.user_id, r.campaign_contact_id, r.writeback_status, r.writeback_error, r.platform
     ),
     mirrored as (
       update public.campaign_contacts cc set writeback_status = o.writeback_status, writeback_error = o.writeback_error
       from reopened o where cc.id = o.campaign_contact_id and cc.user_id = $1 and cc.last_result_id = o.id
       returning 1
     )
     select o.id, o.user_id, o.platform from reopened o`,
    [target.userId, target.campaignId],
  );
  return rows;
}
