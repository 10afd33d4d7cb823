import type { PoolClient } from 'pg';
import type { TCallResultStatus, TPlatform } from '@voiceagent/shared';

/** A user's connection to one CRM: the unit write-back batches by. */
export type Connection = { userId: string; platform: TPlatform };

/** A result a write-back job took for one attempt: the call, and where it goes. */
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
  /** 1 for the first attempt. */
  attempt: number;
  /** An earlier attempt sent the call and heard no verdict: the CRM may hold it already. */
  is_unsure: boolean;
};

/** A failed attempt of one result. */
export type AttemptFailure = {
  id: string;
  /** False: no retry can mend it (the user must reconnect, or the CRM refused the call for good). */
  isRetryable: boolean;
  code: string;
  message: string;
  /** Whether the CRM may hold the call now; null keeps what the result said (sent or not). */
  isUnsure: boolean | null;
};

export type RetryPolicy = { retryLimit: number; retryDelaySeconds: number };

/** The longest wait between two attempts of one result. */
const MAX_RETRY_DELAY_SECONDS = 3600;

/**
 * Takes up to `limit` of the connection's due results, oldest first, for one attempt: those
 * without a CRM call id, not given up, not held by another job (a lease runs out if its job
 * died) and past their retry time. Several jobs of one connection take disjoint batches.
 * From now until the CRM's verdict, the CRM may hold the calls (writeback_unsure); `is_unsure`
 * says whether an earlier attempt left them so.
 */
export async function claimBatch(db: PoolClient, connection: Connection, claim: { limit: number; leaseSeconds: number; holder: string }): Promise<ClaimedResult[]> {
  const { rows } = await db.query<ClaimedResult>(
    `with picked as (
       select r.id, r.writeback_unsure as was_unsure from public.campaign_call_results r
       where r.user_id = $1 and r.platform = $2
         and r.writeback_status in ('pending', 'retrying') and r.crm_call_id is null
         and (r.writeback_lease_until is null or r.writeback_lease_until < now())
         and (r.writeback_next_at is null or r.writeback_next_at <= now())
       order by r.created_at, r.id
       limit $3
       for update of r skip locked
     )
     update public.campaign_call_results r
     set writeback_lease_until = now() + make_interval(secs => $4), writeback_attempts = r.writeback_attempts + 1, writeback_holder = $5,
         writeback_unsure = true
     from picked, public.campaign_contacts cc, public.campaigns c
     where r.id = picked.id
       and cc.id = r.campaign_contact_id and cc.user_id = r.user_id
       and c.id = r.campaign_id and c.user_id = r.user_id
     returning r.id, r.user_id, r.call_id, r.status, r.outcome, r.started_at, r.duration_sec, r.summary, r.recording_url,
               r.platform, cc.external_id, cc.name as contact_name, c.name as campaign_name, r.writeback_attempts as attempt,
               picked.was_unsure as is_unsure`,
    [connection.userId, connection.platform, claim.limit, claim.leaseSeconds, claim.holder],
  );
  return rows;
}

/**
 * Stores each result's CRM call id (once: a second writer changes nothing, and a result shown
 * failed while its call was on the way becomes written back) and mirrors it on the contact's row.
 */
export async function markWrittenBack(db: PoolClient, userId: string, written: Array<{ id: string; crmCallId: string }>): Promise<void> {
  if (written.length === 0) return;
  await db.query(
    `with input as (
       select * from unnest($2::uuid[], $3::text[]) as i(id, crm_call_id)
     ),
     r as (
       update public.campaign_call_results r
       set writeback_status = 'succeeded', crm_call_id = i.crm_call_id, written_back_at = now(), writeback_lease_until = null,
           writeback_error = null, writeback_error_code = null, writeback_next_at = null, writeback_unsure = false, writeback_holder = null
       from input i
       where r.id = i.id and r.user_id = $1 and r.crm_call_id is null
       returning r.id, r.campaign_contact_id, r.crm_call_id
     )
     update public.campaign_contacts cc set writeback_status = 'succeeded', crm_call_id = r.crm_call_id, writeback_error = null
     from r where cc.id = r.campaign_contact_id and cc.user_id = $1 and cc.last_result_id = r.id`,
    [userId, written.map((item) => item.id), written.map((item) => item.crmCallId)],
  );
}

/**
 * Records failed attempts: `retrying`, due again after a backoff (between 1 and 2 × the delay,
 * doubling with each failure), while the result has retries left and the failure is one a retry may
 * mend; `failed` otherwise. Returns each result's new state.
 */
export async function markFailed(
  db: PoolClient,
  userId: string,
  failures: AttemptFailure[],
  policy: RetryPolicy & { keepLease?: boolean },
): Promise<Array<{ id: string; status: 'retrying' | 'failed'; next_at: Date | null }>> {
  if (failures.length === 0) return [];
  const input = failures.map((failure) => ({ id: failure.id, is_retryable: failure.isRetryable, code: failure.code, message: failure.message, is_unsure: failure.isUnsure }));
  const { rows } = await db.query<{ id: string; status: 'retrying' | 'failed'; next_at: Date | null }>(
    `with input as (
       select * from jsonb_to_recordset($2::jsonb) as i(id uuid, is_retryable boolean, code text, message text, is_unsure boolean)
     ),
     r as (
       update public.campaign_call_results r
       set writeback_status = case when i.is_retryable and r.writeback_failures < $3 then 'retrying' else 'failed' end,
           writeback_next_at = case when i.is_retryable and r.writeback_failures < $3
             -- A kept lease is waited out too (greatest ignores the null of a released one).
             then greatest(now() + make_interval(secs => least($5::float8, $4::float8 * power(2, least(r.writeback_failures, 16)) * $7::float8)),
                           case when $6 then r.writeback_lease_until end)
           end,
           writeback_failures = r.writeback_failures + 1,
           writeback_error_code = i.code, writeback_error = i.message,
           writeback_lease_until = case when $6 then r.writeback_lease_until end,
           writeback_unsure = coalesce(i.is_unsure, r.writeback_unsure), writeback_holder = null
       from input i
       where r.id = i.id and r.user_id = $1 and r.crm_call_id is null
       returning r.id, r.campaign_contact_id, r.writeback_status, r.writeback_error, r.writeback_next_at
     ),
     mirrored as (
       update public.campaign_contacts cc set writeback_status = r.writeback_status, writeback_error = r.writeback_error
       from r where cc.id = r.campaign_contact_id and cc.user_id = $1 and cc.last_result_id = r.id
       returning 1
     )
     select id, writeback_status as status, writeback_next_at as next_at from r`,
    // One jitter for the whole statement: results that failed together are retried together, in one batch.
    [userId, JSON.stringify(input), policy.retryLimit, policy.retryDelaySeconds, MAX_RETRY_DELAY_SECONDS, policy.keepLease === true, 1 + Math.random()],
  );
  return rows;
}

/**
 * The results a job held when pg-boss gave the job up (it outlived its timeout, or its worker
 * died): each counts as a failed attempt whose verdict never came. Their leases are kept, so
 * nothing takes them while that attempt could still be under way.
 */
export async function failHeld(db: PoolClient, holder: string, message: string, policy: RetryPolicy): Promise<Array<Connection & { nextAt: Date | null }>> {
  const { rows } = await db.query<{ id: string; user_id: string; platform: TPlatform }>(
    `select id, user_id, platform from public.campaign_call_results
     where writeback_holder = $1 and writeback_status in ('pending', 'retrying') and crm_call_id is null`,
    [holder],
  );
  const retrying: Array<Connection & { nextAt: Date | null }> = [];
  for (const userId of new Set(rows.map((row) => row.user_id))) {
    const held = rows.filter((row) => row.user_id === userId);
    const failures = held.map((row) => ({ id: row.id, isRetryable: true, code: 'provider_timeout', message, isUnsure: null }));
    const states = await markFailed(db, userId, failures, { ...policy, keepLease: true });
    const nextAt = earliest(states.map((state) => state.next_at));
    if (nextAt) retrying.push({ userId, platform: held[0]!.platform, nextAt });
  }
  return retrying;
}

/**
 * When the connection's next waiting result falls due (its retry time, or the end of a lease
 * held by a job that may have died), if it has any that are not due yet.
 */
export async function findNextDue(db: PoolClient, connection: Connection): Promise<Date | null> {
  const { rows } = await db.query<{ next_due: Date | null }>(
    `select min(greatest(r.writeback_next_at, r.writeback_lease_until)) as next_due from public.campaign_call_results r
     where r.user_id = $1 and r.platform = $2 and r.writeback_status in ('pending', 'retrying') and r.crm_call_id is null
       and greatest(r.writeback_next_at, r.writeback_lease_until) > now()`,
    [connection.userId, connection.platform],
  );
  return rows[0]?.next_due ?? null;
}

/** Connections with due write-backs untouched for a while: their job may have been lost (the process died between commit and send). */
export async function findStaleConnections(db: PoolClient, olderThanSeconds: number, limit: number): Promise<Connection[]> {
  const { rows } = await db.query<{ user_id: string; platform: TPlatform }>(
    `select distinct r.user_id, r.platform from public.campaign_call_results r
     where r.writeback_status in ('pending', 'retrying') and r.updated_at < now() - make_interval(secs => $1)
       and (r.writeback_lease_until is null or r.writeback_lease_until < now())
       and (r.writeback_next_at is null or r.writeback_next_at <= now())
     limit $2`,
    [olderThanSeconds, limit],
  );
  return rows.map((row) => ({ userId: row.user_id, platform: row.platform }));
}

export function earliest(dates: Array<Date | null>): Date | null {
  return dates.reduce<Date | null>((first, date) => (date !== null && (first === null || date < first) ? date : first), null);
}
