-- Analytics rollups (issue 19): the campaigns and write-back sections read hourly counts instead of
-- every call of the range. The raw queries read ~350 calls an hour per user at the bench's size;
-- the rollups hold a few rows an hour per figure.
--
-- Why four narrow tables rather than one keyed by everything: a key of campaign × platform ×
-- outcome × the contact's local hour × write-back state has more combinations an hour (600 at the
-- bench's ten campaigns) than a user has calls in it, so such a table would be as large as the
-- raw one. Each table below is keyed by what one group of figures needs, at UTC hours, which the
-- services re-bucket into the user's zone (only zones whose offset is a whole hour throughout the
-- range; the services fall back to the raw queries otherwise).
--
-- Maintained by statement triggers with transition tables, in the transaction that changes the
-- results (never recomputed per request): one aggregate and one upsert per table and statement,
-- whatever the batch's size, for every writer (ingestion, write-back jobs, re-drives, cascades of a
-- deleted campaign) without each of them having to remember. A row whose counted columns did not
-- change (a write-back lease taken, an attempt noted) moves nothing.
--
-- Counts that reach zero leave their row at zero (the figures skip zeros) rather than deleting it:
-- a write-back moving from pending to succeeded would otherwise delete and re-insert rows. Each
-- statement's net change is one upsert per table in key order (no deadlock between two writers).

-- What the contact was when its call was reported: the heat map's local weekday and hour (from the
-- number's zone; null when it has none, then the user's zone counts it) and its lifecycle stage.
-- Kept on the result so that the rollup's decrements (a deleted campaign) find the key the call was
-- counted under even if the contact has changed or gone since, and so that the raw queries count
-- the same way as the rollups.
alter table public.campaign_call_results add column if not exists contact_lifecycle_stage text;
alter table public.campaign_call_results add column if not exists contact_local_weekday smallint
  check (contact_local_weekday between 1 and 7);
alter table public.campaign_call_results add column if not exists contact_local_hour smallint
  check (contact_local_hour between 0 and 23);
comment on column public.campaign_call_results.contact_lifecycle_stage is 'The contact''s lifecycle stage when the call was reported.';
comment on column public.campaign_call_results.contact_local_weekday is 'ISO weekday of the call''s start in the contact''s number zone; null: the contact had no zone.';
comment on column public.campaign_call_results.contact_local_hour is 'Hour of the call''s start in the contact''s number zone; null: the contact had no zone.';

create or replace function private.note_call_result_contact()
  returns trigger
  language plpgsql
  security definer
  set search_path = ''
as $$
begin
  -- Only zones this Postgres knows (private.known_time_zones, as the call queue reads them): an
  -- unknown one counts as no zone, never a refused report.
  select c.lifecycle_stage, extract(isodow from new.started_at at time zone tz.name), extract(hour from new.started_at at time zone tz.name)
  into new.contact_lifecycle_stage, new.contact_local_weekday, new.contact_local_hour
  from public.campaign_contacts cc
  join public.crm_contacts c on c.id = cc.crm_contact_id and c.user_id = cc.user_id
  left join private.known_time_zones tz on tz.lower_name = lower(c.number_time_zone)
  where cc.id = new.campaign_contact_id and cc.user_id = new.user_id;
  return new;
end;
$$;

comment on function private.note_call_result_contact() is
  'Row trigger before a result''s insert: notes its contact''s lifecycle stage and the call''s local weekday and hour.';
revoke all on function private.note_call_result_contact() from public;

create or replace trigger campaign_call_results_note_contact
  before insert on public.campaign_call_results
  for each row execute function private.note_call_result_contact();

-- Results reported before this migration: the contact as it is now is the best record of then.
-- Not a change of the results themselves: their updated_at and live events stay as they were.
-- Before the rollup triggers exist, so the backfill below counts every result once.
alter table public.campaign_call_results disable trigger campaign_call_results_set_updated_at;
alter table public.campaign_call_results disable trigger campaign_call_results_announce_updates;
update public.campaign_call_results r
set contact_lifecycle_stage = c.lifecycle_stage,
    contact_local_weekday = case when z.name is not null then extract(isodow from r.started_at at time zone z.name) end,
    contact_local_hour = case when z.name is not null then extract(hour from r.started_at at time zone z.name) end
from public.campaign_contacts cc
join public.crm_contacts c on c.id = cc.crm_contact_id and c.user_id = cc.user_id
-- Only zones this Postgres knows (as the row trigger does).
left join private.known_time_zones z on z.lower_name = lower(c.number_time_zone)
where cc.id = r.campaign_contact_id and cc.user_id = r.user_id
  and r.contact_lifecycle_stage is null and r.contact_local_weekday is null
  and (c.lifecycle_stage is not null or z.name is not null)
  and not exists (select 1 from pg_catalog.pg_trigger where tgname = 'campaign_call_results_roll_up_updates');
alter table public.campaign_call_results enable trigger campaign_call_results_set_updated_at;
alter table public.campaign_call_results enable trigger campaign_call_results_announce_updates;

-- 1. Outcomes and answered duration per hour, CRM and call status.
create table if not exists public.analytics_call_hours (
  user_id uuid not null references auth.users (id) on delete cascade,
  hour timestamptz not null,
  platform text not null,
  status text not null,
  calls integer not null default 0,
  duration_sum bigint not null default 0,
  primary key (user_id, hour, platform, status)
);
comment on table public.analytics_call_hours is 'Rollup of campaign_call_results: calls and their summed duration per UTC hour of their start, CRM and status.';

-- 2. Campaigns side by side.
create table if not exists public.analytics_campaign_hours (
  user_id uuid not null references auth.users (id) on delete cascade,
  hour timestamptz not null,
  -- No foreign key: a deleted campaign's results are taken off by the trigger as they cascade.
  campaign_id uuid not null,
  platform text not null,
  calls integer not null default 0,
  answered integer not null default 0,
  answered_duration_sum bigint not null default 0,
  written_back integer not null default 0,
  primary key (user_id, hour, campaign_id, platform)
);
comment on table public.analytics_campaign_hours is 'Rollup of campaign_call_results: per UTC hour, campaign and CRM, calls, answered calls and their duration, write-backs done.';

-- 3. The heat map and the answer rate by lifecycle stage.
create table if not exists public.analytics_call_contact_hours (
  user_id uuid not null references auth.users (id) on delete cascade,
  hour timestamptz not null,
  platform text not null,
  lifecycle_stage text,
  local_weekday smallint,
  local_hour smallint,
  calls integer not null default 0,
  answered integer not null default 0,
  constraint analytics_call_contact_hours_key unique nulls not distinct (user_id, hour, platform, lifecycle_stage, local_weekday, local_hour)
);
comment on table public.analytics_call_contact_hours is
  'Rollup of campaign_call_results: per UTC hour, CRM, the contact''s stage and local weekday and hour when called (null: no zone), calls and answered calls.';

-- 4. Write-back: outcome counts, failures by reason, and a latency histogram. Latencies fall in
-- fixed log-scale buckets, eight per doubling (bucket b holds [2^(b/8), 2^((b+1)/8)) seconds;
-- -81 holds ≤ 1 ms, even a negative one); each row keeps its values' sum, so a bucket stands for
-- its values' mean. A percentile read from it is a percentile of values each moved within its
-- own bucket: off by less than one bucket's width, under 9.1% of the true figure.
create table if not exists public.analytics_write_back_hours (
  user_id uuid not null references auth.users (id) on delete cascade,
  hour timestamptz not null,
  platform text not null,
  writeback_status text not null,
  error_code text,
  -- Null for a result without a measured latency (not written back, or no acknowledgement time).
  latency_bucket smallint,
  results integer not null default 0,
  latency_sum double precision not null default 0,
  -- Failed rows: the latest failure's time and message; a deleted result's may outlive it.
  last_error text,
  last_error_at timestamptz,
  constraint analytics_write_back_hours_key unique nulls not distinct (user_id, hour, platform, writeback_status, error_code, latency_bucket)
);
comment on table public.analytics_write_back_hours is
  'Rollup of campaign_call_results: per UTC hour, CRM, write-back status and error code, results and a log-scale latency histogram (bucket, count, sum).';

do $$
declare
  t text;
begin
  foreach t in array array['analytics_call_hours', 'analytics_campaign_hours', 'analytics_call_contact_hours', 'analytics_write_back_hours'] loop
    execute format('alter table public.%I enable row level security', t);
    execute format('alter table public.%I force row level security', t);
    execute format('drop policy if exists %I on public.%I', t || '_select_own', t);
    execute format('create policy %I on public.%I for select to authenticated using ((select auth.uid()) = user_id)', t || '_select_own', t);
    execute format('drop policy if exists %I on public.%I', t || '_service_all', t);
    execute format('create policy %I on public.%I for all to service_role using (true) with check (true)', t || '_service_all', t);
    -- Users read their figures; only the triggers (security definer) write.
    execute format('revoke all on table public.%I from anon, authenticated', t);
    execute format('grant select on table public.%I to authenticated', t);
    execute format('grant select, insert, update, delete on table public.%I to service_role', t);
  end loop;
end
$$;

-- The key's unique index serves the range scans (user, hour first); campaign rows are also read
-- by campaign for the side-by-side table, within the same range, so the key covers them too.

-- Applies the changes to the four rollups in one statement: the facts of the results taken away
-- (sign -1) and added (sign 1) computed once, then per table one upsert of the net change per key,
-- in key order, so two statements touching the same keys take the row locks in the same order (as
-- crm_contact_counts does, 0012). Only for users that still exist: the cascade of a user's deletion
-- deletes their results after their rollup rows may have gone, and must not write new ones.
create or replace function private.apply_call_result_changes(removed public.campaign_call_results[], added public.campaign_call_results[])
  returns void
  language plpgsql
  security definer
  set search_path = ''
as $$
begin
  with f as materialized (
    select r.sign, r.user_id, pg_catalog.date_bin('1 hour', r.started_at, '2000-01-01 00:00:00+00'::timestamptz) as hour, r.campaign_id, r.platform,
           r.status, r.duration_sec, r.contact_lifecycle_stage as lifecycle_stage, r.contact_local_weekday as local_weekday,
           r.contact_local_hour as local_hour, r.writeback_status, r.writeback_error_code as error_code,
           case when l.seconds is null then null
                when l.seconds <= 0.001 then -81
                else pg_catalog.floor(8 * pg_catalog.ln(l.seconds) / pg_catalog.ln(2::double precision)) end::smallint as latency_bucket,
           l.seconds as latency, r.writeback_error, r.updated_at
    from (select -1 as sign, x.* from pg_catalog.unnest(removed) x
          union all
          select 1 as sign, x.* from pg_catalog.unnest(added) x) r
    -- The write-back latency as the raw figure measures it (write-back analytics repository).
    cross join lateral (select case when r.writeback_status = 'succeeded' and r.written_back_at is not null
                                    then extract(epoch from (r.written_back_at - least(r.started_at + make_interval(secs => r.duration_sec), r.created_at)))::double precision
                               end as seconds) l
    where exists (select 1 from auth.users u where u.id = r.user_id)
  ),
  outcomes as (
    insert into public.analytics_call_hours as t (user_id, hour, platform, status, calls, duration_sum)
    select f.user_id, f.hour, f.platform, f.status, sum(f.sign), sum(f.sign * f.duration_sec)
    from f
    group by 1, 2, 3, 4
    having sum(f.sign) <> 0 or sum(f.sign * f.duration_sec) <> 0
    order by 1, 2, 3, 4
    on conflict (user_id, hour, platform, status) do update
      set calls = t.calls + excluded.calls, duration_sum = t.duration_sum + excluded.duration_sum
  ),
  campaigns as (
    insert into public.analytics_campaign_hours as t (user_id, hour, campaign_id, platform, calls, answered, answered_duration_sum, written_back)
    select g.* from (
      select f.user_id, f.hour, f.campaign_id, f.platform, sum(f.sign)::int as calls,
             coalesce(sum(f.sign) filter (where f.status = 'completed'), 0)::int as answered,
             coalesce(sum(f.sign * f.duration_sec) filter (where f.status = 'completed'), 0)::bigint as answered_duration_sum,
             coalesce(sum(f.sign) filter (where f.writeback_status = 'succeeded'), 0)::int as written_back
      from f
      group by 1, 2, 3, 4
    ) g
    where g.calls <> 0 or g.answered <> 0 or g.answered_duration_sum <> 0 or g.written_back <> 0
    order by 1, 2, 3, 4
    on conflict (user_id, hour, campaign_id, platform) do update
      set calls = t.calls + excluded.calls, answered = t.answered + excluded.answered,
          answered_duration_sum = t.answered_duration_sum + excluded.answered_duration_sum, written_back = t.written_back + excluded.written_back
  ),
  contacts as (
    insert into public.analytics_call_contact_hours as t (user_id, hour, platform, lifecycle_stage, local_weekday, local_hour, calls, answered)
    select g.* from (
      select f.user_id, f.hour, f.platform, f.lifecycle_stage, f.local_weekday, f.local_hour, sum(f.sign)::int as calls,
             coalesce(sum(f.sign) filter (where f.status = 'completed'), 0)::int as answered
      from f
      group by 1, 2, 3, 4, 5, 6
    ) g
    where g.calls <> 0 or g.answered <> 0
    order by 1, 2, 3, 4, 5, 6
    on conflict (user_id, hour, platform, lifecycle_stage, local_weekday, local_hour) do update
      set calls = t.calls + excluded.calls, answered = t.answered + excluded.answered
  )
  insert into public.analytics_write_back_hours as t (user_id, hour, platform, writeback_status, error_code, latency_bucket, results, latency_sum, last_error, last_error_at)
  select g.* from (
    select f.user_id, f.hour, f.platform, f.writeback_status, f.error_code, f.latency_bucket, sum(f.sign)::int as results,
           coalesce(sum(f.sign * f.latency), 0)::double precision as latency_sum,
           -- The newest failure among the added results, and its message (as the raw figure: the
           -- latest failed result's, even when it has none).
           (array_agg(f.writeback_error order by f.updated_at desc) filter (where f.sign > 0 and f.writeback_status = 'failed'))[1] as last_error,
           max(f.updated_at) filter (where f.sign > 0 and f.writeback_status = 'failed') as last_error_at
    from f
    group by 1, 2, 3, 4, 5, 6
  ) g
  where g.results <> 0 or g.latency_sum <> 0 or g.last_error_at is not null
  order by 1, 2, 3, 4, 5, 6
  on conflict (user_id, hour, platform, writeback_status, error_code, latency_bucket) do update
    set results = t.results + excluded.results, latency_sum = t.latency_sum + excluded.latency_sum,
        last_error = case when excluded.last_error_at >= coalesce(t.last_error_at, excluded.last_error_at) then excluded.last_error else t.last_error end,
        last_error_at = greatest(t.last_error_at, excluded.last_error_at);
end;
$$;

comment on function private.apply_call_result_changes(public.campaign_call_results[], public.campaign_call_results[]) is
  'Adds the facts of the added results to the analytics rollups and takes those of the removed ones away.';
revoke all on function private.apply_call_result_changes(public.campaign_call_results[], public.campaign_call_results[]) from public;

create or replace function private.roll_up_call_results()
  returns trigger
  language plpgsql
  security definer
  set search_path = ''
as $$
declare
  removed public.campaign_call_results[];
  added public.campaign_call_results[];
begin
  -- plpgsql plans a statement when it first runs it, so a branch not taken never names the
  -- transition table its event lacks.
  if tg_op = 'INSERT' then
    select pg_catalog.array_agg(n) into added from new_rows n;
  elsif tg_op = 'DELETE' then
    select pg_catalog.array_agg(o) into removed from old_rows o;
  else
    -- Write-back jobs update a result several times (lease, attempt, verdict): only the rows
    -- whose counted columns changed move counts.
    select pg_catalog.array_agg(o), pg_catalog.array_agg(n) into removed, added
    from old_rows o join new_rows n on n.id = o.id
    where (o.user_id, o.campaign_id, o.platform, o.status, o.started_at, o.duration_sec, o.created_at, o.contact_lifecycle_stage,
           o.contact_local_weekday, o.contact_local_hour, o.writeback_status, o.writeback_error_code, o.writeback_error, o.written_back_at)
          is distinct from
          (n.user_id, n.campaign_id, n.platform, n.status, n.started_at, n.duration_sec, n.created_at, n.contact_lifecycle_stage,
           n.contact_local_weekday, n.contact_local_hour, n.writeback_status, n.writeback_error_code, n.writeback_error, n.written_back_at);
  end if;
  if removed is not null or added is not null then
    perform private.apply_call_result_changes(coalesce(removed, '{}'), coalesce(added, '{}'));
  end if;
  return null;
end;
$$;

comment on function private.roll_up_call_results() is
  'Statement triggers on campaign_call_results: keep the analytics rollups in step with the results a statement changed.';
revoke all on function private.roll_up_call_results() from public;

create or replace trigger campaign_call_results_roll_up_inserts
  after insert on public.campaign_call_results
  referencing new table as new_rows
  for each statement execute function private.roll_up_call_results();
create or replace trigger campaign_call_results_roll_up_updates
  after update on public.campaign_call_results
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.roll_up_call_results();
create or replace trigger campaign_call_results_roll_up_deletes
  after delete on public.campaign_call_results
  referencing old table as old_rows
  for each statement execute function private.roll_up_call_results();

-- Backfill: the rollups of the results already there, built once (a migration that runs again
-- finds them filled and leaves them).
do $$
declare
  everything public.campaign_call_results[];
begin
  if not exists (select 1 from public.analytics_call_hours) and not exists (select 1 from public.analytics_write_back_hours) then
    -- A user's day at a time keeps the array (and the memory it takes) small.
    for everything in
      select array_agg(r) from public.campaign_call_results r group by r.user_id, pg_catalog.date_bin('1 day', r.started_at, '2000-01-01 00:00:00+00'::timestamptz)
    loop
      perform private.apply_call_result_changes('{}', everything);
    end loop;
  end if;
end
$$;
