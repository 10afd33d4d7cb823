import type { PoolClient } from 'pg';

type Target = { userId: string; campaignId: string };

export type LeaseRow = {
  id: string;
  lease_id: string;
  phone_e164: string;
  zone: string;
  local_time: string;
  offset_seconds: number;
  lease_expires_at: Date;
};

/**
 * Per campaign contact, against campaign `k` at `$now`: its zone (the CRM's mapped field if
 * Postgres knows it, else the number's, else the campaign's fallback) and its local time then.
 * Postgres converts, so daylight-saving changes are its tzdata's, not ours.
 */
const ZONE_JOINS = `
  left join public.crm_contacts c on c.id = cc.crm_contact_id and c.user_id = cc.user_id
  left join private.known_time_zones tz_crm on tz_crm.lower_name = lower(c.time_zone)
  left join private.known_time_zones tz_num on tz_num.lower_name = lower(c.number_time_zone)
  left join private.known_time_zones tz_fb on tz_fb.lower_name = lower(k.fallback_time_zone) and k.unknown_time_zone_mode = 'fallback'
  cross join lateral (select coalesce(tz_crm.name, tz_num.name, tz_fb.name) as zone) z
  cross join lateral (select ($now::timestamptz at time zone z.zone) as local) l`;

/**
 * Not suppressed by number (any CRM), not do-not-call nor refused consent on the contact's current
 * CRM row. The suppression test is one seek in the list's key (0220's helper): with hash joins off
 * for the lease (below), a NOT EXISTS became an anti join that compared each candidate with the
 * user's whole list (25,095 comparisons for a 50-contact lease against 500 numbers).
 */
const IS_ALLOWED = `c.do_not_call is not true and c.call_consent is not false
  and not private.is_number_suppressed(cc.user_id, cc.phone_e164)`;

const IN_WINDOW = `z.zone is not null
  and extract(isodow from l.local)::smallint = any(k.calling_days)
  and l.local::time >= k.window_start and l.local::time < k.window_end
  and not (l.local::date = any(k.excluded_dates))
  and (k.starts_on is null or l.local::date >= k.starts_on)
  and (k.ends_on is null or l.local::date <= k.ends_on)`;

const RULE_COLUMNS = `k.id, k.user_id, k.calling_days, k.window_start, k.window_end, k.excluded_dates, k.unknown_time_zone_mode,
  k.fallback_time_zone, k.starts_on, k.ends_on, k.max_attempts`;

/** `$now` names the clock's time in the statements above; every statement binds it as $3. */
const withNow = (sql: string) => sql.replaceAll('$now', '$3');

/**
 * Leases up to `limit` callable contacts in one statement. SKIP LOCKED passes over rows another
 * caller is leasing this instant, and a row another caller leased since this statement's snapshot
 * is re-checked on its new version (its next_attempt_at is then the lease's expiry), so no contact
 * is ever held by two leases. next_attempt_at takes the expiry too: leased rows leave the index
 * range the next scan reads, and come back by themselves when it passes.
 */
export async function leaseContacts(
  db: PoolClient,
  target: Target,
  input: { now: Date; limit: number; leaseSeconds: number; holder: string | null },
): Promise<LeaseRow[]> {
  // The planner cannot estimate the window test (a zone per row) and guesses that almost no row
  // passes: it then reads and sorts the whole campaign for every lease (0.6 s at 10,000 rows).
  // Walking the queue index in order and probing each row's contact, zones and suppression by
  // key stops after `limit` callable rows; these settings, for this transaction only, make that
  // the plan.
  await db.query('set local enable_sort = off; set local enable_hashjoin = off; set local enable_mergejoin = off');
  const { rows } = await db.query<LeaseRow>(
    withNow(`with k as (
       select ${RULE_COLUMNS} from public.campaigns k where k.user_id = $1 and k.id = $2 and k.status = 'running'
     ),
     picked as (
       select cc.id, z.zone, l.local
       from public.campaign_contacts cc
       cross join k
       ${ZONE_JOINS}
       where cc.campaign_id = $2 and cc.user_id = $1 and not cc.is_final and cc.next_attempt_at <= $now and cc.attempts < k.max_attempts
         and (cc.lease_expires_at is null or cc.lease_expires_at <= $now)
         and ${IS_ALLOWED}
         and ${IN_WINDOW}
       order by cc.next_attempt_at, cc.id
       limit $4
       for update of cc skip locked
     )
     update public.campaign_contacts cc
     set lease_id = gen_random_uuid(), lease_holder = $6, lease_expires_at = $3::timestamptz + make_interval(secs => $5),
         next_attempt_at = $3::timestamptz + make_interval(secs => $5)
     from picked p
     where cc.id = p.id and cc.user_id = $1
     returning cc.id, cc.lease_id, cc.phone_e164, p.zone, to_char(p.local, 'YYYY-MM-DD"T"HH24:MI:SS') as local_time,
               extract(epoch from (p.local - ($3::timestamptz at time zone 'UTC')))::int as offset_seconds, cc.lease_expires_at`),
    [target.userId, target.campaignId, input.now.toISOString(), input.limit, input.leaseSeconds, input.holder],
  );
  return rows;
}

/** A live lease, `seconds` longer from now; undefined when the lease is unknown or has expired. */
export async function extendLease(
  db: PoolClient,
  target: Target,
  input: { leaseId: string; now: Date; seconds: number },
): Promise<{ id: string; lease_expires_at: Date } | undefined> {
  const { rows } = await db.query<{ id: string; lease_expires_at: Date }>(
    `update public.campaign_contacts cc
     set lease_expires_at = $4::timestamptz + make_interval(secs => $5), next_attempt_at = $4::timestamptz + make_interval(secs => $5)
     where cc.user_id = $1 and cc.campaign_id = $2 and cc.lease_id = $3 and cc.lease_expires_at > $4::timestamptz
     returning cc.id, cc.lease_expires_at`,
    [target.userId, target.campaignId, input.leaseId, input.now.toISOString(), input.seconds],
  );
  return rows[0];
}

export async function leaseExists(db: PoolClient, target: Target, leaseId: string): Promise<boolean> {
  const { rowCount } = await db.query('select 1 from public.campaign_contacts where user_id = $1 and campaign_id = $2 and lease_id = $3', [
    target.userId,
    target.campaignId,
    leaseId,
  ]);
  return (rowCount ?? 0) > 0;
}

/** An attempt's end, per campaign contact: final, or when it may be tried again (null: now). */
export type AttemptOutcome = { campaignContactId: string; outcome: string; isFinal: boolean; retryAt: Date | null };

/**
 * Counts one attempt per outcome, completes the contact's lease, and schedules the next try or
 * ends the contact. Several outcomes for one contact in one post count each; the last decides.
 */
export async function recordAttempts(db: PoolClient, target: Target, outcomes: AttemptOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const input = outcomes.map((o) => ({ id: o.campaignContactId, outcome: o.outcome, is_final: o.isFinal, retry_at: o.retryAt?.toISOString() ?? null }));
  await db.query(
    `with input as (
       select (x.e->>'id')::uuid as id, x.e->>'outcome' as outcome, (x.e->>'is_final')::boolean as is_final,
              (x.e->>'retry_at')::timestamptz as retry_at,
              row_number() over (partition by x.e->>'id' order by x.ord desc) as rank, count(*) over (partition by x.e->>'id') as n
       from jsonb_array_elements($3::jsonb) with ordinality as x(e, ord)
     )
     update public.campaign_contacts cc
     set attempts = cc.attempts + i.n, last_outcome = i.outcome, is_final = cc.is_final or i.is_final,
         next_attempt_at = coalesce(i.retry_at, '-infinity'), lease_id = null, lease_holder = null, lease_expires_at = null
     from input i
     where i.rank = 1 and cc.id = i.id and cc.user_id = $1 and cc.campaign_id = $2`,
    [target.userId, target.campaignId, JSON.stringify(input)],
  );
}

export type QueueCountsRow = {
  total: number;
  done: number;
  suppressed: number;
  do_not_call: number;
  unknown_time_zone: number;
  leased: number;
  waiting_to_retry: number;
  waiting_for_window: number;
  callable_now: number;
  next_window_opens_at: Date | null;
};

/**
 * Each contact in the first state it is in, at `now`. The next window opening is looked for per
 * zone among those waiting for their window: the first of the next 400 local days whose opening
 * is still ahead and that the rules allow.
 */
export async function countQueue(db: PoolClient, target: Target, now: Date): Promise<QueueCountsRow | undefined> {
  const { rows } = await db.query<QueueCountsRow>(
    withNow(`with k as (
       select ${RULE_COLUMNS} from public.campaigns k where k.user_id = $1 and k.id = $2
     ),
     states as (
       select z.zone,
         case
           when cc.is_final or cc.attempts >= k.max_attempts then 'done'
           when exists (select 1 from public.suppressions s where s.user_id = cc.user_id and s.phone_e164 = cc.phone_e164) then 'suppressed'
           when c.do_not_call is true or c.call_consent is false then 'do_not_call'
           when z.zone is null then 'unknown_time_zone'
           when cc.lease_expires_at > $now then 'leased'
           when cc.next_attempt_at > $now then 'waiting_to_retry'
           when ${IN_WINDOW} then 'callable_now'
           else 'waiting_for_window'
         end as state
       from k
       join public.campaign_contacts cc on cc.campaign_id = k.id and cc.user_id = k.user_id
       ${ZONE_JOINS}
     ),
     waiting_zones as (select distinct zone from states where state = 'waiting_for_window'),
     openings as (
       select min(o.opens_at) as opens_at
       from waiting_zones w
       cross join k
       cross join lateral (
         select ((($now::timestamptz at time zone w.zone)::date + d) + k.window_start) at time zone w.zone as opens_at,
                (($now::timestamptz at time zone w.zone)::date + d) as day
         from generate_series(0, 400) d
       ) o
       where o.opens_at > $now
         and extract(isodow from o.day)::smallint = any(k.calling_days)
         and not (o.day = any(k.excluded_dates))
         and (k.starts_on is null or o.day >= k.starts_on)
         and (k.ends_on is null or o.day <= k.ends_on)
     )
     select count(*)::int as total,
            count(*) filter (where state = 'done')::int as done,
            count(*) filter (where state = 'suppressed')::int as suppressed,
            count(*) filter (where state = 'do_not_call')::int as do_not_call,
            count(*) filter (where state = 'unknown_time_zone')::int as unknown_time_zone,
            count(*) filter (where state = 'leased')::int as leased,
            count(*) filter (where state = 'waiting_to_retry')::int as waiting_to_retry,
            count(*) filter (where state = 'waiting_for_window')::int as waiting_for_window,
            count(*) filter (where state = 'callable_now')::int as callable_now,
            (select opens_at from openings) as next_window_opens_at
     from states`),
    [target.userId, target.campaignId, now.toISOString()],
  );
  return rows[0];
}

/** Moves a campaign between statuses; undefined when it is not in one of `from`. */
export async function setCampaignStatus(
  db: PoolClient,
  target: Target,
  change: { from: readonly string[]; to: string; isFinish: boolean },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update public.campaigns set status = $4, finished_at = case when $5 then now() else finished_at end
     where user_id = $1 and id = $2 and status = any($3::text[])`,
    [target.userId, target.campaignId, change.from, change.to, change.isFinish],
  );
  return (rowCount ?? 0) > 0;
}
