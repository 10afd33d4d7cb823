-- The local, searchable copy of every contact a user's CRMs hold. Sync upserts pages of it
-- on (user_id, platform, external_id); contacts deleted in the CRM keep a deleted_at.

-- Supabase keeps extensions in schema `extensions`; do the same on plain Postgres. Where an
-- extension is already installed elsewhere, `if not exists` leaves it there, so everything
-- below looks up the schema it actually lives in.
create schema if not exists extensions;
create extension if not exists pg_trgm with schema extensions;
create extension if not exists unaccent with schema extensions;

-- Search runs as the API roles and calls into these extensions; Supabase grants them the
-- extensions schema already, plain Postgres needs it granted.
do $$
declare
  extension_schema text;
  r text;
begin
  for extension_schema in
    select distinct n.nspname from pg_catalog.pg_extension e
    join pg_catalog.pg_namespace n on n.oid = e.extnamespace
    where e.extname in ('pg_trgm', 'unaccent')
  loop
    foreach r in array array['anon', 'authenticated', 'service_role'] loop
      if not has_schema_privilege(r, extension_schema, 'usage') then
        execute format('grant usage on schema %I to %I', extension_schema, r);
      end if;
    end loop;
  end loop;
end
$$;

-- Search is accent- and case-insensitive: 'Zoë' is found by 'zoe'. unaccent() is only
-- stable (its dictionary could change), so generated columns and indexes need this
-- immutable wrapper naming the dictionary explicitly. Queries normalise the search term with
-- the same function: `search_text like '%' || private.normalize_search_text($1) || '%'`.
do $$
declare
  unaccent_schema text := (
    select n.nspname from pg_catalog.pg_extension e
    join pg_catalog.pg_namespace n on n.oid = e.extnamespace
    where e.extname = 'unaccent'
  );
begin
  execute format(
    $fn$
      create or replace function private.normalize_search_text(value text)
        returns text
        language sql
        immutable
        parallel safe
        set search_path = ''
      as $body$
        select pg_catalog.lower(%1$I.unaccent('%1$I.unaccent'::regdictionary, value))
      $body$
    $fn$,
    unaccent_schema
  );
end
$$;

comment on function private.normalize_search_text(text) is
  'Lower-cased, accent-free text for contact search; use it on both the column and the term.';

create table if not exists public.crm_contacts (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  platform text not null check (platform in ('hubspot', 'zoho')),
  external_id text not null,
  first_name text,
  last_name text,
  email text,
  -- As the CRM gives them, and normalised to E.164 (null when not callable).
  phone text,
  phone_e164 text check (phone_e164 ~ '^\+[1-9][0-9]{1,14}$'),
  mobile_phone text,
  mobile_phone_e164 text check (mobile_phone_e164 ~ '^\+[1-9][0-9]{1,14}$'),
  company text,
  job_title text,
  lifecycle_stage text,
  lead_status text,
  owner_id text,
  raw_properties jsonb not null default '{}',
  crm_created_at timestamptz,
  crm_updated_at timestamptz,
  synced_at timestamptz not null default now(),
  deleted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  search_text text generated always as (
    private.normalize_search_text(
      coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' ||
      coalesce(email, '') || ' ' || coalesce(company, '') || ' ' ||
      coalesce(job_title, '') || ' ' ||
      coalesce(phone, '') || ' ' || coalesce(phone_e164, '') || ' ' ||
      coalesce(mobile_phone, '') || ' ' || coalesce(mobile_phone_e164, '')
    )
  ) stored,
  constraint crm_contacts_user_platform_external_id_key unique (user_id, platform, external_id),
  -- Lets campaign_contacts reference a contact together with its owner, so a row can never
  -- point at another user's contact (foreign key checks bypass RLS).
  constraint crm_contacts_id_user_id_key unique (id, user_id)
);

comment on table public.crm_contacts is
  'Contacts synced from a user''s CRMs (one row per CRM record), searchable and paged by keyset.';
comment on column public.crm_contacts.search_text is
  'Generated: private.normalize_search_text of names, email, company, title and phones.';

create or replace trigger crm_contacts_set_updated_at
  before update on public.crm_contacts
  for each row execute function private.set_updated_at();

-- Keyset paging. Names sort null-free (coalesce to '') so a (name, id) cursor comparison
-- never meets a null; queries must order by exactly these expressions to use the indexes.
create index if not exists crm_contacts_user_platform_name_idx on public.crm_contacts
  (user_id, platform, lower(coalesce(last_name, '')), lower(coalesce(first_name, '')), id);
create index if not exists crm_contacts_user_name_idx on public.crm_contacts
  (user_id, lower(coalesce(last_name, '')), lower(coalesce(first_name, '')), id);
create index if not exists crm_contacts_user_crm_updated_idx on public.crm_contacts
  (user_id, crm_updated_at desc, id);

-- Trigram index for substring search (LIKE '%term%'); the operator class is looked up in
-- whichever schema pg_trgm lives in (extensions on Supabase and here).
do $$
declare
  trgm_schema text := (
    select n.nspname from pg_catalog.pg_extension e
    join pg_catalog.pg_namespace n on n.oid = e.extnamespace
    where e.extname = 'pg_trgm'
  );
begin
  execute format(
    'create index if not exists crm_contacts_search_text_trgm_idx on public.crm_contacts
       using gin (search_text %I.gin_trgm_ops)',
    trgm_schema
  );
end
$$;

-- The unique (user_id, platform, external_id) index serves the policies' user_id lookups.
alter table public.crm_contacts enable row level security;

drop policy if exists crm_contacts_select_own on public.crm_contacts;
create policy crm_contacts_select_own on public.crm_contacts
  for select to authenticated
  using ((select auth.uid()) = user_id);

drop policy if exists crm_contacts_insert_own on public.crm_contacts;
create policy crm_contacts_insert_own on public.crm_contacts
  for insert to authenticated
  with check ((select auth.uid()) = user_id);

drop policy if exists crm_contacts_update_own on public.crm_contacts;
create policy crm_contacts_update_own on public.crm_contacts
  for update to authenticated
  using ((select auth.uid()) = user_id)
  with check ((select auth.uid()) = user_id);

drop policy if exists crm_contacts_delete_own on public.crm_contacts;
create policy crm_contacts_delete_own on public.crm_contacts
  for delete to authenticated
  using ((select auth.uid()) = user_id);

revoke all on table public.crm_contacts from anon;
grant select, insert, update, delete on table public.crm_contacts to authenticated, service_role;

-- Request-path queries normalise search terms with the helper above.
grant usage on schema private to authenticated, service_role;
revoke all on function private.normalize_search_text(text) from public;
grant execute on function private.normalize_search_text(text) to authenticated, service_role;
