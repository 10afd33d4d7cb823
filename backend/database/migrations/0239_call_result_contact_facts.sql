-- Results ingestion without a query per row (issue 19: rollup upkeep at most 10% of ingestion).
-- 0237 notes on each result its contact's lifecycle stage and the call's local weekday and hour,
-- in a row trigger that looked the contact up once per inserted row: measured at about two thirds
-- of the rollups' cost to POST /campaigns/:id/results. The facts are now one SQL function, which
-- the results insert joins for the whole batch (the planner inlines it), and the row trigger runs
-- only for an insert that did not fill them (other writers, SQL seeds), from the same function.

create or replace function private.call_result_contact_facts(p_user_id uuid, p_crm_contact_id uuid, p_started_at timestamptz)
  returns table (lifecycle_stage text, local_weekday smallint, local_hour smallint)
  language sql
  stable
  -- No `set search_path` (every name is qualified instead) and no security definer: either would
  -- keep the planner from inlining the function into the insert that joins it.
as $$
  -- Only zones this Postgres knows (private.known_time_zones, as the call queue reads them): an
  -- unknown one counts as no zone, never a refused report.
  select c.lifecycle_stage,
         extract(isodow from p_started_at at time zone tz.name)::smallint,
         extract(hour from p_started_at at time zone tz.name)::smallint
  from public.crm_contacts c
  left join private.known_time_zones tz on tz.lower_name = pg_catalog.lower(c.number_time_zone)
  where c.id = p_crm_contact_id and c.user_id = p_user_id
$$;
comment on function private.call_result_contact_facts(uuid, uuid, timestamptz) is
  'A call result''s contact facts when reported: the contact''s lifecycle stage, and the call''s ISO weekday and hour in the number''s zone (null: no known zone).';
revoke all on function private.call_result_contact_facts(uuid, uuid, timestamptz) from public;
grant execute on function private.call_result_contact_facts(uuid, uuid, timestamptz) to service_role;

create or replace function private.note_call_result_contact()
  returns trigger
  language plpgsql
  security definer
  set search_path = ''
as $$
begin
  select f.lifecycle_stage, f.local_weekday, f.local_hour
  into new.contact_lifecycle_stage, new.contact_local_weekday, new.contact_local_hour
  from public.campaign_contacts cc
  cross join lateral private.call_result_contact_facts(cc.user_id, cc.crm_contact_id, new.started_at) f
  where cc.id = new.campaign_contact_id and cc.user_id = new.user_id;
  return new;
end;
$$;

-- An insert that noted the facts itself skips the lookup. One whose contact has no stage and no
-- known zone looks again and notes the same nulls.
drop trigger if exists campaign_call_results_note_contact on public.campaign_call_results;
create trigger campaign_call_results_note_contact
  before insert on public.campaign_call_results
  for each row
  when (new.contact_lifecycle_stage is null and new.contact_local_weekday is null and new.contact_local_hour is null)
  execute function private.note_call_result_contact();
