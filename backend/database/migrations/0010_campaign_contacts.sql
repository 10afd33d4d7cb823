-- The contacts of a campaign: a snapshot taken when they were selected (the CRM copy may
-- change or vanish later), the call's result, and the state of writing it back to the CRM.
create table if not exists public.campaign_contacts (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  campaign_id uuid not null,
  crm_contact_id uuid,
  platform text not null check (platform in ('hubspot', 'zoho')),
  external_id text not null,
  name text,
  email text,
  company text,
  phone_e164 text check (phone_e164 ~ '^\+[1-9][0-9]{1,14}$'),
  call_status text not null default 'pending'
    check (call_status in ('pending', 'queued', 'calling', 'completed', 'failed', 'no_answer', 'busy', 'skipped')),
  outcome text,
  duration_sec integer check (duration_sec >= 0),
  summary text,
  notes text,
  -- The id of the call (engagement / activity) written back to the CRM.
  crm_call_id text,
  writeback_status text not null default 'pending'
    check (writeback_status in ('pending', 'succeeded', 'failed', 'skipped')),
  writeback_error text,
  called_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint campaign_contacts_campaign_fkey foreign key (campaign_id, user_id)
    references public.campaigns (id, user_id) on delete cascade,
  -- The snapshot outlives the synced contact: deleting it only clears the link (PG 15+).
  constraint campaign_contacts_crm_contact_fkey foreign key (crm_contact_id, user_id)
    references public.crm_contacts (id, user_id) on delete set null (crm_contact_id),
  -- A contact is selected into a campaign once.
  constraint campaign_contacts_campaign_contact_key unique (campaign_id, platform, external_id)
);

comment on table public.campaign_contacts is
  'Campaign contacts: snapshot at selection, call status and outcome, CRM write-back state.';

create or replace trigger campaign_contacts_set_updated_at
  before update on public.campaign_contacts
  for each row execute function private.set_updated_at();

create index if not exists campaign_contacts_user_id_idx on public.campaign_contacts (user_id);
create index if not exists campaign_contacts_crm_contact_idx
  on public.campaign_contacts (crm_contact_id, user_id);

alter table public.campaign_contacts enable row level security;

drop policy if exists campaign_contacts_select_own on public.campaign_contacts;
create policy campaign_contacts_select_own on public.campaign_contacts
  for select to authenticated
  using ((select auth.uid()) = user_id);

drop policy if exists campaign_contacts_insert_own on public.campaign_contacts;
create policy campaign_contacts_insert_own on public.campaign_contacts
  for insert to authenticated
  with check ((select auth.uid()) = user_id);

drop policy if exists campaign_contacts_update_own on public.campaign_contacts;
create policy campaign_contacts_update_own on public.campaign_contacts
  for update to authenticated
  using ((select auth.uid()) = user_id)
  with check ((select auth.uid()) = user_id);

drop policy if exists campaign_contacts_delete_own on public.campaign_contacts;
create policy campaign_contacts_delete_own on public.campaign_contacts
  for delete to authenticated
  using ((select auth.uid()) = user_id);

revoke all on table public.campaign_contacts from anon;
grant select, insert, update, delete on table public.campaign_contacts to authenticated, service_role;
