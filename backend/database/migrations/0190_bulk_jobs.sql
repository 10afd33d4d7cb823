-- Bulk jobs: work over many contacts that runs on the job queue with progress, cancel and a result
-- per row. One table for every kind (a CRM field update now, an archive in the CRM, later a CSV
-- import), one for its rows. Users read their own; only the server writes (the 0110 rule): a
-- user must not mark rows done, un-cancel a job or forge counts through the Data API.

create table if not exists public.bulk_jobs (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  kind text not null check (kind in ('crm_update', 'crm_archive', 'import')),
  status text not null default 'queued'
    check (status in ('queued', 'running', 'succeeded', 'partially_failed', 'failed', 'cancelled')),
  total_count integer not null default 0 check (total_count >= 0),
  succeeded_count integer not null default 0 check (succeeded_count >= 0),
  failed_count integer not null default 0 check (failed_count >= 0),
  skipped_count integer not null default 0 check (skipped_count >= 0),
  -- What the job does (the fields and values per CRM); ids and values, never a secret.
  params jsonb not null default '{}'::jsonb check (jsonb_typeof(params) = 'object'),
  -- Why the job as a whole failed (its rows carry their own reasons).
  error text check (length(error) <= 2000),
  cancel_requested_at timestamptz,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null default now()
);

comment on table public.bulk_jobs is
  'Bulk operations over contacts (CRM field updates, CRM archives, imports), run as queued jobs with per-row results.';
comment on column public.bulk_jobs.cancel_requested_at is
  'Set by a cancel: the job stops before its next batch and skips the rows it had not sent.';

create table if not exists public.bulk_job_items (
  id bigint generated always as identity primary key,
  job_id uuid not null references public.bulk_jobs (id) on delete cascade,
  -- The job's owner again, so the policy needs no join.
  user_id uuid not null references auth.users (id) on delete cascade,
  -- The contact as it was selected; null once it is gone here (the row keeps its CRM id).
  contact_id uuid references public.crm_contacts (id) on delete set null,
  platform text not null check (platform in ('hubspot', 'zoho', 'salesforce')),
  object_type text not null default 'contact' check (object_type in ('contact', 'lead')),
  external_id text not null,
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed', 'skipped')),
  error_code text check (length(error_code) <= 64),
  error text check (length(error) <= 2000),
  updated_at timestamptz not null default now()
);

comment on table public.bulk_job_items is
  'One row per contact of a bulk job: pending until its batch is answered, then succeeded, failed (with the CRM''s reason) or skipped (cancelled).';

-- A user's jobs, newest first.
create index if not exists bulk_jobs_user_created_idx on public.bulk_jobs (user_id, created_at desc, id desc);
-- What a job still has to send, per CRM and object, in order: a batch is the first N of these.
create index if not exists bulk_job_items_pending_idx on public.bulk_job_items (job_id, platform, object_type, id)
  where status = 'pending';
-- The per-row results, failed first or one status.
create index if not exists bulk_job_items_job_status_idx on public.bulk_job_items (job_id, status, id);
-- The policy's lookups and the cascade from auth.users.
create index if not exists bulk_job_items_user_idx on public.bulk_job_items (user_id);
create index if not exists bulk_job_items_contact_idx on public.bulk_job_items (contact_id) where contact_id is not null;

alter table public.bulk_jobs enable row level security;
alter table public.bulk_jobs force row level security;
alter table public.bulk_job_items enable row level security;
alter table public.bulk_job_items force row level security;

drop policy if exists bulk_jobs_select_own on public.bulk_jobs;
create policy bulk_jobs_select_own on public.bulk_jobs
  for select to authenticated
  using ((select auth.uid()) = user_id);

drop policy if exists bulk_job_items_select_own on public.bulk_job_items;
create policy bulk_job_items_select_own on public.bulk_job_items
  for select to authenticated
  using ((select auth.uid()) = user_id);

revoke all on table public.bulk_jobs from anon, authenticated;
grant select on table public.bulk_jobs to authenticated;
grant select, insert, update, delete on table public.bulk_jobs to service_role;

revoke all on table public.bulk_job_items from anon, authenticated;
grant select on table public.bulk_job_items to authenticated;
grant select, insert, update, delete on table public.bulk_job_items to service_role;

-- The activity log records a bulk job's end beside its start.
alter table public.audit_events drop constraint if exists audit_events_kind_check;
alter table public.audit_events add constraint audit_events_kind_check check (kind in (
  'sign_in', 'crm_connected', 'crm_reconnected', 'crm_disconnected', 'crm_token_refresh_failed',
  'crm_needs_reauth', 'service_token_used', 'agent_created', 'campaign_started',
  'bulk_operation_started', 'bulk_operation_finished', 'export_started'
));
