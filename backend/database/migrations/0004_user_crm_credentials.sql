-- One CRM connection per user and platform: the OAuth tokens (encrypted by the app before
-- they reach the database), the account they belong to, and the connection's health.
create table if not exists public.user_crm_credentials (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  platform text not null check (platform in ('hubspot', 'zoho')),
  -- Ciphertext produced by the app (credentials/); the key never reaches the database.
  access_token_encrypted text,
  refresh_token_encrypted text,
  token_expires_at timestamptz,
  scopes text[] not null default '{}',
  -- HubSpot portal id / Zoho organisation id, and where Zoho keeps that account.
  external_account_id text,
  account_name text,
  data_centre text,
  api_domain text,
  status text not null default 'connected'
    check (status in ('connected', 'needs_reauth', 'error')),
  last_error_code text,
  last_error_message text,
  last_synced_at timestamptz,
  last_full_sync_at timestamptz,
  is_sandbox boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint user_crm_credentials_user_platform_key unique (user_id, platform)
);

comment on table public.user_crm_credentials is
  'A user''s connection to one CRM platform: encrypted OAuth tokens, account identity, status.';
comment on column public.user_crm_credentials.access_token_encrypted is
  'Ciphertext made by the backend; never plaintext.';

create or replace trigger user_crm_credentials_set_updated_at
  before update on public.user_crm_credentials
  for each row execute function private.set_updated_at();

-- The unique (user_id, platform) index serves the policies' user_id lookups.
alter table public.user_crm_credentials enable row level security;

drop policy if exists user_crm_credentials_select_own on public.user_crm_credentials;
create policy user_crm_credentials_select_own on public.user_crm_credentials
  for select to authenticated
  using ((select auth.uid()) = user_id);

drop policy if exists user_crm_credentials_insert_own on public.user_crm_credentials;
create policy user_crm_credentials_insert_own on public.user_crm_credentials
  for insert to authenticated
  with check ((select auth.uid()) = user_id);

drop policy if exists user_crm_credentials_update_own on public.user_crm_credentials;
create policy user_crm_credentials_update_own on public.user_crm_credentials
  for update to authenticated
  using ((select auth.uid()) = user_id)
  with check ((select auth.uid()) = user_id);

drop policy if exists user_crm_credentials_delete_own on public.user_crm_credentials;
create policy user_crm_credentials_delete_own on public.user_crm_credentials
  for delete to authenticated
  using ((select auth.uid()) = user_id);

-- Supabase's default privileges hand anon every new public table; anon has no business here.
revoke all on table public.user_crm_credentials from anon;
grant select, insert, update, delete on table public.user_crm_credentials
  to authenticated, service_role;
