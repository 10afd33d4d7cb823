-- A calling campaign: one agent calling a selected set of contacts.
create table if not exists public.campaigns (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  agent_id uuid not null,
  name text not null check (length(btrim(name)) > 0),
  status text not null default 'draft'
    check (status in ('draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled')),
  started_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint campaigns_agent_fkey foreign key (agent_id, user_id)
    references public.agents (id, user_id) on delete cascade,
  constraint campaigns_id_user_id_key unique (id, user_id)
);

comment on table public.campaigns is 'Calling campaigns: an agent, a status, and (in campaign_contacts) its contacts.';

create or replace trigger campaigns_set_updated_at
  before update on public.campaigns
  for each row execute function private.set_updated_at();

create index if not exists campaigns_user_created_idx on public.campaigns (user_id, created_at desc, id);
create index if not exists campaigns_agent_idx on public.campaigns (agent_id, user_id);

alter table public.campaigns enable row level security;

drop policy if exists campaigns_select_own on public.campaigns;
create policy campaigns_select_own on public.campaigns
  for select to authenticated
  using ((select auth.uid()) = user_id);

drop policy if exists campaigns_insert_own on public.campaigns;
create policy campaigns_insert_own on public.campaigns
  for insert to authenticated
  with check ((select auth.uid()) = user_id);

drop policy if exists campaigns_update_own on public.campaigns;
create policy campaigns_update_own on public.campaigns
  for update to authenticated
  using ((select auth.uid()) = user_id)
  with check ((select auth.uid()) = user_id);

drop policy if exists campaigns_delete_own on public.campaigns;
create policy campaigns_delete_own on public.campaigns
  for delete to authenticated
  using ((select auth.uid()) = user_id);

revoke all on table public.campaigns from anon;
grant select, insert, update, delete on table public.campaigns to authenticated, service_role;
