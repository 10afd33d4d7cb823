-- What the sync engine (backend/src/crm/sync) keeps beyond 0004 and 0007: where the next
-- incremental sync starts, the phone region of each connection, what a run has seen so far,
-- and which contacts a full run saw (so that a full resync can tell which ones the CRM lost).

-- The next incremental sync asks for changes at or after this provider time. It is the
-- latest crm_updated_at / deleted_at a finished run saw (capped, see sync-watermark.ts), never
-- our clock: a provider clock behind ours would otherwise make changes fall between two runs.
alter table public.user_crm_credentials add column if not exists sync_watermark timestamptz;

-- Numbers written without a country code ("(415) 555-0134", "030 1234567") are read in the
-- contact's own country first, then in this region, then in SYNC_DEFAULT_PHONE_REGION.
alter table public.user_crm_credentials add column if not exists default_phone_region text;
do $$
begin
  if not exists (select 1 from pg_catalog.pg_constraint where conname = 'user_crm_credentials_default_phone_region_check') then
    alter table public.user_crm_credentials add constraint user_crm_credentials_default_phone_region_check
      check (default_phone_region ~ '^[A-Z]{2}$');
  end if;
end
$$;

comment on column public.user_crm_credentials.sync_watermark is
  'Provider time the next incremental sync starts from (inclusive); null until a sync saw a dated record.';
comment on column public.user_crm_credentials.default_phone_region is
  'ISO 3166-1 alpha-2 region for national-format numbers of this connection; null: the server default.';

-- A run fixes its starting point when it is queued, so a resumed run asks for the same changes,
-- and carries the latest provider time it has seen so far, so a resumed run keeps it.
alter table public.sync_runs add column if not exists since timestamptz;
alter table public.sync_runs add column if not exists max_seen_at timestamptz;

comment on column public.sync_runs.since is 'Incremental runs: changes at or after this provider time were asked for.';
comment on column public.sync_runs.max_seen_at is 'The latest crm_updated_at / deleted_at the run has seen so far.';

-- The run history, newest first, for one user across platforms (the per-platform index is 0007's).
create index if not exists sync_runs_user_queued_idx on public.sync_runs (user_id, queued_at desc, id desc);

-- The scheduler looks for runs that stopped moving.
create index if not exists sync_runs_active_updated_idx on public.sync_runs (updated_at)
  where status in ('queued', 'running');

-- External ids a full run has seen, page by page, in the page's own transaction. When the run
-- ends, live contacts of the connection it did not see are gone from the CRM (merged away, or
-- deleted longer ago than the provider remembers) and get a deleted_at. The rows go with the run.
create table if not exists public.sync_run_seen (
  run_id uuid not null references public.sync_runs (id) on delete cascade,
  external_id text not null,
  primary key (run_id, external_id)
);

comment on table public.sync_run_seen is
  'Scratch for full sync runs: the external ids seen so far; emptied when the run ends.';

-- Only background jobs (service_role) touch it: RLS on with no policy shuts the API roles out.
alter table public.sync_run_seen enable row level security;
revoke all on table public.sync_run_seen from anon, authenticated;
grant select, insert, update, delete on table public.sync_run_seen to service_role;
