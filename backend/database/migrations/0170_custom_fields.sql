-- Custom fields (issue 15): each connection's cached field catalogue, the user's mapping of CRM
-- fields onto custom keys and standard VoiceAgent fields, and the typed values on every contact.

-- Values on the contact. custom_fields holds mapped custom fields by key, typed (strings, numbers,
-- booleans, arrays of strings); field_issues names the keys whose CRM value did not fit the
-- field's type (the value is kept raw in custom_fields). The standard fields are columns: the
-- calling rules read do_not_call and time_zone for every lease.
alter table public.crm_contacts
  add column if not exists custom_fields jsonb not null default '{}'::jsonb,
  add column if not exists field_issues jsonb not null default '{}'::jsonb,
  add column if not exists time_zone text,
  add column if not exists preferred_language text,
  add column if not exists do_not_call boolean,
  add column if not exists call_consent boolean,
  add column if not exists preferred_call_time text,
  add column if not exists account_owner text;

comment on column public.crm_contacts.custom_fields is 'Mapped custom fields by key (crm_field_mappings.target_key), typed by the mapping.';
comment on column public.crm_contacts.field_issues is 'Mapped keys whose CRM value did not fit the type: key → what was wrong. The raw value is in custom_fields.';

-- Containment filters (custom_fields @> '{"plan":"gold"}') and key existence for the contacts list.
create index if not exists crm_contacts_custom_fields_idx on public.crm_contacts using gin (custom_fields jsonb_path_ops);
-- The mapping screen counts values that did not fit per key: only the few contacts with an issue are read.
create index if not exists crm_contacts_field_issues_idx on public.crm_contacts (user_id, platform)
  where field_issues <> '{}'::jsonb and deleted_at is null;

-- The CRM's catalogue as last read: one row per connection, the fields as the contract's TCrmField[].
create table if not exists public.crm_field_catalogues (
  user_id uuid not null references auth.users (id) on delete cascade,
  platform text not null check (platform in ('hubspot', 'zoho', 'salesforce')),
  fields jsonb not null check (jsonb_typeof(fields) = 'array'),
  refreshed_at timestamptz not null default now(),
  primary key (user_id, platform)
);

comment on table public.crm_field_catalogues is 'Each connection''s CRM field catalogue (contacts and leads), cached; refreshed after connecting and on demand.';

-- The mapping: one row per provider field synced, with the catalogue's label, type and options
-- kept beside it so that contacts show values by label without reading the catalogue.
create table if not exists public.crm_field_mappings (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  platform text not null check (platform in ('hubspot', 'zoho', 'salesforce')),
  object_type text not null check (object_type in ('contact', 'lead')),
  field_name text not null check (length(field_name) between 1 and 255),
  target_kind text not null check (target_kind in ('custom', 'standard')),
  target_key text not null check (length(target_key) between 1 and 63),
  label text not null,
  field_type text not null check (field_type in ('string', 'number', 'boolean', 'date', 'datetime', 'enumeration', 'multi_select', 'phone', 'email')),
  options jsonb not null default '[]'::jsonb check (jsonb_typeof(options) = 'array'),
  -- broken: the catalogue no longer has the field; syncs leave it out until it comes back or is unmapped.
  status text not null default 'ok' check (status in ('ok', 'broken')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint crm_field_mappings_field_key unique (user_id, platform, object_type, field_name),
  constraint crm_field_mappings_target_key unique (user_id, platform, object_type, target_kind, target_key)
);

comment on table public.crm_field_mappings is 'Which CRM fields a connection syncs and where each goes: a custom key, or a standard VoiceAgent field.';

-- Whether the user has saved a mapping (null: the CRM's defaults, applied when the catalogue is first read).
alter table public.user_crm_credentials add column if not exists field_mappings_saved_at timestamptz;
alter table public.user_crm_credentials add column if not exists field_defaults_applied_at timestamptz;

alter table public.crm_field_catalogues enable row level security;
alter table public.crm_field_catalogues force row level security;
alter table public.crm_field_mappings enable row level security;
alter table public.crm_field_mappings force row level security;

-- Users read their own; the server writes both (withService, naming the user): a mapping's label,
-- type and status come from the catalogue, which a user must not be able to forge (0110's rule).
drop policy if exists crm_field_catalogues_select_own on public.crm_field_catalogues;
create policy crm_field_catalogues_select_own on public.crm_field_catalogues
  for select to authenticated
  using ((select auth.uid()) = user_id);

drop policy if exists crm_field_mappings_select_own on public.crm_field_mappings;
create policy crm_field_mappings_select_own on public.crm_field_mappings
  for select to authenticated
  using ((select auth.uid()) = user_id);

revoke all on table public.crm_field_catalogues from anon, authenticated;
revoke all on table public.crm_field_mappings from anon, authenticated;
grant select on table public.crm_field_catalogues to authenticated;
grant select on table public.crm_field_mappings to authenticated;
grant select, insert, update, delete on table public.crm_field_catalogues to service_role;
grant select, insert, update, delete on table public.crm_field_mappings to service_role;

-- A backfill: a run that reads only the fields whose mapping changed, over every contact, and
-- writes only those values. It may wait beside a regular run of the connection (their jobs share
-- the connection's singleton key, so they take turns, never write at once), so the one-active-run
-- rule of 0007 leaves backfills out, and they have one of their own.
alter table public.sync_runs drop constraint if exists sync_runs_kind_check;
alter table public.sync_runs add constraint sync_runs_kind_check check (kind in ('full', 'incremental', 'backfill'));
alter table public.sync_runs add column if not exists backfill_targets text[];
comment on column public.sync_runs.backfill_targets is
  'Backfills: the mapping targets that changed (custom:<key>, standard:<field>): their values are cleared, and refilled where still mapped.';

drop index if exists public.sync_runs_one_active_per_connection_idx;
create unique index if not exists sync_runs_one_active_per_connection_idx
  on public.sync_runs (user_id, platform)
  where status in ('queued', 'running') and kind <> 'backfill';
create unique index if not exists sync_runs_one_active_backfill_per_connection_idx
  on public.sync_runs (user_id, platform)
  where status in ('queued', 'running') and kind = 'backfill';
