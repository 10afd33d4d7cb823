-- The contacts an agent calls: a snapshot taken when they were selected. The synced contact
-- may change or vanish later (an edit in the CRM, a deletion, a disconnect); the agent keeps
-- calling the person as they were picked, so every field it needs is copied here.
create table if not exists public.agent_contacts (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  agent_id uuid not null,
  crm_contact_id uuid,
  platform text not null check (platform in ('hubspot', 'zoho')),
  external_id text not null,
  first_name text,
  last_name text,
  full_name text,
  email text,
  -- Only callable contacts are taken: the number the agent dials (phone, else mobile).
  phone_e164 text not null check (phone_e164 ~ '^\+[1-9][0-9]{1,14}$'),
  company text,
  -- Keyset keys of the name order, as crm_contacts has them (0012): plain columns, so that a
  -- keyset condition stays an index condition under RLS.
  sort_last_name text generated always as (private.normalize_search_text(coalesce(last_name, ''))) stored,
  sort_first_name text generated always as (private.normalize_search_text(coalesce(first_name, ''))) stored,
  created_at timestamptz not null default now(),
  -- With its owner: a snapshot can only belong to its owner's agent (foreign key checks bypass RLS).
  constraint agent_contacts_agent_fkey foreign key (agent_id, user_id)
    references public.agents (id, user_id) on delete cascade,
  -- The snapshot outlives the synced contact: deleting it only clears the link (PG 15+).
  constraint agent_contacts_crm_contact_fkey foreign key (crm_contact_id, user_id)
    references public.crm_contacts (id, user_id) on delete set null (crm_contact_id),
  -- A contact is taken into an agent once (links cleared by a deletion are null, hence distinct).
  constraint agent_contacts_agent_contact_key unique (agent_id, crm_contact_id)
);

comment on table public.agent_contacts is
  'Agent contacts: a snapshot of each callable contact taken when the agent was created.';
comment on column public.agent_contacts.crm_contact_id is
  'The synced contact the snapshot was taken from; null once that contact is deleted.';
comment on column public.agent_contacts.phone_e164 is 'The number to dial, E.164: the phone, else the mobile.';

-- Paging an agent's contacts by name; the unique key above serves lookups and counts by agent.
create index if not exists agent_contacts_agent_sort_name_idx on public.agent_contacts
  (agent_id, sort_last_name, sort_first_name, id);
-- Deleting a user, and clearing links when synced contacts are deleted, look rows up by these.
create index if not exists agent_contacts_user_id_idx on public.agent_contacts (user_id);
create index if not exists agent_contacts_crm_contact_idx on public.agent_contacts (crm_contact_id, user_id);

alter table public.agent_contacts enable row level security;

drop policy if exists agent_contacts_select_own on public.agent_contacts;
create policy agent_contacts_select_own on public.agent_contacts
  for select to authenticated
  using ((select auth.uid()) = user_id);

drop policy if exists agent_contacts_insert_own on public.agent_contacts;
create policy agent_contacts_insert_own on public.agent_contacts
  for insert to authenticated
  with check ((select auth.uid()) = user_id);

drop policy if exists agent_contacts_delete_own on public.agent_contacts;
create policy agent_contacts_delete_own on public.agent_contacts
  for delete to authenticated
  using ((select auth.uid()) = user_id);

-- A snapshot is never edited: no update policy or grant (the foreign key's set null runs as
-- the table owner).
revoke all on table public.agent_contacts from anon;
grant select, insert, delete on table public.agent_contacts to authenticated, service_role;

-- The agents list shows each agent's contact count. Counting up to AGENT_CONTACTS_MAX rows per
-- listed agent on every page costs far more than the page; a snapshot never changes after the
-- agent is created, so the count is written once, in the same transaction as the snapshot.
alter table public.agents
  add column if not exists contact_count integer not null default 0 check (contact_count >= 0);

comment on column public.agents.contact_count is
  'Rows of agent_contacts for this agent; written with the snapshot, which never changes after.';

-- The agents list pages newest first with the id breaking ties in the same direction, so that
-- its keyset stays one row comparison that this index serves.
create index if not exists agents_user_created_id_desc_idx on public.agents (user_id, created_at desc, id desc);
