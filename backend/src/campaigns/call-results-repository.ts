import type { PoolClient } from 'pg';
import type { TCallResultStatus, TPlatform, TPostResultsInput } from '@voiceagent/shared';

export type NewCallResult = TPostResultsInput['results'][number];

export type InsertedResult = { id: string; call_id: string; platform: TPlatform };

export type ExistingResult = { id: string; call_id: string; campaign_id: string; campaign_contact_id: string };

/** A result a worker took for write-back: the call, and where it goes. */
export type ClaimedResult = {
  id: string;
  user_id: string;
  call_id: string;
  status: TCallResultStatus;
  outcome: string | null;
  started_at: Date;
  duration_sec: number;
  summary: string;
  recording_url: string | null;
  platform: TPlatform;
  external_id: string;
  contact_name: string | null;
  campaign_name: string;
  /** 1 for the first attempt; later ones may follow an attempt whose call reached the CRM unseen. */
  attempt: number;
};

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
         started_at, duration_sec, summary, recording_url)
       select $1, $2, i.campaign_contact_id, i.call_id, i.status, i.outcome, i.started_at, i.duration_sec, i.summary, i.recording_url
       from input i
       on conflict (user_id, call_id) do nothing
       returning id, call_id, campaign_contact_id, status, outcome, started_at, duration_sec, summary
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
     select i.id, i.call_id, cc.platform from inserted i
     join public.campaign_contacts cc on cc.id = i.campaign_contact_id and cc.user_id = $1`,
    [target.userId, target.campaignId, JSON.stringify(input)],
  );
  return rows;
}

/**
 * Takes a result for one write-back attempt: only while it has no CRM call id, is not given up,
 * and no other worker holds it (the lease runs out if that worker died).
 */
export async function claimResult(db: PoolClient, target: { userId: string; resultId: string }, leaseSeconds: number): Promise<ClaimedResult | undefined> {
  const { rows } = await db.query<ClaimedResult>(
    `update public.campaign_call_results r
     set writeback_lease_until = now() + make_interval(secs => $3), writeback_attempts = r.writeback_attempts + 1
     from public.campaign_contacts cc, public.campaigns c
     where r.id = $2 and r.user_id = $1
       and cc.id = r.campaign_contact_id and cc.user_id = r.user_id
       and c.id = r.campaign_id and c.user_id = r.user_id
       and r.crm_call_id is null and r.writeback_status in ('pending', 'retrying')
       and (r.writeback_lease_until is null or r.writeback_lease_until < now())
     returning r.id, r.user_id, r.call_id, r.status, r.outcome, r.started_at, r.duration_sec, r.summary, r.recording_url,
               cc.platform, cc.external_id, cc.name as contact_name, c.name as campaign_name, r.writeback_attempts as attempt`,
    [target.userId, target.resultId, leaseSeconds],
  );
  return rows[0];
}

/** Stores the CRM's call id (once: a second writer changes nothing) and mirrors it on the contact's row. */
export async function markWrittenBack(db: PoolClient, target: { userId: string; resultId: string }, crmCallId: string): Promise<void> {
  await db.query(
    `with r as (
       update public.campaign_call_results
       set writeback_status = 'succeeded', crm_call_id = $3, written_back_at = now(), writeback_lease_until = null,
           writeback_error = null, writeback_error_code = null
       where id = $2 and user_id = $1 and crm_call_id is null
       returning id, campaign_contact_id
     )
     update public.campaign_contacts cc set writeback_status = 'succeeded', crm_call_id = $3, writeback_error = null
     from r where cc.id = r.campaign_contact_id and cc.user_id = $1 and cc.last_result_id = r.id`,
    [target.userId, target.resultId, crmCallId],
  );
}

/** Records a failed attempt: `retrying` while pg-boss has retries left, `failed` when it has given up. */
export async function markAttemptFailed(
  db: PoolClient,
  target: { userId: string; resultId: string },
  failure: { isFinal: boolean; code: string; message: string },
): Promise<void> {
  await db.query(
    `with r as (
       update public.campaign_call_results
       set writeback_status = $3, writeback_error_code = $4, writeback_error = $5, writeback_lease_until = null
       where id = $2 and user_id = $1 and crm_call_id is null
       returning id, campaign_contact_id
     )
     update public.campaign_contacts cc set writeback_status = $3, writeback_error = $5
     from r where cc.id = r.campaign_contact_id and cc.user_id = $1 and cc.last_result_id = r.id`,
    [target.userId, target.resultId, failure.isFinal ? 'failed' : 'retrying', failure.code, failure.message],
  );
}

/**
 * Every write-back of the campaign not yet done; the given-up ones become pending again. A
 * worker still holding one keeps its lease, so a re-drive never writes a call twice.
 */
export async function reopenUnfinished(db: PoolClient, target: { userId: string; campaignId: string }): Promise<UnfinishedResult[]> {
  const { rows } = await db.query<UnfinishedResult>(
    `with reopened as (
       update public.campaign_call_results r
       set writeback_status = case when r.writeback_status = 'failed' then 'pending' else r.writeback_status end,
           writeback_error = case when r.writeback_status = 'failed' then null else r.writeback_error end
       where r.user_id = $1 and r.campaign_id = $2 and r.writeback_status in ('pending', 'retrying', 'failed')
       returning r.id, r.user_id, r.campaign_contact_id, r.writeback_status, r.writeback_error
     ),
     mirrored as (
       update public.campaign_contacts cc set writeback_status = o.writeback_status, writeback_error = o.writeback_error
       from reopened o where cc.id = o.campaign_contact_id and cc.user_id = $1 and cc.last_result_id = o.id
       returning 1
     )
     select o.id, o.user_id, cc.platform from reopened o
     join public.campaign_contacts cc on cc.id = o.campaign_contact_id and cc.user_id = o.user_id`,
    [target.userId, target.campaignId],
  );
  return rows;
}

/** Background: unfinished write-backs untouched for a while, whose job may have been lost. */
export async function findStaleUnfinished(db: PoolClient, olderThanSeconds: number, limit: number): Promise<UnfinishedResult[]> {
  const { rows } = await db.query<UnfinishedResult>(
    `select r.id, r.user_id, cc.platform from public.campaign_call_results r
     join public.campaign_contacts cc on cc.id = r.campaign_contact_id and cc.user_id = r.user_id
     where r.writeback_status in ('pending', 'retrying') and r.updated_at < now() - make_interval(secs => $1)
       and (r.writeback_lease_until is null or r.writeback_lease_until < now())
     order by r.updated_at
     limit $2`,
    [olderThanSeconds, limit],
  );
  return rows;
}
