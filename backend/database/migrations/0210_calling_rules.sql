-- Calling rules and the call queue (issue 18): a per-user suppression list, each contact's time
-- zone from its number, each campaign's calling window, attempts and retry delays, and per
-- campaign contact the state the lease queue works on.

-- 1. Zones Postgres knows, by lower-cased name. A zone from a CRM field or from the number is used
-- only when it is listed here: `at time zone` with an unknown name would fail the whole lease
-- statement. Refreshed at every start, so a Postgres with newer tzdata adds its zones.
create table if not exists private.known_time_zones (
  lower_name text primary key,
  name text not null
);
insert into private.known_time_zones (lower_name, name)
  select distinct on (lower(name)) lower(name), name from pg_timezone_names order by lower(name), name
  on conflict (lower_name) do update set name = excluded.name;
revoke all on table private.known_time_zones from public, anon, authenticated;
grant select on table private.known_time_zones to service_role;

-- 2. The zone of each contact's number (libphonenumber's mapping, written by the upsert every
-- sync, webhook and create goes through). 'pending': written before 0210 and not derived yet (the
-- campaigns module derives them at start); 'unknown': no number, or a number spanning zones.
-- The mapped CRM field (time_zone, 0170) wins over it at lease time.
alter table public.crm_contacts
  add column if not exists number_time_zone text,
  add column if not exists number_time_zone_state text not null default 'pending';
alter table public.crm_contacts drop constraint if exists crm_contacts_number_time_zone_state_check;
alter table public.crm_contacts add constraint crm_contacts_number_time_zone_state_check
  check (number_time_zone_state in ('pending', 'derived', 'unknown'));
comment on column public.crm_contacts.number_time_zone is 'IANA zone of the dialled number (country, and area code where a country has several); null when unknown.';
create index if not exists crm_contacts_number_time_zone_pending_idx on public.crm_contacts (id)
  where number_time_zone_state = 'pending';

-- 3. Campaign rules, in the contact's local time. Days are ISO weekdays (1 = Monday); an end of
-- 24:00 is the whole day (Postgres's time allows it). retry_after: outcome → ISO-8601 duration.
alter table public.campaigns
  add column if not exists calling_days smallint[] not null default '{1,2,3,4,5}',
  add column if not exists window_start time not null default '09:00',
  add column if not exists window_end time not null default '20:00',
  add column if not exists excluded_dates date[] not null default '{}',
  add column if not exists unknown_time_zone_mode text not null default 'skip',
  add column if not exists fallback_time_zone text,
  add column if not exists starts_on date,
  add column if not exists ends_on date,
  add column if not exists max_attempts integer not null default 3,
  add column if not exists retry_after jsonb not null default '{"no_answer":"PT4H","voicemail":"P1D","busy":"PT30M","failed":"PT1H"}'::jsonb;
alter table public.campaigns drop constraint if exists campaigns_calling_rules_check;
alter table public.campaigns add constraint campaigns_calling_rules_check check (
  window_start < window_end
  and cardinality(calling_days) between 1 and 7 and calling_days <@ '{1,2,3,4,5,6,7}'::smallint[]
  and (unknown_time_zone_mode = 'skip' or (unknown_time_zone_mode = 'fallback' and fallback_time_zone is not null))
  and (starts_on is null or ends_on is null or starts_on <= ends_on)
  and max_attempts between 1 and 20
  and jsonb_typeof(retry_after) = 'object'
);

-- 4. Queue state of each campaign contact. next_attempt_at is "not before": a retry's time, and
-- while leased the lease's expiry, so the "callable now" scan is one index range that skips
-- leased and waiting rows alike; an expired lease is simply due again.
alter table public.campaign_contacts
  add column if not exists attempts integer not null default 0,
  add column if not exists next_attempt_at timestamptz not null default '-infinity',
  add column if not exists last_outcome text,
  add column if not exists is_final boolean not null default false,
  add column if not exists lease_id uuid,
  add column if not exists lease_holder text,
  add column if not exists lease_expires_at timestamptz;
alter table public.campaign_contacts drop constraint if exists campaign_contacts_attempts_check;
alter table public.campaign_contacts add constraint campaign_contacts_attempts_check check (attempts >= 0);

create index if not exists campaign_contacts_queue_idx on public.campaign_contacts (campaign_id, next_attempt_at, id)
  where not is_final;
create unique index if not exists campaign_contacts_lease_idx on public.campaign_contacts (lease_id) where lease_id is not null;

-- 5. The suppression list: numbers a user never calls again, whatever the CRM or campaign.
create table if not exists public.suppressions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  phone_e164 text not null check (phone_e164 ~ '^\+[1-9][0-9]{1,14}$'),
  reason text check (reason is null or length(reason) <= 500),
  source text not null check (source in ('contact', 'call_result', 'api', 'csv')),
  created_at timestamptz not null default now(),
  constraint suppressions_user_phone_key unique (user_id, phone_e164)
);

comment on table public.suppressions is 'Per user, numbers never to be called (by E.164), from any CRM or campaign.';

-- The unique key serves the lease's "not suppressed" probe; this one the newest-first list.
create index if not exists suppressions_user_created_idx on public.suppressions (user_id, created_at desc, id desc);

alter table public.suppressions enable row level security;
alter table public.suppressions force row level security;

drop policy if exists suppressions_select_own on public.suppressions;
create policy suppressions_select_own on public.suppressions
  for select to authenticated
  using ((select auth.uid()) = user_id);

drop policy if exists suppressions_delete_own on public.suppressions;
create policy suppressions_delete_own on public.suppressions
  for delete to authenticated
  using ((select auth.uid()) = user_id);

-- Inserts are the server's (0110's rule): it normalises the number and records the source, which
-- a user writing directly could forge ('call_result'). Deleting one's own entry is what the API
-- allows a user anyway.
revoke all on table public.suppressions from anon, authenticated;
grant select, delete on table public.suppressions to authenticated;
grant select, insert, update, delete on table public.suppressions to service_role;
