-- The results rollup trigger pairs each updated row's old and new sides by sorting, not by a join
-- (issue 19), as 0241 did for the contacts. plpgsql plans the trigger's statement once per
-- connection, for the transition tables' size the first time: a write-back worker whose first
-- update touched one result kept a nested loop for every batch after it. Measured at the full size
-- (bench database, one connection, 20 updates of 500 results' write-back state): the trigger took
-- 52-55 ms a statement after a first update of one row, 18 ms after a first update of 100.

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
    -- A row's two sides are neighbours once both transition tables are sorted by id.
    with sides as (
      select o.id, 0 as side, private.to_call_result_rollup_row(o) as fact,
             row(o.user_id, o.campaign_id, o.platform, o.status, o.started_at, o.duration_sec, o.created_at, o.contact_lifecycle_stage,
                 o.contact_local_weekday, o.contact_local_hour, o.writeback_status, o.writeback_error_code, o.writeback_error, o.written_back_at) as counted
      from old_rows o
      union all
      select n.id, 1, private.to_call_result_rollup_row(n),
             row(n.user_id, n.campaign_id, n.platform, n.status, n.started_at, n.duration_sec, n.created_at, n.contact_lifecycle_stage,
                 n.contact_local_weekday, n.contact_local_hour, n.writeback_status, n.writeback_error_code, n.writeback_error, n.written_back_at)
      from new_rows n
    ),
    paired as (
      select s.side, pg_catalog.lag(s.fact) over w as old_fact, s.fact as new_fact, pg_catalog.lag(s.counted) over w as old_counted, s.counted as new_counted
      from sides s
      window w as (partition by s.id order by s.side)
    )
    select pg_catalog.array_agg(p.old_fact), pg_catalog.array_agg(p.new_fact) into removed, added
    from paired p
    where p.side = 1 and p.old_counted is distinct from p.new_counted;
  end if;
  if removed is not null or added is not null then
    perform private.apply_call_result_rollup_rows(coalesce(removed, '{}'), coalesce(added, '{}'));
  end if;
  return null;
end;
$$;
