-- OAuth `state` values in flight: issued when a user starts connecting a CRM, consumed once
-- by the callback. Only a hash is stored, so a leaked table cannot complete anyone's flow.
create table if not exists public.oauth_states (
  state_hash text primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  platform text not null check (platform in ('hubspot', 'zoho')),
  -- PKCE verifier where the provider supports it.
  code_verifier text,
  -- Where the dashboard wants the user back after the callback.
  redirect_to text,
  expires_at timestamptz not null,
  consumed_at timestamptz,
  created_at timestamptz not null default now()
);

comment on table public.oauth_states is
  'Single-use OAuth state values (hashed) with their PKCE verifier and redirect target.';

create index if not exists oauth_states_user_id_idx on public.oauth_states (user_id);
-- Lets a periodic clean-up delete expired states without a full scan.
create index if not exists oauth_states_expires_at_idx on public.oauth_states (expires_at);

alter table public.oauth_states enable row level security;

drop policy if exists oauth_states_select_own on public.oauth_states;
create policy oauth_states_select_own on public.oauth_states
  for select to authenticated
  using ((select auth.uid()) = user_id);

drop policy if exists oauth_states_insert_own on public.oauth_states;
create policy oauth_states_insert_own on public.oauth_states
  for insert to authenticated
  with check ((select auth.uid()) = user_id);

drop policy if exists oauth_states_update_own on public.oauth_states;
create policy oauth_states_update_own on public.oauth_states
  for update to authenticated
  using ((select auth.uid()) = user_id)
  with check ((select auth.uid()) = user_id);

drop policy if exists oauth_states_delete_own on public.oauth_states;
create policy oauth_states_delete_own on public.oauth_states
  for delete to authenticated
  using ((select auth.uid()) = user_id);

revoke all on table public.oauth_states from anon;
grant select, insert, update, delete on table public.oauth_states to authenticated, service_role;
