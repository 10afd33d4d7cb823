-- Cross-CRM duplicates counted, not grouped per request (issue 19). 0241's reader grouped the
-- user's people in two CRMs or more from a partial index: its cost grew with the duplicates, 31 ms
-- of the contacts section's 45 at the bench's full size (50,000 such people), which left the
-- section at p95 441 ms with 10 clients (aim 300). The answer is a row per combination of CRMs
-- (four at most): kept here, by 0241's statement triggers, from the same upsert of the people.
--
-- The upsert returns each person's counts as it left them; less the statement's change, they are
-- the counts as they were. So each changed person moves from the combination it was in to the one
-- it is in, exact under concurrent writers without reading the people first. Only combinations of
-- two CRMs or more are kept: a sync page of new single-CRM people writes nothing here.

create table if not exists public.analytics_contact_people_platforms (
  user_id uuid not null references auth.users (id) on delete cascade,
  -- The CRMs, by name in alphabetical order, joined by '+': 'hubspot+zoho'.
  platforms text not null check (platforms like '%+%'),
  people integer not null default 0,
  contacts integer not null default 0,
  primary key (user_id, platforms)
);
comment on table public.analytics_contact_people_platforms is
  'Rollup of analytics_contact_people: people in two CRMs or more, and their live contacts, per combination of CRMs.';

alter table public.analytics_contact_people_platforms enable row level security;
alter table public.analytics_contact_people_platforms force row level security;
drop policy if exists analytics_contact_people_platforms_select_own on public.analytics_contact_people_platforms;
create policy analytics_contact_people_platforms_select_own on public.analytics_contact_people_platforms for select to authenticated using ((select auth.uid()) = user_id);
drop policy if exists analytics_contact_people_platforms_service_all on public.analytics_contact_people_platforms;
create policy analytics_contact_people_platforms_service_all on public.analytics_contact_people_platforms for all to service_role using (true) with check (true);
-- Users read their figures; only the triggers (security definer) write.
revoke all on table public.analytics_contact_people_platforms from anon, authenticated;
grant select on table public.analytics_contact_people_platforms to authenticated;
grant select, insert, update, delete on table public.analytics_contact_people_platforms to service_role;

-- Read by nothing now: each upsert of a person no longer maintains it.
drop index if exists public.analytics_contact_people_in_several_crms_idx;

-- The CRMs a person's counts put it in, as the table above names them ('' when none). Inlined.
create or replace function private.person_platforms(hubspot integer, zoho integer, salesforce integer)
  returns text
  language sql
  immutable
as $$
  select pg_catalog.array_to_string(pg_catalog.array_remove(
           array[case when hubspot > 0 then 'hubspot' end, case when salesforce > 0 then 'salesforce' end, case when zoho > 0 then 'zoho' end],
           null), '+');
$$;
revoke all on function private.person_platforms(integer, integer, integer) from public;

-- 0241's function; the people's upsert now returns its rows, and the combinations follow them.
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
  person_changes as (
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
  ),
  people as (
    insert into public.analytics_contact_people as t (user_id, person, hubspot, zoho, salesforce)
    select d.* from person_changes d
    order by 1, 2
    on conflict (user_id, person) do update
      set hubspot = t.hubspot + excluded.hubspot, zoho = t.zoho + excluded.zoho, salesforce = t.salesforce + excluded.salesforce
    returning t.user_id, t.person, t.hubspot, t.zoho, t.salesforce
  ),
  -- The row as the upsert left it, less the change, is the row as it was, even when another
  -- transaction changed it in between (the upsert adds to the latest version): a person leaves the
  -- CRMs it was in and joins the ones it is in. Most changed people are in one CRM before and after
  -- (a sync page of new contacts): tested by arithmetic first, they are never named.
  moved as (
    select p.user_id, p.hubspot, p.zoho, p.salesforce,
           p.hubspot - d.hubspot as old_hubspot, p.zoho - d.zoho as old_zoho, p.salesforce - d.salesforce as old_salesforce
    from people p join person_changes d on d.user_id = p.user_id and d.person = p.person
    where (p.hubspot > 0)::int + (p.zoho > 0)::int + (p.salesforce > 0)::int > 1
       or (p.hubspot - d.hubspot > 0)::int + (p.zoho - d.zoho > 0)::int + (p.salesforce - d.salesforce > 0)::int > 1
  ),
  platform_moves as (
    select m.user_id, private.person_platforms(m.hubspot, m.zoho, m.salesforce) as platforms, 1 as people, m.hubspot + m.zoho + m.salesforce as contacts
    from moved m
    union all
    select m.user_id, private.person_platforms(m.old_hubspot, m.old_zoho, m.old_salesforce), -1, -(m.old_hubspot + m.old_zoho + m.old_salesforce)
    from moved m
  ),
  several as (
    insert into public.analytics_contact_people_platforms as t (user_id, platforms, people, contacts)
    select m.user_id, m.platforms, sum(m.people)::int, sum(m.contacts)::int
    from platform_moves m
    where m.platforms like '%+%'
    group by 1, 2
    having sum(m.people) <> 0 or sum(m.contacts) <> 0
    order by 1, 2
    on conflict (user_id, platforms) do update set people = t.people + excluded.people, contacts = t.contacts + excluded.contacts
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

-- 0241's trigger function; TRUNCATE clears the combinations too.
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
    delete from public.analytics_contact_people_platforms;
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

-- 0241's rebuild; it clears the user's combinations, which the re-added people count again.
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
  delete from public.analytics_contact_people_platforms where user_id = target_user;
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

-- Backfill from the people 0241 counted. A migration that runs again finds the rows and leaves them.
insert into public.analytics_contact_people_platforms (user_id, platforms, people, contacts)
select p.user_id, private.person_platforms(p.hubspot, p.zoho, p.salesforce), count(*)::int, sum(p.hubspot + p.zoho + p.salesforce)::int
from public.analytics_contact_people p
where private.person_platforms(p.hubspot, p.zoho, p.salesforce) like '%+%'
  and not exists (select 1 from public.analytics_contact_people_platforms)
group by 1, 2;
