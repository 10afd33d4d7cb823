-- Cross-CRM duplicates rolled up (issue 19). The contacts section's last raw figure read every live
-- contact's e-mail and numbers from 0012's indexes on each request: cost growing with the contacts
-- (the larger part of 151/219 ms p50/p95 at a tenth of the bench's million), where the answer is a
-- handful of rows. 0238 left it raw because a rollup by person needs a row per person, one more
-- write for every contact a sync inserts. That price is paid here, set-based in the statement
-- triggers 0238 already runs (one upsert per sync page, not per contact), and measured by
-- bench/sync/contact-rollups-cost.ts against the 10% aim.
--
-- A person is what the raw query groups by: the lower-cased e-mail, else the number the queue dials
-- (phone, else mobile). A row holds the person's live contacts per CRM; a person in several CRMs is
-- one whose row has two or more non-zero counts, and a partial index holds only those, so the
-- reader's cost grows with the duplicates, not the contacts. The key is the md5 of the person as a
-- uuid: 16 bytes whatever the address, and no second copy of users' e-mail addresses.
--
-- One column per CRM, as the platforms are a closed list (crm_contacts_platform_check): a new CRM
-- brings a migration to that check and to this table together. Counts that reach zero stay, as in
-- 0237 and 0238 (the partial index leaves them out; a rebuild drops them).

do $$
begin
  if not exists (select 1 from pg_catalog.pg_attribute a
                 join pg_catalog.pg_type t on t.typrelid = a.attrelid
                 join pg_catalog.pg_namespace n on n.oid = t.typnamespace
                 where n.nspname = 'private' and t.typname = 'analytics_contact_fact' and a.attname = 'person' and not a.attisdropped) then
    -- The person's key (md5 of e-mail key, else number); null: no e-mail and no valid number.
    alter type private.analytics_contact_fact add attribute person uuid;
  end if;
end
$$;

create table if not exists public.analytics_contact_people (
  user_id uuid not null references auth.users (id) on delete cascade,
  person uuid not null,
  hubspot integer not null default 0,
  zoho integer not null default 0,
  salesforce integer not null default 0,
  primary key (user_id, person)
);
comment on table public.analytics_contact_people is
  'Rollup of crm_contacts: live contacts per person (md5 of the lower-cased e-mail, else of the number dialled) and CRM, for cross-CRM duplicates.';

create index if not exists analytics_contact_people_in_several_crms_idx on public.analytics_contact_people (user_id)
  where (hubspot > 0)::int + (zoho > 0)::int + (salesforce > 0)::int > 1;

alter table public.analytics_contact_people enable row level security;
alter table public.analytics_contact_people force row level security;
drop policy if exists analytics_contact_people_select_own on public.analytics_contact_people;
create policy analytics_contact_people_select_own on public.analytics_contact_people for select to authenticated using ((select auth.uid()) = user_id);
drop policy if exists analytics_contact_people_service_all on public.analytics_contact_people;
create policy analytics_contact_people_service_all on public.analytics_contact_people for all to service_role using (true) with check (true);
-- Users read their figures; only the triggers (security definer) write.
revoke all on table public.analytics_contact_people from anon, authenticated;
grant select on table public.analytics_contact_people to authenticated;
grant select, insert, update, delete on table public.analytics_contact_people to service_role;

-- 0238's function, with the people's upsert added: the net change per (user, person), so that a
-- statement moving contacts without touching their person or CRM (a stage, a number's country)
-- writes nothing here.
create or replace function private.apply_contact_changes(removed private.analytics_contact_fact[], added private.analytics_contact_fact[])
  returns void
  language plpgsql
  security definer
  set search_path = ''
as $$
begin
  with f as materialized (
    select r.sign, r.user_id, r.platform, r.crm_created_at, r.created_at, r.lifecycle_stage, r.lead_status,
           pg_catalog.left(r.number, 4) as prefix, r.number is not null as has_number, r.has_text_number, r.do_not_call, r.call_consent, r.person
    from (select -1 as sign, x.* from pg_catalog.unnest(removed) x
          union all
          select 1 as sign, x.* from pg_catalog.unnest(added) x) r
  ),
  hours as (
    insert into public.analytics_contact_hours as t (user_id, date_column, hour, platform, contacts)
    select f.user_id, d.date_column, pg_catalog.date_bin('1 hour', d.at, '2000-01-01 00:00:00+00'::timestamptz), f.platform, sum(f.sign)
    from f
    cross join lateral (values ('crm_created_at', f.crm_created_at), ('created_at', f.created_at)) d(date_column, at)
    where d.at is not null
    group by 1, 2, 3, 4
    having sum(f.sign) <> 0
    order by 1, 2, 3, 4
    on conflict (user_id, date_column, hour, platform) do update set contacts = t.contacts + excluded.contacts
  ),
  stages as (
    insert into public.analytics_contact_stages as t (user_id, platform, lifecycle_stage, lead_status, contacts)
    select f.user_id, f.platform, f.lifecycle_stage, f.lead_status, sum(f.sign)
    from f
    group by 1, 2, 3, 4
    having sum(f.sign) <> 0
    order by 1, 2, 3, 4
    on conflict (user_id, platform, lifecycle_stage, lead_status) do update set contacts = t.contacts + excluded.contacts
  ),
  people as (
    insert into public.analytics_contact_people as t (user_id, person, hubspot, zoho, salesforce)
    select g.* from (
      select f.user_id, f.person,
             coalesce(sum(f.sign) filter (where f.platform = 'hubspot'), 0)::int as hubspot,
             coalesce(sum(f.sign) filter (where f.platform = 'zoho'), 0)::int as zoho,
             coalesce(sum(f.sign) filter (where f.platform = 'salesforce'), 0)::int as salesforce
      from f
      where f.person is not null
      group by 1, 2
    ) g
    where g.hubspot <> 0 or g.zoho <> 0 or g.salesforce <> 0
    order by 1, 2
    on conflict (user_id, person) do update
      set hubspot = t.hubspot + excluded.hubspot, zoho = t.zoho + excluded.zoho, salesforce = t.salesforce + excluded.salesforce
  )
  insert into public.analytics_contact_prefixes as t (user_id, platform, prefix, contacts, reachable, no_number, invalid_number, do_not_call, no_consent)
  select g.* from (
    -- The same conditions as the raw coverage query (contact-analytics-repository.ts).
    select f.user_id, f.platform, f.prefix, sum(f.sign)::int as contacts,
           coalesce(sum(f.sign) filter (where f.has_number and f.do_not_call is not true and f.call_consent is not false), 0)::int as reachable,
           coalesce(sum(f.sign) filter (where not f.has_number and not f.has_text_number), 0)::int as no_number,
           coalesce(sum(f.sign) filter (where not f.has_number and f.has_text_number), 0)::int as invalid_number,
           coalesce(sum(f.sign) filter (where f.do_not_call is true), 0)::int as do_not_call,
           coalesce(sum(f.sign) filter (where f.call_consent is false), 0)::int as no_consent
    from f
    group by 1, 2, 3
  ) g
  where g.contacts <> 0 or g.reachable <> 0 or g.no_number <> 0 or g.invalid_number <> 0 or g.do_not_call <> 0 or g.no_consent <> 0
  order by 1, 2, 3
  on conflict (user_id, platform, prefix) do update
    set contacts = t.contacts + excluded.contacts, reachable = t.reachable + excluded.reachable, no_number = t.no_number + excluded.no_number,
        invalid_number = t.invalid_number + excluded.invalid_number, do_not_call = t.do_not_call + excluded.do_not_call,
        no_consent = t.no_consent + excluded.no_consent;
end;
$$;

-- A contact's facts, in one place for the triggers and the rebuild (0238 wrote the row out four
-- times). A plain SQL expression (no SET clause, names qualified): the planner inlines it (0240).
create or replace function private.to_analytics_contact_fact(c public.crm_contacts)
  returns private.analytics_contact_fact
  language sql
  immutable
as $$
  select row(c.user_id, c.platform, c.crm_created_at, c.created_at, c.lifecycle_stage, c.lead_status,
             coalesce(c.phone_e164, c.mobile_phone_e164),
             (nullif(pg_catalog.btrim(coalesce(c.phone, '')), '') is not null or nullif(pg_catalog.btrim(coalesce(c.mobile_phone, '')), '') is not null),
             c.do_not_call, c.call_consent,
             pg_catalog.md5(coalesce(c.email_key, c.phone_e164, c.mobile_phone_e164))::uuid)::private.analytics_contact_fact;
$$;
revoke all on function private.to_analytics_contact_fact(public.crm_contacts) from public;

create or replace function private.roll_up_contacts()
  returns trigger
  language plpgsql
  security definer
  set search_path = ''
as $$
declare
  removed private.analytics_contact_fact[];
  added private.analytics_contact_fact[];
begin
  if tg_op = 'TRUNCATE' then
    delete from public.analytics_contact_hours;
    delete from public.analytics_contact_stages;
    delete from public.analytics_contact_prefixes;
    delete from public.analytics_contact_people;
    return null;
  end if;
  -- plpgsql plans a statement when it first runs it, so a branch not taken never names the
  -- transition table its event lacks. Only live rows count.
  if tg_op = 'INSERT' then
    select pg_catalog.array_agg(private.to_analytics_contact_fact(n)) into added
    from new_rows n where n.deleted_at is null;
  elsif tg_op = 'DELETE' then
    -- Only users that still exist: the cascade of a user's deletion deletes their contacts after
    -- their rollup rows may have gone, and must not write new ones (0237).
    select pg_catalog.array_agg(private.to_analytics_contact_fact(o)) into removed
    from old_rows o
    where o.deleted_at is null and exists (select 1 from auth.users u where u.id = o.user_id);
  else
    -- Most sync updates change none of the counted facts (a name, a job title): those move nothing.
    -- Each row's old and new sides are paired by sorting both transition tables by id, not by
    -- joining them: plpgsql plans this statement once per connection, for the row count of the
    -- first statement it sees, and a nested loop chosen then stayed for pages of 200 (quadratic:
    -- 0238's join took 7-9 ms a page where the facts take 0.7, measured by rollup-trigger-time.ts).
    with sides as (
      select o.id, 0 as side, o.deleted_at is null as live, private.to_analytics_contact_fact(o) as fact from old_rows o
      union all
      select n.id, 1, n.deleted_at is null, private.to_analytics_contact_fact(n) from new_rows n
    ),
    changed as (
      select s.side, pg_catalog.lag(s.live) over w as was_live, s.live as is_live, pg_catalog.lag(s.fact) over w as old_fact, s.fact as new_fact
      from sides s
      window w as (partition by s.id order by s.side)
    )
    select pg_catalog.array_agg(c.old_fact) filter (where c.was_live), pg_catalog.array_agg(c.new_fact) filter (where c.is_live)
    into removed, added
    from changed c
    where c.side = 1 and (c.was_live or c.is_live) and (c.was_live is distinct from c.is_live or c.old_fact is distinct from c.new_fact);
  end if;
  if removed is not null or added is not null then
    perform private.apply_contact_changes(coalesce(removed, '{}'), coalesce(added, '{}'));
  end if;
  return null;
end;
$$;

create or replace function private.rebuild_contact_rollups(target_user uuid)
  returns void
  language plpgsql
  security definer
  set search_path = ''
as $$
declare
  facts private.analytics_contact_fact[];
begin
  lock table public.crm_contacts in share mode;
  delete from public.analytics_contact_hours where user_id = target_user;
  delete from public.analytics_contact_stages where user_id = target_user;
  delete from public.analytics_contact_prefixes where user_id = target_user;
  delete from public.analytics_contact_people where user_id = target_user;
  -- A CRM's month of first syncs at a time keeps the array (and the memory it takes) small.
  for facts in
    select pg_catalog.array_agg(private.to_analytics_contact_fact(c))
    from public.crm_contacts c
    where c.user_id = target_user and c.deleted_at is null
    group by c.platform, pg_catalog.date_bin('30 days', c.created_at, '2000-01-01 00:00:00+00'::timestamptz)
  loop
    perform private.apply_contact_changes('{}', facts);
  end loop;
end;
$$;

-- Backfill: the people of the contacts already there. The other rollups are recounted with them
-- (the same function; equal to what they hold). A migration that runs again finds people and leaves them.
do $$
declare
  target_user uuid;
begin
  if not exists (select 1 from public.analytics_contact_people) then
    for target_user in select u.id from auth.users u where exists (select 1 from public.crm_contacts c where c.user_id = u.id) loop
      perform private.rebuild_contact_rollups(target_user);
    end loop;
  end if;
end
$$;
