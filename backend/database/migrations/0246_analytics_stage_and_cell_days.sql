-- The campaigns section's heat map and answer rate by stage from rollups by UTC day (issue 19).
-- Both sum over the whole range, and read 0237's hourly contact rows: at the full size
-- (bench/analytics) 25,900 of them for 90 days, 15-26 ms of a ~45 ms request, and the section's
-- 10-client p95 stayed at 355 ms against 300. The hourly rows hold the product of the stage and
-- the contact's local hour; the two figures need one or the other, so each gets a table by day:
-- - analytics_call_stage_days: calls and answered calls per UTC day, CRM and the contact's stage
--   when called (1,084 rows for the measured user's 90 days);
-- - analytics_call_cell_days: the same per UTC day, CRM and the contact's local weekday and hour;
--   for a contact of no known zone, its UTC hour of the day (`utc_hour`), which the reader turns
--   into the user's local weekday and hour as the hourly rows did (10,142 rows).
-- A range reads its whole UTC days from these and its edges from the hourly rows: on the full-size
-- database the statement took 10.4 ms against 16.2 (medians of 21, paired), the same figures.
-- Kept by the results rollup function below, backfilled from the hourly rows.

create table if not exists public.analytics_call_stage_days (
  user_id uuid not null references auth.users (id) on delete cascade,
  day timestamptz not null,
  platform text not null,
  lifecycle_stage text,
  calls integer not null default 0,
  answered integer not null default 0,
  constraint analytics_call_stage_days_key unique nulls not distinct (user_id, day, platform, lifecycle_stage)
);
comment on table public.analytics_call_stage_days is
  'analytics_call_contact_hours by UTC day, CRM and the contact''s lifecycle stage when called: calls and answered calls.';

create table if not exists public.analytics_call_cell_days (
  user_id uuid not null references auth.users (id) on delete cascade,
  day timestamptz not null,
  platform text not null,
  local_weekday smallint,
  local_hour smallint,
  -- Set when the contact's local weekday or hour is not known: the call's UTC hour of the day.
  utc_hour smallint,
  calls integer not null default 0,
  answered integer not null default 0,
  constraint analytics_call_cell_days_key unique nulls not distinct (user_id, day, platform, local_weekday, local_hour, utc_hour)
);
comment on table public.analytics_call_cell_days is
  'analytics_call_contact_hours by UTC day, CRM and the contact''s local weekday and hour when called (for a contact of no known zone, the UTC hour): calls and answered calls.';

do $$
declare
  t text;
begin
  foreach t in array array['analytics_call_stage_days', 'analytics_call_cell_days'] loop
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

-- 0245's function, keeping the two tables too.
create or replace function private.apply_call_result_rollup_rows(removed private.call_result_rollup_row[], added private.call_result_rollup_row[])
  returns void
  language plpgsql
  security definer
  set search_path = ''
as $$
begin
  with changed as materialized (
    select -1 as sign, x.* from pg_catalog.unnest(removed) x
    union all
    select 1 as sign, x.* from pg_catalog.unnest(added) x
  ),
  live_users as materialized (
    select u.id from auth.users u where u.id in (select distinct c.user_id from changed c)
  ),
  f as materialized (
    select r.sign, r.user_id, pg_catalog.date_bin('1 hour', r.started_at, '2000-01-01 00:00:00+00'::timestamptz) as hour, r.campaign_id, r.platform,
           r.status, r.duration_sec, r.contact_lifecycle_stage as lifecycle_stage, r.contact_local_weekday as local_weekday,
           r.contact_local_hour as local_hour, r.writeback_status, r.writeback_error_code as error_code,
           private.write_back_latency_bucket(l.seconds) as latency_bucket,
           l.seconds as latency, r.writeback_error, r.updated_at
    from changed r
    join live_users lu on lu.id = r.user_id
    -- The write-back latency as the raw figure measures it (write-back analytics repository).
    cross join lateral (select case when r.writeback_status = 'succeeded' and r.written_back_at is not null
                                    then extract(epoch from (r.written_back_at - least(r.started_at + make_interval(secs => r.duration_sec), r.created_at)))::double precision
                               end as seconds) l
  ),
  -- Each family's net change per hour and key, once; the units below sum these few rows.
  outcome_changes as materialized (
    select f.user_id, f.hour, f.platform, f.status, sum(f.sign)::int as calls, sum(f.sign * f.duration_sec)::bigint as duration_sum
    from f
    group by 1, 2, 3, 4
    having sum(f.sign) <> 0 or sum(f.sign * f.duration_sec) <> 0
  ),
  outcome_units as (
    select 'hour' as unit, c.hour as at, c.user_id, c.platform, c.status, c.calls, c.duration_sum from outcome_changes c
    union all
    select 'quarter', pg_catalog.date_bin('6 hours', c.hour, '2000-01-01 00:00:00+00'::timestamptz), c.user_id, c.platform, c.status, c.calls, c.duration_sum from outcome_changes c
    union all
    select 'day', pg_catalog.date_bin('1 day', c.hour, '2000-01-01 00:00:00+00'::timestamptz), c.user_id, c.platform, c.status, c.calls, c.duration_sum from outcome_changes c
  ),
  outcome_sums as materialized (
    select u.unit, u.user_id, u.at, u.platform, u.status, sum(u.calls)::int as calls, sum(u.duration_sum)::bigint as duration_sum
    from outcome_units u
    group by 1, 2, 3, 4, 5
    having sum(u.calls) <> 0 or sum(u.duration_sum) <> 0
  ),
  outcome_hours as (
    insert into public.analytics_call_hours as t (user_id, hour, platform, status, calls, duration_sum)
    select s.user_id, s.at, s.platform, s.status, s.calls, s.duration_sum from outcome_sums s where s.unit = 'hour'
    order by 1, 2, 3, 4
    on conflict (user_id, hour, platform, status) do update
      set calls = t.calls + excluded.calls, duration_sum = t.duration_sum + excluded.duration_sum
  ),
  outcome_quarters as (
    insert into public.analytics_call_quarters as t (user_id, quarter, platform, status, calls, duration_sum)
    select s.user_id, s.at, s.platform, s.status, s.calls, s.duration_sum from outcome_sums s where s.unit = 'quarter'
    order by 1, 2, 3, 4
    on conflict (user_id, quarter, platform, status) do update
      set calls = t.calls + excluded.calls, duration_sum = t.duration_sum + excluded.duration_sum
  ),
  outcome_days as (
    insert into public.analytics_call_days as t (user_id, day, platform, status, calls, duration_sum)
    select s.user_id, s.at, s.platform, s.status, s.calls, s.duration_sum from outcome_sums s where s.unit = 'day'
    order by 1, 2, 3, 4
    on conflict (user_id, day, platform, status) do update
      set calls = t.calls + excluded.calls, duration_sum = t.duration_sum + excluded.duration_sum
  ),
  campaign_changes as materialized (
    select g.* from (
      select f.user_id, f.hour, f.campaign_id, f.platform, sum(f.sign)::int as calls,
             coalesce(sum(f.sign) filter (where f.status = 'completed'), 0)::int as answered,
             coalesce(sum(f.sign * f.duration_sec) filter (where f.status = 'completed'), 0)::bigint as answered_duration_sum,
             coalesce(sum(f.sign) filter (where f.writeback_status = 'succeeded'), 0)::int as written_back
      from f
      group by 1, 2, 3, 4
    ) g
    where g.calls <> 0 or g.answered <> 0 or g.answered_duration_sum <> 0 or g.written_back <> 0
  ),
  campaign_units as (
    select 'hour' as unit, c.hour as at, c.user_id, c.campaign_id, c.platform, c.calls, c.answered, c.answered_duration_sum, c.written_back from campaign_changes c
    union all
    select 'quarter', pg_catalog.date_bin('6 hours', c.hour, '2000-01-01 00:00:00+00'::timestamptz), c.user_id, c.campaign_id, c.platform, c.calls, c.answered, c.answered_duration_sum, c.written_back
    from campaign_changes c
    union all
    select 'day', pg_catalog.date_bin('1 day', c.hour, '2000-01-01 00:00:00+00'::timestamptz), c.user_id, c.campaign_id, c.platform, c.calls, c.answered, c.answered_duration_sum, c.written_back
    from campaign_changes c
  ),
  campaign_sums as materialized (
    select g.* from (
      select u.unit, u.user_id, u.at, u.campaign_id, u.platform, sum(u.calls)::int as calls, sum(u.answered)::int as answered,
             sum(u.answered_duration_sum)::bigint as answered_duration_sum, sum(u.written_back)::int as written_back
      from campaign_units u
      group by 1, 2, 3, 4, 5
    ) g
    where g.calls <> 0 or g.answered <> 0 or g.answered_duration_sum <> 0 or g.written_back <> 0
  ),
  campaign_hours as (
    insert into public.analytics_campaign_hours as t (user_id, hour, campaign_id, platform, calls, answered, answered_duration_sum, written_back)
    select s.user_id, s.at, s.campaign_id, s.platform, s.calls, s.answered, s.answered_duration_sum, s.written_back from campaign_sums s where s.unit = 'hour'
    order by 1, 2, 3, 4
    on conflict (user_id, hour, campaign_id, platform) do update
      set calls = t.calls + excluded.calls, answered = t.answered + excluded.answered,
          answered_duration_sum = t.answered_duration_sum + excluded.answered_duration_sum, written_back = t.written_back + excluded.written_back
  ),
  campaign_quarters as (
    insert into public.analytics_campaign_quarters as t (user_id, quarter, campaign_id, platform, calls, answered, answered_duration_sum, written_back)
    select s.user_id, s.at, s.campaign_id, s.platform, s.calls, s.answered, s.answered_duration_sum, s.written_back from campaign_sums s where s.unit = 'quarter'
    order by 1, 2, 3, 4
    on conflict (user_id, quarter, campaign_id, platform) do update
      set calls = t.calls + excluded.calls, answered = t.answered + excluded.answered,
          answered_duration_sum = t.answered_duration_sum + excluded.answered_duration_sum, written_back = t.written_back + excluded.written_back
  ),
  campaign_days as (
    insert into public.analytics_campaign_days as t (user_id, day, campaign_id, platform, calls, answered, answered_duration_sum, written_back)
    select s.user_id, s.at, s.campaign_id, s.platform, s.calls, s.answered, s.answered_duration_sum, s.written_back from campaign_sums s where s.unit = 'day'
    order by 1, 2, 3, 4
    on conflict (user_id, day, campaign_id, platform) do update
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
  ),
  stage_days as (
    insert into public.analytics_call_stage_days as t (user_id, day, platform, lifecycle_stage, calls, answered)
    select g.* from (
      select f.user_id, pg_catalog.date_bin('1 day', f.hour, '2000-01-01 00:00:00+00'::timestamptz) as day, f.platform, f.lifecycle_stage,
             sum(f.sign)::int as calls, coalesce(sum(f.sign) filter (where f.status = 'completed'), 0)::int as answered
      from f
      group by 1, 2, 3, 4
    ) g
    where g.calls <> 0 or g.answered <> 0
    order by 1, 2, 3, 4
    on conflict (user_id, day, platform, lifecycle_stage) do update
      set calls = t.calls + excluded.calls, answered = t.answered + excluded.answered
  ),
  cell_days as (
    insert into public.analytics_call_cell_days as t (user_id, day, platform, local_weekday, local_hour, utc_hour, calls, answered)
    select g.* from (
      select f.user_id, pg_catalog.date_bin('1 day', f.hour, '2000-01-01 00:00:00+00'::timestamptz) as day, f.platform, f.local_weekday, f.local_hour,
             case when f.local_weekday is null or f.local_hour is null then extract(hour from f.hour at time zone 'UTC')::smallint end as utc_hour,
             sum(f.sign)::int as calls, coalesce(sum(f.sign) filter (where f.status = 'completed'), 0)::int as answered
      from f
      group by 1, 2, 3, 4, 5, 6
    ) g
    where g.calls <> 0 or g.answered <> 0
    order by 1, 2, 3, 4, 5, 6
    on conflict (user_id, day, platform, local_weekday, local_hour, utc_hour) do update
      set calls = t.calls + excluded.calls, answered = t.answered + excluded.answered
  ),
  write_back_changes as materialized (
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
  ),
  write_back_units as (
    select 'hour' as unit, c.hour as at, c.user_id, c.platform, c.writeback_status, c.error_code, c.latency_bucket, c.results, c.latency_sum, c.last_error, c.last_error_at
    from write_back_changes c
    union all
    select 'quarter', pg_catalog.date_bin('6 hours', c.hour, '2000-01-01 00:00:00+00'::timestamptz), c.user_id, c.platform, c.writeback_status, c.error_code, c.latency_bucket,
           c.results, c.latency_sum, c.last_error, c.last_error_at
    from write_back_changes c
    union all
    select 'day', pg_catalog.date_bin('1 day', c.hour, '2000-01-01 00:00:00+00'::timestamptz), c.user_id, c.platform, c.writeback_status, c.error_code, c.latency_bucket,
           c.results, c.latency_sum, c.last_error, c.last_error_at
    from write_back_changes c
  ),
  write_back_sums as materialized (
    select u.unit, u.user_id, u.at, u.platform, u.writeback_status, u.error_code, u.latency_bucket, sum(u.results)::int as results,
           sum(u.latency_sum)::double precision as latency_sum,
           (array_agg(u.last_error order by u.last_error_at desc nulls last))[1] as last_error, max(u.last_error_at) as last_error_at
    from write_back_units u
    group by 1, 2, 3, 4, 5, 6, 7
    having sum(u.results) <> 0 or sum(u.latency_sum) <> 0 or max(u.last_error_at) is not null
  ),
  write_back_hours as (
    insert into public.analytics_write_back_hours as t (user_id, hour, platform, writeback_status, error_code, latency_bucket, results, latency_sum, last_error, last_error_at)
    select s.user_id, s.at, s.platform, s.writeback_status, s.error_code, s.latency_bucket, s.results, s.latency_sum, s.last_error, s.last_error_at
    from write_back_sums s where s.unit = 'hour'
    order by 1, 2, 3, 4, 5, 6
    on conflict (user_id, hour, platform, writeback_status, error_code, latency_bucket) do update
      set results = t.results + excluded.results, latency_sum = t.latency_sum + excluded.latency_sum,
          last_error = case when excluded.last_error_at >= coalesce(t.last_error_at, excluded.last_error_at) then excluded.last_error else t.last_error end,
          last_error_at = greatest(t.last_error_at, excluded.last_error_at)
  ),
  write_back_quarters as (
    insert into public.analytics_write_back_quarters as t (user_id, quarter, platform, writeback_status, error_code, latency_bucket, results, latency_sum, last_error, last_error_at)
    select s.user_id, s.at, s.platform, s.writeback_status, s.error_code, s.latency_bucket, s.results, s.latency_sum, s.last_error, s.last_error_at
    from write_back_sums s where s.unit = 'quarter'
    order by 1, 2, 3, 4, 5, 6
    on conflict (user_id, quarter, platform, writeback_status, error_code, latency_bucket) do update
      set results = t.results + excluded.results, latency_sum = t.latency_sum + excluded.latency_sum,
          last_error = case when excluded.last_error_at >= coalesce(t.last_error_at, excluded.last_error_at) then excluded.last_error else t.last_error end,
          last_error_at = greatest(t.last_error_at, excluded.last_error_at)
  )
  insert into public.analytics_write_back_days as t (user_id, day, platform, writeback_status, error_code, latency_bucket, results, latency_sum, last_error, last_error_at)
  select s.user_id, s.at, s.platform, s.writeback_status, s.error_code, s.latency_bucket, s.results, s.latency_sum, s.last_error, s.last_error_at
  from write_back_sums s where s.unit = 'day'
  order by 1, 2, 3, 4, 5, 6
  on conflict (user_id, day, platform, writeback_status, error_code, latency_bucket) do update
    set results = t.results + excluded.results, latency_sum = t.latency_sum + excluded.latency_sum,
        last_error = case when excluded.last_error_at >= coalesce(t.last_error_at, excluded.last_error_at) then excluded.last_error else t.last_error end,
        last_error_at = greatest(t.last_error_at, excluded.last_error_at);
end;
$$;

-- Backfill from the hourly rows (the same sums). A migration that runs again finds rows and leaves them.
insert into public.analytics_call_stage_days (user_id, day, platform, lifecycle_stage, calls, answered)
select h.user_id, pg_catalog.date_bin('1 day', h.hour, '2000-01-01 00:00:00+00'::timestamptz), h.platform, h.lifecycle_stage, sum(h.calls), sum(h.answered)
from public.analytics_call_contact_hours h
where not exists (select 1 from public.analytics_call_stage_days)
group by 1, 2, 3, 4;

insert into public.analytics_call_cell_days (user_id, day, platform, local_weekday, local_hour, utc_hour, calls, answered)
select h.user_id, pg_catalog.date_bin('1 day', h.hour, '2000-01-01 00:00:00+00'::timestamptz), h.platform, h.local_weekday, h.local_hour,
       case when h.local_weekday is null or h.local_hour is null then extract(hour from h.hour at time zone 'UTC')::smallint end,
       sum(h.calls), sum(h.answered)
from public.analytics_call_contact_hours h
where not exists (select 1 from public.analytics_call_cell_days)
group by 1, 2, 3, 4, 5, 6;
