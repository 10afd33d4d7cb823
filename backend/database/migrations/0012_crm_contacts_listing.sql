-- What listing, searching and counting a user's contacts (GET /api/v1/crm/contacts) needs
-- beyond 0005: phone search by digits, keyset orders and duplicate lookups that row-level
-- security lets the planner use, and contact counts that cost nothing to read at 200k contacts.
--
-- Why plain columns and not 0005's expression indexes: under RLS the planner evaluates the
-- policy before any condition built on a function that is not LEAKPROOF, so such a condition
-- can never be an index condition. lower(), LIKE and pg_trgm's operators are not leakproof
-- (and only a superuser, which Supabase's postgres role is not, can declare one). A keyset
-- condition on lower(last_name) would then walk the index from the start on every page, and
-- an email probe on lower(email) would read all of a user's rows. Comparisons of plain text,
-- uuid and timestamptz columns are leakproof, so keys stored in generated columns seek.

-- Keyset sort keys. Names sort as search matches them, case- and accent-free, so Ångström
-- files under A whatever the database's collation; null-free (coalesced to '') so a
-- (last, first, id) row comparison never meets a null. "Recently updated" puts contacts
-- without a CRM date last.
alter table public.crm_contacts
  add column if not exists sort_last_name text
    generated always as (private.normalize_search_text(coalesce(last_name, ''))) stored,
  add column if not exists sort_first_name text
    generated always as (private.normalize_search_text(coalesce(first_name, ''))) stored,
  add column if not exists sort_updated_at timestamptz
    generated always as (coalesce(crm_updated_at, '-infinity'::timestamptz)) stored,
  add column if not exists email_key text generated always as (lower(email)) stored;

-- Phone search by digits: "+1 (415) 555" must find "(415) 555-0134" stored as "+14155550134".
-- Every phone as its bare digits, space-separated so that a term never spans two numbers.
alter table public.crm_contacts add column if not exists phone_digits text generated always as (
  pg_catalog.regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g') || ' ' ||
  pg_catalog.regexp_replace(coalesce(mobile_phone, ''), '[^0-9]', '', 'g') || ' ' ||
  coalesce(pg_catalog.substr(phone_e164, 2), '') || ' ' ||
  coalesce(pg_catalog.substr(mobile_phone_e164, 2), '')
) stored;

comment on column public.crm_contacts.sort_last_name is 'Generated keyset key: normalised last name, empty when none.';
comment on column public.crm_contacts.sort_first_name is 'Generated keyset key: normalised first name, empty when none.';
comment on column public.crm_contacts.sort_updated_at is 'Generated keyset key: crm_updated_at, -infinity when none.';
comment on column public.crm_contacts.email_key is 'Generated: lower-cased email, for cross-platform duplicate lookups.';
comment on column public.crm_contacts.phone_digits is
  'Generated: the digits of phone, mobile_phone and their E.164 forms, for digit-only phone search.';

-- Search is per user, and a trigram index over everyone's contacts makes a common term fetch
-- every user's matches to keep one user's. btree_gin lets one GIN index hold user_id next to
-- the trigrams, so a scan reads only that user's posting lists. It takes over 0005's index
-- name: GIN uses any subset of its columns, so a term-only query is served as before.
create extension if not exists btree_gin with schema extensions;

do $$
declare
  trgm_schema text := (
    select n.nspname from pg_catalog.pg_extension e
    join pg_catalog.pg_namespace n on n.oid = e.extnamespace
    where e.extname = 'pg_trgm'
  );
begin
  -- 0005's single-column index: replaced once, left alone on a re-run.
  if exists (select 1 from pg_catalog.pg_indexes where schemaname = 'public'
             and indexname = 'crm_contacts_search_text_trgm_idx' and indexdef not like '%user_id%') then
    drop index public.crm_contacts_search_text_trgm_idx;
  end if;
  execute format(
    'create index if not exists crm_contacts_search_text_trgm_idx on public.crm_contacts
       using gin (user_id, search_text %I.gin_trgm_ops)',
    trgm_schema
  );
  execute format(
    'create index if not exists crm_contacts_phone_digits_trgm_idx on public.crm_contacts
       using gin (user_id, phone_digits %I.gin_trgm_ops)',
    trgm_schema
  );
end
$$;

-- The keyset indexes on the columns above replace 0005's expression indexes.
drop index if exists public.crm_contacts_user_platform_name_idx;
drop index if exists public.crm_contacts_user_name_idx;
drop index if exists public.crm_contacts_user_crm_updated_idx;
create index if not exists crm_contacts_user_sort_name_idx on public.crm_contacts
  (user_id, sort_last_name, sort_first_name, id);
create index if not exists crm_contacts_user_platform_sort_name_idx on public.crm_contacts
  (user_id, platform, sort_last_name, sort_first_name, id);
-- Newest first, id descending for ties, so the keyset stays one row comparison.
create index if not exists crm_contacts_user_sort_updated_idx on public.crm_contacts
  (user_id, sort_updated_at desc, id desc);
create index if not exists crm_contacts_user_platform_sort_updated_idx on public.crm_contacts
  (user_id, platform, sort_updated_at desc, id desc);

-- Duplicate groups: "does another platform hold this email / this number?" per listed row.
-- Partial (live rows that have the key) keeps them small; platform last so a probe can skip
-- the row's own platform inside the index.
create index if not exists crm_contacts_user_email_key_idx on public.crm_contacts
  (user_id, email_key, platform) where deleted_at is null and email_key is not null;
create index if not exists crm_contacts_user_phone_e164_idx on public.crm_contacts
  (user_id, phone_e164, platform) where deleted_at is null and phone_e164 is not null;
create index if not exists crm_contacts_user_mobile_e164_idx on public.crm_contacts
  (user_id, mobile_phone_e164, platform) where deleted_at is null and mobile_phone_e164 is not null;

-- Search. The trigram indexes can serve LIKE only outside RLS (see the top), so the match
-- runs in a security definer function that names the caller itself with (select auth.uid()),
-- the policies' own test. It returns ids and sort keys only: callers join a page's ids back
-- to crm_contacts, where RLS applies again. `term` comes LIKE-escaped; `digits` is null
-- unless the term is phone-like. At most `max_rows` matches, in no particular order.
create or replace function private.match_crm_contacts(term text, digits text, max_rows integer)
  returns table (id uuid, platform text, deleted_at timestamptz, phone_e164 text, mobile_phone_e164 text,
                 sort_last_name text, sort_first_name text, sort_updated_at timestamptz)
  language sql
  stable
  security definer
  set search_path = ''
  rows 1000
as $$
  select c.id, c.platform, c.deleted_at, c.phone_e164, c.mobile_phone_e164,
         c.sort_last_name, c.sort_first_name, c.sort_updated_at
  from public.crm_contacts c
  where c.user_id = (select auth.uid())
    -- Sub-selects are computed once; a bare call would be re-run on every row rechecked.
    and (c.search_text like (select '%' || private.normalize_search_text(term) || '%')
         or c.phone_digits like (select '%' || digits || '%'))
  limit max_rows
$$;

comment on function private.match_crm_contacts(text, text, integer) is
  'Contacts of auth.uid() whose search_text contains term (LIKE-escaped) or whose phone digits contain digits.';

-- The planner's row estimate for the same match: the count of a term too broad to count.
-- Volatile only because Postgres allows EXPLAIN nowhere else; it reads and writes nothing.
create or replace function private.estimate_crm_contact_matches(term text, digits text)
  returns bigint
  language plpgsql
  volatile
  security definer
  set search_path = ''
as $$
declare
  plan json;
begin
  execute format(
    'explain (format json) select 1 from public.crm_contacts c where c.user_id = %L::uuid
       and (c.search_text like ''%%'' || private.normalize_search_text(%L) || ''%%''
            or c.phone_digits like ''%%'' || %L || ''%%'')',
    auth.uid(), term, digits
  ) into plan;
  return (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
end;
$$;

comment on function private.estimate_crm_contact_matches(text, text) is
  'The planner''s estimate of how many contacts of auth.uid() private.match_crm_contacts would return.';

revoke all on function private.match_crm_contacts(text, text, integer) from public;
revoke all on function private.estimate_crm_contact_matches(text, text) from public;
grant execute on function private.match_crm_contacts(text, text, integer) to authenticated, service_role;
grant execute on function private.estimate_crm_contact_matches(text, text) to authenticated, service_role;

-- Counting 200k rows on every page request costs more than the page itself, so counts are
-- kept per (user, platform, deleted, callable) by statement-level triggers: one aggregate per
-- sync page upsert, not one update per row. Reads sum at most eight rows per user.
create table if not exists public.crm_contact_counts (
  user_id uuid not null,
  platform text not null,
  is_deleted boolean not null,
  is_callable boolean not null,
  -- Only drift could make it negative; a check would turn that into failing deletes.
  contact_count bigint not null,
  -- No foreign key to auth.users: deleting a user cascades to crm_contacts, whose trigger
  -- then settles these rows; a key would make that order matter.
  primary key (user_id, platform, is_deleted, is_callable)
);

comment on table public.crm_contact_counts is
  'Derived: crm_contacts counted per user, platform, deleted and callable; kept by triggers on crm_contacts.';

alter table public.crm_contact_counts enable row level security;

-- Read-only for the API roles; only the trigger function (security definer) writes.
drop policy if exists crm_contact_counts_select_own on public.crm_contact_counts;
create policy crm_contact_counts_select_own on public.crm_contact_counts
  for select to authenticated
  using ((select auth.uid()) = user_id);

revoke all on table public.crm_contact_counts from anon, authenticated, service_role;
grant select on table public.crm_contact_counts to authenticated, service_role;

-- Settles the counts with the net change of one statement. Rows of a key whose count falls
-- to zero stay (at most eight per user), so a settle is one upsert ordered by key: two
-- statements touching the same keys take the row locks in the same order.
create or replace function private.count_crm_contacts()
  returns trigger
  language plpgsql
  security definer
  set search_path = ''
as $$
begin
  if tg_op = 'TRUNCATE' then
    delete from public.crm_contact_counts;
    return null;
  end if;
  -- A trigger sees only the transition tables its event declares; plpgsql plans a statement
  -- when it first runs it, so a branch not taken never names a missing one.
  if tg_op = 'INSERT' then
    insert into public.crm_contact_counts as c (user_id, platform, is_deleted, is_callable, contact_count)
    select user_id, platform, deleted_at is not null, (phone_e164 is not null or mobile_phone_e164 is not null), count(*)
    from new_rows group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (user_id, platform, is_deleted, is_callable)
      do update set contact_count = c.contact_count + excluded.contact_count;
  elsif tg_op = 'DELETE' then
    insert into public.crm_contact_counts as c (user_id, platform, is_deleted, is_callable, contact_count)
    select user_id, platform, deleted_at is not null, (phone_e164 is not null or mobile_phone_e164 is not null), -count(*)
    from old_rows group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (user_id, platform, is_deleted, is_callable)
      do update set contact_count = c.contact_count + excluded.contact_count;
  else
    -- Most sync updates change neither flag: their deltas cancel and nothing is written.
    insert into public.crm_contact_counts as c (user_id, platform, is_deleted, is_callable, contact_count)
    select user_id, platform, is_deleted, is_callable, sum(delta)
    from (
      select user_id, platform, deleted_at is not null as is_deleted,
             (phone_e164 is not null or mobile_phone_e164 is not null) as is_callable, 1 as delta
      from new_rows
      union all
      select user_id, platform, deleted_at is not null, (phone_e164 is not null or mobile_phone_e164 is not null), -1
      from old_rows
    ) changes
    group by 1, 2, 3, 4 having sum(delta) <> 0 order by 1, 2, 3, 4
    on conflict (user_id, platform, is_deleted, is_callable)
      do update set contact_count = c.contact_count + excluded.contact_count;
  end if;
  return null;
end;
$$;

comment on function private.count_crm_contacts() is
  'Statement trigger on crm_contacts: applies the net change of each statement to crm_contact_counts.';
revoke all on function private.count_crm_contacts() from public;

-- Transition tables allow one event per trigger, hence three (and one for truncate).
create or replace trigger crm_contacts_count_inserts
  after insert on public.crm_contacts
  referencing new table as new_rows
  for each statement execute function private.count_crm_contacts();
create or replace trigger crm_contacts_count_updates
  after update on public.crm_contacts
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.count_crm_contacts();
create or replace trigger crm_contacts_count_deletes
  after delete on public.crm_contacts
  referencing old table as old_rows
  for each statement execute function private.count_crm_contacts();
create or replace trigger crm_contacts_count_truncates
  after truncate on public.crm_contacts
  for each statement execute function private.count_crm_contacts();

-- Count what is already there. Re-running this file recounts from scratch, which changes
-- nothing when the triggers have kept up. The lock keeps writers out while it counts (inside
-- a DO block so that psql -f of this file alone, outside a transaction, may take it too).
do $$
begin
  lock table public.crm_contacts in share mode;
  insert into public.crm_contact_counts as c (user_id, platform, is_deleted, is_callable, contact_count)
  select user_id, platform, deleted_at is not null, (phone_e164 is not null or mobile_phone_e164 is not null), count(*)
  from public.crm_contacts group by 1, 2, 3, 4
  on conflict (user_id, platform, is_deleted, is_callable) do update set contact_count = excluded.contact_count;
  update public.crm_contact_counts c set contact_count = 0
  where contact_count <> 0 and not exists (
    select 1 from public.crm_contacts k
    where k.user_id = c.user_id and k.platform = c.platform and (k.deleted_at is not null) = c.is_deleted
      and (k.phone_e164 is not null or k.mobile_phone_e164 is not null) = c.is_callable
  );
end
$$;
