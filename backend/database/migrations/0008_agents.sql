-- Voice agents a user creates; the contacts they call come from campaigns.
create table if not exists public.agents (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  name text not null check (length(btrim(name)) > 0),
  voice text,
  greeting text,
  instructions text,
  contact_source text not null default 'crm' check (contact_source in ('crm', 'manual')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Target of campaigns' (agent_id, user_id) foreign key: a campaign can only use its
  -- owner's agent (foreign key checks bypass RLS).
  constraint agents_id_user_id_key unique (id, user_id)
);

comment on table public.agents is 'Voice agents: name, voice, greeting, instructions, contact source.';

create or replace trigger agents_set_updated_at
  before update on public.agents
  for each row execute function private.set_updated_at();

create index if not exists agents_user_created_idx on public.agents (user_id, created_at desc, id);

alter table public.agents enable row level security;

drop policy if exists agents_select_own on public.agents;
create policy agents_select_own on public.agents
  for select to authenticated
  using ((select auth.uid()) = user_id);

drop policy if exists agents_insert_own on public.agents;
create policy agents_insert_own on public.agents
  for insert to authenticated
  with check ((select auth.uid()) = user_id);

drop policy if exists agents_update_own on public.agents;
create policy agents_update_own on public.agents
  for update to authenticated
  using ((select auth.uid()) = user_id)
  with check ((select auth.uid()) = user_id);

drop policy if exists agents_delete_own on public.agents;
create policy agents_delete_own on public.agents
  for delete to authenticated
  using ((select auth.uid()) = user_id);

revoke all on table public.agents from anon;
grant select, insert, update, delete on table public.agents to authenticated, service_role;
