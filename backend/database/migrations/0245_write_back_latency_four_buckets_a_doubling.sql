-- The write-back latency histogram with four buckets per doubling, not eight (issue 19). At the
-- full size (bench/analytics: ten users of a million results each), a 90-day write-back chart in
-- New York composed 24,600 rollup rows per request and its 10-client p95 stayed at 302-384 ms
-- against 300: most rows are latency buckets. Measured on that database, the section's statement
-- took 26.6 ms with eight buckets a doubling and 17.0 with four (the measured user's 90 days:
-- 4,320 day rows before, 3,060 after; 86,267 hour rows before, 65,429 after). A percentile is then
-- within one bucket's width, a factor 2^(1/4) (under 19%), of the exact figure, not 2^(1/8)
-- (9.1%), and exact when a bucket's latencies are equal (its mean stands for them). The raw query,
-- which a segment filter takes, stays exact.
--
-- Bucket b now holds [2^(b/4), 2^((b+1)/4)) seconds, and -41 holds ≤ 1 ms. floor(floor(8x) / 2) is
-- floor(4x) for every x, so the existing rows' buckets halve exactly (an arithmetic shift floors
-- the negative ones too), and -81 becomes -41.

create or replace function private.write_back_latency_bucket(seconds double precision)
  returns smallint
  language sql
  immutable
  parallel safe
-- No `set search_path` (every name is qualified): a SQL function with one is not inlined.
as $$
  select case when seconds is null then null
              when seconds <= 0.001 then -41
              else pg_catalog.floor(4 * pg_catalog.ln(seconds) / pg_catalog.ln(2::double precision)) end::smallint
$$;
comment on function private.write_back_latency_bucket(double precision) is
  'The write-back latency histogram''s bucket of a latency in seconds: four a doubling, -41 for ≤ 1 ms (migration 0245).';

-- 0244's function, its latency bucket from the function above.
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

-- The rows as they are, their buckets halved: each table's rows of one key summed in a copy, then
-- put back. The column's comment marks a table done, so that running this file again (as psql -f
-- does) does not halve them twice.
do $$
declare
  unit text;
  t text;
  done constant text := 'The write-back latency''s histogram bucket, four a doubling (private.write_back_latency_bucket, 0245).';
begin
  foreach unit in array array['hour', 'quarter', 'day'] loop
    t := 'analytics_write_back_' || unit || 's';
    continue when pg_catalog.col_description(('public.' || t)::regclass,
      (select a.attnum from pg_catalog.pg_attribute a where a.attrelid = ('public.' || t)::regclass and a.attname = 'latency_bucket')) is not distinct from done;
    execute format(
      'create temporary table write_back_rows_0245 on commit drop as
       select r.user_id, r.%I as at, r.platform, r.writeback_status, r.error_code, (r.latency_bucket >> 1)::smallint as latency_bucket,
              sum(r.results)::int as results, sum(r.latency_sum)::double precision as latency_sum,
              (pg_catalog.array_agg(r.last_error order by r.last_error_at desc nulls last))[1] as last_error, max(r.last_error_at) as last_error_at
       from public.%I r
       group by 1, 2, 3, 4, 5, 6', unit, t);
    execute format('delete from public.%I', t);
    execute format(
      'insert into public.%I (user_id, %I, platform, writeback_status, error_code, latency_bucket, results, latency_sum, last_error, last_error_at)
       select * from write_back_rows_0245 order by 1, 2, 3, 4, 5, 6', t, unit);
    drop table write_back_rows_0245;
    execute format('comment on column public.%I.latency_bucket is %L', t, done);
  end loop;
end
$$;
revoke all on function private.write_back_latency_bucket(double precision) from public;
