-- The activity log: what happened to a user's account and who did it (the user, a service
-- acting for them, or the system). Each user reads their own events; only the server writes
-- them (withService), so a user can neither forge nor erase an entry through the Data API.
create table if not exists public.audit_events (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  kind text not null check (kind in (
    'sign_in', 'crm_connected', 'crm_reconnected', 'crm_disconnected', 'crm_token_refresh_failed',
    'crm_needs_reauth', 'service_token_used', 'agent_created', 'campaign_started',
    'bulk_operation_started', 'export_started'
  )),
  outcome text not null check (outcome in ('success', 'failure')),
  platform text check (platform in ('hubspot', 'zoho')),
  actor text not null check (actor in ('user', 'service', 'system')),
  ip text check (length(ip) <= 64),
  -- Ids, counts and codes; never a secret (the service writing it redacts).
  details jsonb not null default '{}'::jsonb check (jsonb_typeof(details) = 'object'),
  occurred_at timestamptz not null default now()
);

comment on table public.audit_events is
  'Activity log per user: sign-ins, CRM connections and token failures, services acting for the user, starts of large work.';

-- The Activity screen: newest first, optionally one kind.
create index if not exists audit_events_user_occurred_idx on public.audit_events (user_id, occurred_at desc, id desc);
create index if not exists audit_events_user_kind_occurred_idx on public.audit_events (user_id, kind, occurred_at desc, id desc);
-- Retention deletes by age across users.
create index if not exists audit_events_occurred_idx on public.audit_events (occurred_at);

alter table public.audit_events enable row level security;
alter table public.audit_events force row level security;

drop policy if exists audit_events_select_own on public.audit_events;
create policy audit_events_select_own on public.audit_events
  for select to authenticated
  using ((select auth.uid()) = user_id);

revoke all on table public.audit_events from anon, authenticated;
grant select on table public.audit_events to authenticated;
grant select, insert, delete on table public.audit_events to service_role;
