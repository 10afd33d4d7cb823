-- One row per sync of one connection: the source of progress bars and sync history. The
-- cursor is saved with every page, so a killed worker resumes where it stopped.
create table if not exists public.sync_runs (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  platform text not null check (platform in ('hubspot', 'zoho')),
  kind text not null check (kind in ('full', 'incremental')),
  status text not null default 'queued'
    check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  fetched integer not null default 0,
  created integer not null default 0,
  updated integer not null default 0,
  deleted integer not null default 0,
  unchanged integer not null default 0,
  failed integer not null default 0,
  pages_done integer not null default 0,
  -- What the provider says the total is, when it says (drives the progress bar's length).
  estimated_total integer,
  cursor jsonb,
  error_code text,
  error_message text,
  queued_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  -- Bumped with every page: a running sync whose updated_at stops moving has lost its worker.
  updated_at timestamptz not null default now()
);

comment on table public.sync_runs is
  'Sync runs per connection (full or incremental): status, counts, cursor and errors.';

create or replace trigger sync_runs_set_updated_at
  before update on public.sync_runs
  for each row execute function private.set_updated_at();

create index if not exists sync_runs_user_platform_queued_idx
  on public.sync_runs (user_id, platform, queued_at desc);

-- Never two syncs of one connection at once: a second queued/running run is refused here,
-- whatever the job queue does.
create unique index if not exists sync_runs_one_active_per_connection_idx
  on public.sync_runs (user_id, platform)
  where status in ('queued', 'running');

alter table public.sync_runs enable row level security;

drop policy if exists sync_runs_select_own on public.sync_runs;
create policy sync_runs_select_own on public.sync_runs
  for select to authenticated
  using ((select auth.uid()) = user_id);

drop policy if exists sync_runs_insert_own on public.sync_runs;
create policy sync_runs_insert_own on public.sync_runs
  for insert to authenticated
  with check ((select auth.uid()) = user_id);

drop policy if exists sync_runs_update_own on public.sync_runs;
create policy sync_runs_update_own on public.sync_runs
  for update to authenticated
  using ((select auth.uid()) = user_id)
  with check ((select auth.uid()) = user_id);

drop policy if exists sync_runs_delete_own on public.sync_runs;
create policy sync_runs_delete_own on public.sync_runs
  for delete to authenticated
  using ((select auth.uid()) = user_id);

revoke all on table public.sync_runs from anon;
grant select, insert, update, delete on table public.sync_runs to authenticated, service_role;
