-- Campaigns run: the snapshot they start with (0009, 0010) gets what the campaign API needs,
-- and every call the calling service reports is kept in campaign_call_results, one row per
-- call id, with the state of writing it back to the contact's CRM.

-- The campaigns list shows each campaign's contact count; a snapshot never changes after the
-- campaign is created, so the count is written once, with the snapshot (as agents do, 0020).
alter table public.campaigns
  add column if not exists contact_count integer not null default 0 check (contact_count >= 0);
comment on column public.campaigns.contact_count is
  'Rows of campaign_contacts for this campaign; written with the snapshot, which never changes after.';

-- Newest first, the id breaking ties in the same direction: one row comparison per keyset page.
create index if not exists campaigns_user_created_id_desc_idx on public.campaigns (user_id, created_at desc, id desc);
create index if not exists campaigns_agent_created_id_desc_idx on public.campaigns (agent_id, user_id, created_at desc, id desc);

-- A call reaches voicemail often enough to count apart; write-back waits between attempts.
alter table public.campaign_contacts drop constraint if exists campaign_contacts_call_status_check;
alter table public.campaign_contacts add constraint campaign_contacts_call_status_check
  check (call_status in ('pending', 'queued', 'calling', 'completed', 'voicemail', 'failed', 'no_answer', 'busy', 'skipped'));
alter table public.campaign_contacts drop constraint if exists campaign_contacts_writeback_status_check;
alter table public.campaign_contacts add constraint campaign_contacts_writeback_status_check
  check (writeback_status in ('pending', 'retrying', 'succeeded', 'failed', 'skipped'));

-- The contact row mirrors its latest call (by start time): which result that is, and that
-- call's id at the calling service.
alter table public.campaign_contacts add column if not exists last_result_id uuid;
alter table public.campaign_contacts add column if not exists last_call_id text;
-- Name order for paging a campaign's contacts, a plain column so the keyset stays an index condition.
alter table public.campaign_contacts add column if not exists sort_name text
  generated always as (private.normalize_search_text(coalesce(name, ''))) stored;

comment on column public.campaign_contacts.last_result_id is 'The campaign_call_results row this contact''s call columns mirror: its latest call.';

-- Target of the results' foreign key: a result can only name a contact of its own campaign and owner.
-- Added only when missing: once the results reference it, it cannot be dropped and re-added.
do $$
begin
  if not exists (select 1 from pg_constraint where conname = 'campaign_contacts_id_campaign_user_key'
                 and conrelid = 'public.campaign_contacts'::regclass) then
    alter table public.campaign_contacts add constraint campaign_contacts_id_campaign_user_key unique (id, campaign_id, user_id);
  end if;
end
$$;

create index if not exists campaign_contacts_campaign_sort_name_idx on public.campaign_contacts (campaign_id, sort_name, id);

-- One row per call the calling service reported. The unique call id makes a report posted
-- twice one row, hence one write-back.
create table if not exists public.campaign_call_results (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  campaign_id uuid not null,
  campaign_contact_id uuid not null,
  call_id text not null check (length(call_id) between 1 and 200),
  status text not null check (status in ('completed', 'voicemail', 'no_answer', 'busy', 'failed')),
  outcome text,
  started_at timestamptz not null,
  duration_sec integer not null check (duration_sec >= 0),
  summary text not null default '',
  recording_url text,
  -- Write-back: pending (queued) → retrying (an attempt failed, pg-boss retries with backoff)
  -- → succeeded (crm_call_id stored) or failed (retries spent, or the CRM refused for good).
  writeback_status text not null default 'pending'
    check (writeback_status in ('pending', 'retrying', 'succeeded', 'failed')),
  crm_call_id text,
  writeback_attempts integer not null default 0 check (writeback_attempts >= 0),
  writeback_error_code text,
  writeback_error text,
  -- While a worker talks to the CRM: another worker taking the same result waits it out.
  writeback_lease_until timestamptz,
  written_back_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint campaign_call_results_campaign_fkey foreign key (campaign_id, user_id)
    references public.campaigns (id, user_id) on delete cascade,
  constraint campaign_call_results_contact_fkey foreign key (campaign_contact_id, campaign_id, user_id)
    references public.campaign_contacts (id, campaign_id, user_id) on delete cascade,
  constraint campaign_call_results_user_call_key unique (user_id, call_id),
  constraint campaign_call_results_written_back_check check ((writeback_status = 'succeeded') = (crm_call_id is not null))
);

comment on table public.campaign_call_results is
  'Calls the calling service reported for campaign contacts (one per call id), and their write-back to the CRM.';

create or replace trigger campaign_call_results_set_updated_at
  before update on public.campaign_call_results
  for each row execute function private.set_updated_at();

create index if not exists campaign_call_results_contact_idx
  on public.campaign_call_results (campaign_contact_id, campaign_id, user_id);
create index if not exists campaign_call_results_campaign_idx on public.campaign_call_results (campaign_id, writeback_status);
-- The sweeper looks for write-backs whose job may be lost.
create index if not exists campaign_call_results_unfinished_idx on public.campaign_call_results (updated_at)
  where writeback_status in ('pending', 'retrying');

alter table public.campaign_call_results enable row level security;

drop policy if exists campaign_call_results_select_own on public.campaign_call_results;
create policy campaign_call_results_select_own on public.campaign_call_results
  for select to authenticated
  using ((select auth.uid()) = user_id);

drop policy if exists campaign_call_results_insert_own on public.campaign_call_results;
create policy campaign_call_results_insert_own on public.campaign_call_results
  for insert to authenticated
  with check ((select auth.uid()) = user_id);

drop policy if exists campaign_call_results_update_own on public.campaign_call_results;
create policy campaign_call_results_update_own on public.campaign_call_results
  for update to authenticated
  using ((select auth.uid()) = user_id)
  with check ((select auth.uid()) = user_id);

drop policy if exists campaign_call_results_delete_own on public.campaign_call_results;
create policy campaign_call_results_delete_own on public.campaign_call_results
  for delete to authenticated
  using ((select auth.uid()) = user_id);

revoke all on table public.campaign_call_results from anon;
grant select, insert, update, delete on table public.campaign_call_results to authenticated, service_role;
