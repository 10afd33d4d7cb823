-- Analytics rollups of contacts (issue 19): the contacts section read every live contact of the
-- user six times a request (482/558 ms p50/p95 at a tenth of the bench's million). These tables
-- hold what five of its figures need, kept as 0237 keeps the call rollups: statement triggers with
-- transition tables on crm_contacts, in the transaction that changes the contacts, one aggregate and
-- one upsert per table and statement whatever the page's size, for every writer (sync pages,
-- webhooks, deletions, restores, the cascade of a user's deletion).
--
-- What they count is the live contacts (deleted_at null), as the raw queries do: a soft deletion
-- takes a contact off, a restore puts it back, a change of platform or of a grouped column moves it.
-- Counts that reach zero stay at zero (the readers skip them), as in 0237.
--
-- 1. analytics_contact_hours: contacts per UTC hour of crm_created_at and of created_at, per CRM
--    (re-bucketed into the user's zone by the service, as the call rollups are).
-- 2. analytics_contact_stages: contacts per CRM, lifecycle stage and lead status (a CRM has a
--    handful of each: a few dozen rows a user).
-- 3. analytics_contact_prefixes: per CRM and number prefix (left 4 of the number the queue dials),
--    the contacts, those reachable but for the suppression list, and the counts of each reason not
--    callable that depends on the contact alone.
--
-- Suppression stays out of the rollup, on purpose. "Suppressed" joins the user's suppressions to
-- contacts by number. Keeping it in the rollup would take triggers on both tables, and the one on
-- crm_contacts would probe suppressions for every contact every sync page writes (the sync's hot
-- path, for a list most users keep short). Instead the reader computes that part at request time
-- from the other side: the user's suppressions (a few to a few thousand) each joined to their live
-- contacts through the partial (user_id, phone_e164) and (user_id, mobile_phone_e164) indexes of
-- 0012 — one index probe per suppression, none per contact (contact-analytics-rollup-repository.ts).
-- Measured under RLS at the bench's 100,000 contacts a user with 2,000 of them suppressed: about
-- 0.04 ms a suppression (80-140 ms for 2,000 on a 2-core machine at load 7-9; nothing without any).
-- Should lists of tens of thousands become common, the trigger pair is the step to take.
--
-- Cross-CRM duplicates are not rolled up: a person is a group of contacts by e-mail else number,
-- so an exact rollup needs a row per person (as many rows as contacts, one more upsert per contact
-- written), which costs the sync path what it saves the reader. They stay a raw query.

-- What a contact contributes, narrow: the triggers gather these rather than whole rows (a row of
-- crm_contacts carries its raw properties and custom fields).
do $$
begin
  if not exists (select 1 from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace
                 where n.nspname = 'private' and t.typname = 'analytics_contact_fact') then
    create type private.analytics_contact_fact as (
      user_id uuid,
      platform text,
      crm_created_at timestamptz,
      created_at timestamptz,
      lifecycle_stage text,
      lead_status text,
      -- The number the call queue dials: phone, else mobile (E.164).
      number text,
      -- A number given as text, valid or not (tells "invalid number" from "no number").
      has_text_number boolean,
      do_not_call boolean,
      call_consent boolean
    );
  end if;
end
$$;

create table if not exists public.analytics_contact_hours (
  user_id uuid not null references auth.users (id) on delete cascade,
  -- Which date the hour is of: the CRM's creation, or the first sync here.
  date_column text not null check (date_column in ('crm_created_at', 'created_at')),
  hour timestamptz not null,
  platform text not null,
  contacts integer not null default 0,
  primary key (user_id, date_column, hour, platform)
);
comment on table public.analytics_contact_hours is
  'Rollup of crm_contacts: live contacts per UTC hour of crm_created_at or created_at, and CRM.';

create table if not exists public.analytics_contact_stages (
  user_id uuid not null references auth.users (id) on delete cascade,
  platform text not null,
  lifecycle_stage text,
  lead_status text,
  contacts integer not null default 0,
  constraint analytics_contact_stages_key unique nulls not distinct (user_id, platform, lifecycle_stage, lead_status)
);
comment on table public.analytics_contact_stages is
  'Rollup of crm_contacts: live contacts per CRM, lifecycle stage and lead status.';

create table if not exists public.analytics_contact_prefixes (
  user_id uuid not null references auth.users (id) on delete cascade,
  platform text not null,
  -- left(number, 4); null: no valid number.
  prefix text,
  contacts integer not null default 0,
  -- A number, not do-not-call, consent not refused: callable unless the number is suppressed.
  reachable integer not null default 0,
  no_number integer not null default 0,
  invalid_number integer not null default 0,
  do_not_call integer not null default 0,
  no_consent integer not null default 0,
  constraint analytics_contact_prefixes_key unique nulls not distinct (user_id, platform, prefix)
);
comment on table public.analytics_contact_prefixes is
  'Rollup of crm_contacts: live contacts per CRM and number prefix, those reachable but for suppressions, and the reasons not callable a contact has by itself.';

do $$
declare
  t text;
begin
  foreach t in array array['analytics_contact_hours', 'analytics_contact_stages', 'analytics_contact_prefixes'] loop
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

-- The keys' unique indexes lead with user_id and serve every read (the hours' with the date
-- column and the range next).

-- Applies the facts taken away (removed) and added to the three rollups: per table one upsert of
-- the net change per key, in key order, so two statements touching the same keys lock the rows in
-- the same order (0012, 0237).
create or replace function private.apply_contact_changes(removed private.analytics_contact_fact[], added private.analytics_contact_fact[])
  returns void
  language plpgsql
  security definer
  set search_path = ''
as $$
begin
  with f as materialized (
    select r.sign, r.user_id, r.platform, r.crm_created_at, r.created_at, r.lifecycle_stage, r.lead_status,
           pg_catalog.left(r.number, 4) as prefix, r.number is not null as has_number, r.has_text_number, r.do_not_call, r.call_consent
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

comment on function private.apply_contact_changes(private.analytics_contact_fact[], private.analytics_contact_fact[]) is
  'Adds the added contacts'' facts to the contact analytics rollups and takes the removed ones'' away.';
revoke all on function private.apply_contact_changes(private.analytics_contact_fact[], private.analytics_contact_fact[]) from public;

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
    return null;
  end if;
  -- plpgsql plans a statement when it first runs it, so a branch not taken never names the
  -- transition table its event lacks. Only live rows count.
  if tg_op = 'INSERT' then
    select pg_catalog.array_agg(row(n.user_id, n.platform, n.crm_created_at, n.created_at, n.lifecycle_stage, n.lead_status,
             coalesce(n.phone_e164, n.mobile_phone_e164),
             (nullif(pg_catalog.btrim(coalesce(n.phone, '')), '') is not null or nullif(pg_catalog.btrim(coalesce(n.mobile_phone, '')), '') is not null),
             n.do_not_call, n.call_consent)::private.analytics_contact_fact)
    into added
    from new_rows n where n.deleted_at is null;
  elsif tg_op = 'DELETE' then
    -- Only users that still exist: the cascade of a user's deletion deletes their contacts after
    -- their rollup rows may have gone, and must not write new ones (0237).
    select pg_catalog.array_agg(row(o.user_id, o.platform, o.crm_created_at, o.created_at, o.lifecycle_stage, o.lead_status,
             coalesce(o.phone_e164, o.mobile_phone_e164),
             (nullif(pg_catalog.btrim(coalesce(o.phone, '')), '') is not null or nullif(pg_catalog.btrim(coalesce(o.mobile_phone, '')), '') is not null),
             o.do_not_call, o.call_consent)::private.analytics_contact_fact)
    into removed
    from old_rows o
    where o.deleted_at is null and exists (select 1 from auth.users u where u.id = o.user_id);
  else
    -- Most sync updates change none of the counted facts (a name, a job title): those move nothing.
    with changed as (
      select o.deleted_at is null as was_live, n.deleted_at is null as is_live,
             row(o.user_id, o.platform, o.crm_created_at, o.created_at, o.lifecycle_stage, o.lead_status,
                 coalesce(o.phone_e164, o.mobile_phone_e164),
                 (nullif(pg_catalog.btrim(coalesce(o.phone, '')), '') is not null or nullif(pg_catalog.btrim(coalesce(o.mobile_phone, '')), '') is not null),
                 o.do_not_call, o.call_consent)::private.analytics_contact_fact as old_fact,
             row(n.user_id, n.platform, n.crm_created_at, n.created_at, n.lifecycle_stage, n.lead_status,
                 coalesce(n.phone_e164, n.mobile_phone_e164),
                 (nullif(pg_catalog.btrim(coalesce(n.phone, '')), '') is not null or nullif(pg_catalog.btrim(coalesce(n.mobile_phone, '')), '') is not null),
                 n.do_not_call, n.call_consent)::private.analytics_contact_fact as new_fact
      from old_rows o join new_rows n on n.id = o.id
      where o.deleted_at is null or n.deleted_at is null
    )
    select pg_catalog.array_agg(c.old_fact) filter (where c.was_live), pg_catalog.array_agg(c.new_fact) filter (where c.is_live)
    into removed, added
    from changed c
    where c.was_live is distinct from c.is_live or c.old_fact is distinct from c.new_fact;
  end if;
  if removed is not null or added is not null then
    perform private.apply_contact_changes(coalesce(removed, '{}'), coalesce(added, '{}'));
  end if;
  return null;
end;
$$;

comment on function private.roll_up_contacts() is
  'Statement triggers on crm_contacts: keep the contact analytics rollups in step with the live contacts a statement changed.';
revoke all on function private.roll_up_contacts() from public;

create or replace trigger crm_contacts_roll_up_inserts
  after insert on public.crm_contacts
  referencing new table as new_rows
  for each statement execute function private.roll_up_contacts();
create or replace trigger crm_contacts_roll_up_updates
  after update on public.crm_contacts
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.roll_up_contacts();
create or replace trigger crm_contacts_roll_up_deletes
  after delete on public.crm_contacts
  referencing old table as old_rows
  for each statement execute function private.roll_up_contacts();
create or replace trigger crm_contacts_roll_up_truncates
  after truncate on public.crm_contacts
  for each statement execute function private.roll_up_contacts();

-- Recounts one user's rollups from their contacts: the backfill below, and the repair should a
-- rollup ever be found off (the tests compare it with a recount). The lock keeps the writers of
-- crm_contacts out while it counts, so that no statement's change is counted twice or lost.
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
  -- A CRM's month of first syncs at a time keeps the array (and the memory it takes) small.
  for facts in
    select pg_catalog.array_agg(row(c.user_id, c.platform, c.crm_created_at, c.created_at, c.lifecycle_stage, c.lead_status,
             coalesce(c.phone_e164, c.mobile_phone_e164),
             (nullif(pg_catalog.btrim(coalesce(c.phone, '')), '') is not null or nullif(pg_catalog.btrim(coalesce(c.mobile_phone, '')), '') is not null),
             c.do_not_call, c.call_consent)::private.analytics_contact_fact)
    from public.crm_contacts c
    where c.user_id = target_user and c.deleted_at is null
    group by c.platform, pg_catalog.date_bin('30 days', c.created_at, '2000-01-01 00:00:00+00'::timestamptz)
  loop
    perform private.apply_contact_changes('{}', facts);
  end loop;
end;
$$;

comment on function private.rebuild_contact_rollups(uuid) is
  'Recounts a user''s contact analytics rollups from their live contacts.';
revoke all on function private.rebuild_contact_rollups(uuid) from public;

-- Backfill: the contacts already there, counted once (a migration that runs again finds the
-- rollups filled and leaves them).
do $$
declare
  target_user uuid;
begin
  if not exists (select 1 from public.analytics_contact_stages) then
    for target_user in select u.id from auth.users u where exists (select 1 from public.crm_contacts c where c.user_id = u.id) loop
      perform private.rebuild_contact_rollups(target_user);
    end loop;
  end if;
end
$$;
