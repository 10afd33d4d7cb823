-- Analytics (issue 19): the user's time zone, which the dashboard's buckets start in, and the
-- indexes the analytics' range scans need (each figure reads one user's rows in a time range).

create table if not exists public.user_settings (
  user_id uuid primary key references auth.users (id) on delete cascade,
  -- An IANA name the server checked (and Postgres knows: analytics use it in `at time zone`).
  time_zone text check (time_zone is null or length(time_zone) between 1 and 64),
  updated_at timestamptz not null default now()
);

comment on table public.user_settings is 'Per user preferences; a user without a row has the defaults (time zone: none, analytics in UTC).';
comment on column public.user_settings.time_zone is 'IANA zone the analytics dashboard buckets in; null: not chosen.';

alter table public.user_settings enable row level security;
alter table public.user_settings force row level security;

drop policy if exists user_settings_select_own on public.user_settings;
create policy user_settings_select_own on public.user_settings
  for select to authenticated
  using ((select auth.uid()) = user_id);

drop policy if exists user_settings_service_all on public.user_settings;
create policy user_settings_service_all on public.user_settings
  for all to service_role using (true) with check (true);

-- The user reads; the server writes (PATCH /me/settings checks the zone first).
revoke all on table public.user_settings from anon, authenticated;
grant select on table public.user_settings to authenticated;
grant select, insert, update, delete on table public.user_settings to service_role;

-- Range scans per user: contacts by the CRM's creation and by their first sync here, calls by
-- their start, runs by their end, webhook events by arrival.
create index if not exists crm_contacts_user_crm_created_idx on public.crm_contacts (user_id, crm_created_at);
create index if not exists crm_contacts_user_created_idx on public.crm_contacts (user_id, created_at);
create index if not exists campaign_call_results_user_started_idx on public.campaign_call_results (user_id, started_at);
create index if not exists sync_runs_user_finished_idx on public.sync_runs (user_id, finished_at);
create index if not exists webhook_events_user_received_idx on public.webhook_events (user_id, received_at);
