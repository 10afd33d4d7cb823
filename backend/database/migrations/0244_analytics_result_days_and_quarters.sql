-- Rollups of the call results by UTC day and by quarter of a UTC day (6 hours from 00:00, 06:00,
-- 12:00, 18:00), beside 0237's hourly ones (issue 19). At the full size the campaigns and
-- write-back sections grouped 29,000 and 63,000 hourly rows for 90 days, and stayed over their
-- 10-client aims (p95 356 and 479 ms against 300) however the grouping was written.
-- rollup-pieces.ts composes a range, or a local day, from whole days, quarters and hours, a unit
-- reaching past an edge taken off again by smaller ones (counts and sums subtract exactly): a New
-- York day is its UTC day, two quarters and two hours, 5 row sets instead of 24, and any day at
-- most 11. The hourly tables still answer hour buckets and what only they know (the heat map's
-- local hours of contacts without a zone).
--
-- Each table is its hourly one with the unit's start in place of the hour, made from one template
-- per family below; kept by the same statement triggers.

do $$
declare
  unit text;
begin
  foreach unit in array array['day', 'quarter'] loop
    execute format(
      'create table if not exists public.%I (
         user_id uuid not null references auth.users (id) on delete cascade,
         %I timestamptz not null,
         platform text not null,
         status text not null,
         calls integer not null default 0,
         duration_sum bigint not null default 0,
         primary key (user_id, %I, platform, status))',
      'analytics_call_' || unit || 's', unit, unit);
    execute format(
      'create table if not exists public.%I (
         user_id uuid not null references auth.users (id) on delete cascade,
         %I timestamptz not null,
         campaign_id uuid not null,
         platform text not null,
         calls integer not null default 0,
         answered integer not null default 0,
         answered_duration_sum bigint not null default 0,
         written_back integer not null default 0,
         primary key (user_id, %I, campaign_id, platform))',
      'analytics_campaign_' || unit || 's', unit, unit);
    execute format(
      'create table if not exists public.%I (
         user_id uuid not null references auth.users (id) on delete cascade,
         %I timestamptz not null,
         platform text not null,
         writeback_status text not null,
         error_code text,
         latency_bucket smallint,
         results integer not null default 0,
         latency_sum double precision not null default 0,
         last_error text,
         last_error_at timestamptz,
         constraint %I unique nulls not distinct (user_id, %I, platform, writeback_status, error_code, latency_bucket))',
      'analytics_write_back_' || unit || 's', unit, 'analytics_write_back_' || unit || 's_key', unit);
  end loop;
end
$$;
comment on table public.analytics_call_days is 'analytics_call_hours by UTC day.';
comment on table public.analytics_campaign_days is 'analytics_campaign_hours by UTC day.';
comment on table public.analytics_write_back_days is 'analytics_write_back_hours by UTC day.';
comment on table public.analytics_call_quarters is 'analytics_call_hours by quarter of a UTC day (6 hours from 00:00, 06:00, 12:00, 18:00).';
comment on table public.analytics_campaign_quarters is 'analytics_campaign_hours by quarter of a UTC day (6 hours from 00:00, 06:00, 12:00, 18:00).';
comment on table public.analytics_write_back_quarters is 'analytics_write_back_hours by quarter of a UTC day (6 hours from 00:00, 06:00, 12:00, 18:00).';

do $$
declare
  t text;
begin
  foreach t in array array['analytics_call_days', 'analytics_campaign_days', 'analytics_write_back_days',
                           'analytics_call_quarters', 'analytics_campaign_quarters', 'analytics_write_back_quarters'] loop
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

-- 0240's function, with the quarters and days: each table family's changed rows are grouped once,
-- by hour (a statement's results fall in a few hours), and those hour groups are summed by quarter
-- and by day. Measured on the full-size bench database, a write-back update of the latest 500
-- pending results spent 5.4-5.8 ms in the trigger with hours only; grouping every row again per
-- unit cost 7.5-7.7 with days and 9.5-9.8 with quarters too; this way, 5.4-5.8 with all three.
-- The latest failure of a quarter or day is the latest of its hours'.
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
           case when l.seconds is null then null
                when l.seconds <= 0.001 then -81
                else pg_catalog.floor(8 * pg_catalog.ln(l.seconds) / pg_catalog.ln(2::double precision)) end::smallint as latency_bucket,
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

-- Backfill from the hourly rollups (the same sums). A migration that runs again finds rows and leaves them.
do $$
declare
  unit text;
  width interval;
begin
  foreach unit in array array['day', 'quarter'] loop
    width := case unit when 'day' then interval '1 day' else interval '6 hours' end;
    execute format(
      'insert into public.%I (user_id, %I, platform, status, calls, duration_sum)
       select h.user_id, pg_catalog.date_bin($1, h.hour, ''2000-01-01 00:00:00+00''::timestamptz), h.platform, h.status, sum(h.calls), sum(h.duration_sum)
       from public.analytics_call_hours h
       where not exists (select 1 from public.%I)
       group by 1, 2, 3, 4',
      'analytics_call_' || unit || 's', unit, 'analytics_call_' || unit || 's') using width;
    execute format(
      'insert into public.%I (user_id, %I, campaign_id, platform, calls, answered, answered_duration_sum, written_back)
       select h.user_id, pg_catalog.date_bin($1, h.hour, ''2000-01-01 00:00:00+00''::timestamptz), h.campaign_id, h.platform,
              sum(h.calls), sum(h.answered), sum(h.answered_duration_sum), sum(h.written_back)
       from public.analytics_campaign_hours h
       where not exists (select 1 from public.%I)
       group by 1, 2, 3, 4',
      'analytics_campaign_' || unit || 's', unit, 'analytics_campaign_' || unit || 's') using width;
    execute format(
      'insert into public.%I (user_id, %I, platform, writeback_status, error_code, latency_bucket, results, latency_sum, last_error, last_error_at)
       select h.user_id, pg_catalog.date_bin($1, h.hour, ''2000-01-01 00:00:00+00''::timestamptz), h.platform, h.writeback_status, h.error_code, h.latency_bucket,
              sum(h.results), sum(h.latency_sum), (pg_catalog.array_agg(h.last_error order by h.last_error_at desc nulls last))[1], max(h.last_error_at)
       from public.analytics_write_back_hours h
       where not exists (select 1 from public.%I)
       group by 1, 2, 3, 4, 5, 6',
      'analytics_write_back_' || unit || 's', unit, 'analytics_write_back_' || unit || 's') using width;
  end loop;
end
$$;
