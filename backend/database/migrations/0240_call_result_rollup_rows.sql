-- Results ingestion: the rollups' statement triggers carry only what they count (issue 19: rollup
-- upkeep at most 10% of ingestion). 0237's triggers gathered whole result rows into arrays
-- (summary, recording URL, CRM ids, lease columns: every column copied twice, into the array and
-- out of it) and checked auth.users once per row. They now gather the 15 counted columns as one
-- small composite, and check each distinct user once.

do $$
begin
  if not exists (select 1 from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace
                 where n.nspname = 'private' and t.typname = 'call_result_rollup_row') then
    create type private.call_result_rollup_row as (
      user_id uuid, campaign_id uuid, platform text, status text, started_at timestamptz, duration_sec integer,
      created_at timestamptz, contact_lifecycle_stage text, contact_local_weekday smallint, contact_local_hour smallint,
      writeback_status text, writeback_error_code text, writeback_error text, written_back_at timestamptz, updated_at timestamptz
    );
  end if;
end
$$;
comment on type private.call_result_rollup_row is 'The columns of a call result the analytics rollups count (0237).';

-- A plain SQL expression: the planner inlines it into the triggers' array_agg.
create or replace function private.to_call_result_rollup_row(r public.campaign_call_results)
  returns private.call_result_rollup_row
  language sql
  immutable
as $$
  select row(r.user_id, r.campaign_id, r.platform, r.status, r.started_at, r.duration_sec, r.created_at, r.contact_lifecycle_stage,
             r.contact_local_weekday, r.contact_local_hour, r.writeback_status, r.writeback_error_code, r.writeback_error,
             r.written_back_at, r.updated_at)::private.call_result_rollup_row
$$;
revoke all on function private.to_call_result_rollup_row(public.campaign_call_results) from public;

-- 0237's apply_call_result_changes, over the small rows; the four upserts are unchanged. Users that
-- no longer exist are dropped as before (a user's deletion cascades to their results after their
-- rollup rows may have gone), found by one probe per distinct user rather than one per row.
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
comment on function private.apply_call_result_rollup_rows(private.call_result_rollup_row[], private.call_result_rollup_row[]) is
  'Adds the facts of the added results to the analytics rollups and takes those of the removed ones away.';
revoke all on function private.apply_call_result_rollup_rows(private.call_result_rollup_row[], private.call_result_rollup_row[]) from public;

create or replace function private.roll_up_call_results()
  returns trigger
  language plpgsql
  security definer
  set search_path = ''
as $$
declare
  removed private.call_result_rollup_row[];
  added private.call_result_rollup_row[];
begin
  -- plpgsql plans a statement when it first runs it, so a branch not taken never names the
  -- transition table its event lacks.
  if tg_op = 'INSERT' then
    select pg_catalog.array_agg(private.to_call_result_rollup_row(n)) into added from new_rows n;
  elsif tg_op = 'DELETE' then
    select pg_catalog.array_agg(private.to_call_result_rollup_row(o)) into removed from old_rows o;
  else
    -- Write-back jobs update a result several times (lease, attempt, verdict): only the rows
    -- whose counted columns changed move counts (updated_at moves with every update: not compared).
    select pg_catalog.array_agg(private.to_call_result_rollup_row(o)), pg_catalog.array_agg(private.to_call_result_rollup_row(n)) into removed, added
    from old_rows o join new_rows n on n.id = o.id
    where (o.user_id, o.campaign_id, o.platform, o.status, o.started_at, o.duration_sec, o.created_at, o.contact_lifecycle_stage,
           o.contact_local_weekday, o.contact_local_hour, o.writeback_status, o.writeback_error_code, o.writeback_error, o.written_back_at)
          is distinct from
          (n.user_id, n.campaign_id, n.platform, n.status, n.started_at, n.duration_sec, n.created_at, n.contact_lifecycle_stage,
           n.contact_local_weekday, n.contact_local_hour, n.writeback_status, n.writeback_error_code, n.writeback_error, n.written_back_at);
  end if;
  if removed is not null or added is not null then
    perform private.apply_call_result_rollup_rows(coalesce(removed, '{}'), coalesce(added, '{}'));
  end if;
  return null;
end;
$$;

-- 0237's function over whole rows has no caller left.
drop function if exists private.apply_call_result_changes(public.campaign_call_results[], public.campaign_call_results[]);
