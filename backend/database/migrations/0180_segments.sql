-- Segments (issue 16): saved filters of a user's contacts, counted live, and agents whose contacts
-- come from one. A segment's `kind` says how its members are found: 'filter' (a saved
-- ZContactListFilter) now; CRM lists and views mirrored with their memberships come as other kinds.
create table if not exists public.segments (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  kind text not null default 'filter' check (kind in ('filter')),
  name text not null check (length(btrim(name)) between 1 and 120),
  description text not null default '' check (length(description) <= 1000),
  -- The filters of GET /crm/contacts as JSON (platform list, q, callable, objectType, where tree),
  -- checked against the user's fields by the server when saved.
  filter jsonb not null default '{}'::jsonb check (jsonb_typeof(filter) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Target of agents' (segment_id, user_id) reference: an agent can only name its owner's segment.
  constraint segments_id_user_id_key unique (id, user_id)
);

comment on table public.segments is 'Saved contact filters (kind filter); each user names them uniquely, whatever the case.';
comment on column public.segments.filter is 'ZContactListFilter as parsed: platform (array), q, callable, objectType, where (a filter tree).';

create or replace trigger segments_set_updated_at
  before update on public.segments
  for each row execute function private.set_updated_at();

-- The Segments screen: newest first, keyset-paged.
create index if not exists segments_user_created_idx on public.segments (user_id, created_at desc, id desc);
-- One name per user, whatever its case: the 409 of POST and PATCH.
create unique index if not exists segments_user_name_key on public.segments (user_id, lower(name));

alter table public.segments enable row level security;
alter table public.segments force row level security;

drop policy if exists segments_select_own on public.segments;
create policy segments_select_own on public.segments
  for select to authenticated
  using ((select auth.uid()) = user_id);

drop policy if exists segments_update_own on public.segments;
create policy segments_update_own on public.segments
  for update to authenticated
  using ((select auth.uid()) = user_id)
  with check ((select auth.uid()) = user_id);

-- As 0110 sets for agents: a user reads their segments and may edit what they write as such (the
-- name and description); the filter is checked by the server, which creates, changes the filter
-- and deletes (withService, naming the user in every statement).
revoke all on table public.segments from anon, authenticated;
grant select on table public.segments to authenticated;
grant update (name, description) on table public.segments to authenticated;
grant select, insert, update, delete on table public.segments to service_role;

-- An agent made from a segment: its campaigns take the segment's members at their start. Deleting
-- the segment leaves the agent with the snapshot it took (contact_source stays 'segment').
alter table public.agents
  add column if not exists segment_id uuid;

do $$
begin
  if not exists (select 1 from pg_constraint where conname = 'agents_segment_id_fkey' and conrelid = 'public.agents'::regclass) then
    alter table public.agents
      -- With the owner in the key an agent can only name its owner's segment (foreign key checks
      -- bypass RLS); deleting the segment clears segment_id alone (Postgres 15+).
      add constraint agents_segment_id_fkey foreign key (segment_id, user_id)
        references public.segments (id, user_id) on delete set null (segment_id);
  end if;
end $$;

alter table public.agents drop constraint if exists agents_contact_source_check;
alter table public.agents
  add constraint agents_contact_source_check check (contact_source in ('crm', 'manual', 'segment'));

comment on column public.agents.segment_id is 'The segment the agent''s contacts come from (campaigns take its members at their start); null once deleted.';

-- Deleting a segment finds its agents; most agents have none.
create index if not exists agents_segment_idx on public.agents (segment_id) where segment_id is not null;
