-- CRM lists as segments (issue 16): a segment of kind 'crm_list' mirrors one list of a CRM (a
-- HubSpot list, a Zoho custom view, a Salesforce list view). Its members are stored, replaced
-- whole after every sync of that connection and on demand, so that counts, contacts, agents and
-- campaigns read them like any other selection.
alter table public.segments add column if not exists platform text;
alter table public.segments add column if not exists external_list_id text;
alter table public.segments add column if not exists list_refreshed_at timestamptz;
-- Why the last refresh failed (the list was deleted in the CRM, the connection lacks a scope); null when it worked.
alter table public.segments add column if not exists list_problem text;

alter table public.segments drop constraint if exists segments_kind_check;
alter table public.segments add constraint segments_kind_check check (kind in ('filter', 'crm_list'));

alter table public.segments drop constraint if exists segments_crm_list_source_check;
alter table public.segments add constraint segments_crm_list_source_check check (
  (kind = 'crm_list') = (platform is not null and external_list_id is not null)
  and (external_list_id is null or length(external_list_id) between 1 and 200)
);

comment on column public.segments.platform is 'kind crm_list: the CRM the list lives in.';
comment on column public.segments.external_list_id is 'kind crm_list: the CRM''s id of the list (HubSpot listId, Zoho cvid, Salesforce list view id).';
comment on column public.segments.list_refreshed_at is 'kind crm_list: when its members were last replaced from the CRM.';

-- One segment per CRM list and user: importing it again is a 409. Refreshes after a sync find them by connection.
create unique index if not exists segments_user_crm_list_key
  on public.segments (user_id, platform, external_list_id) where kind = 'crm_list';

create table if not exists public.crm_list_members (
  segment_id uuid not null,
  contact_id uuid not null references public.crm_contacts (id) on delete cascade,
  -- The owner again, so that the policy needs no join and the foreign key keeps both sides one user's.
  user_id uuid not null,
  primary key (segment_id, contact_id),
  constraint crm_list_members_segment_fkey foreign key (segment_id, user_id)
    references public.segments (id, user_id) on delete cascade
);

comment on table public.crm_list_members is 'Members of crm_list segments as of their last refresh; written by the server only.';

-- The cascade from crm_contacts, and "is this contact in that list" from the contact's side.
create index if not exists crm_list_members_contact_idx on public.crm_list_members (contact_id);
-- The cascade from auth.users through segments, and the policy.
create index if not exists crm_list_members_user_idx on public.crm_list_members (user_id);

alter table public.crm_list_members enable row level security;
alter table public.crm_list_members force row level security;

drop policy if exists crm_list_members_select_own on public.crm_list_members;
create policy crm_list_members_select_own on public.crm_list_members
  for select to authenticated
  using ((select auth.uid()) = user_id);

-- Users read their lists' members (counts and contacts run under their RLS); the server alone writes them.
revoke all on table public.crm_list_members from anon, authenticated;
grant select on table public.crm_list_members to authenticated;
grant select, insert, update, delete on table public.crm_list_members to service_role;
