-- CSV imports on the bulk-job tables (0190): an upload becomes a bulk_jobs row of kind 'import'
-- in status 'mapping' (waiting for its column mapping) and one bulk_job_items row per data row,
-- holding the row's cells as the file had them. Postgres is the store every API and worker
-- process shares, so any of them can preview, start or run an upload another one received.
-- Starting an import queues it; a worker creates the contacts and records each row's CRM id.

alter table public.bulk_jobs drop constraint if exists bulk_jobs_status_check;
alter table public.bulk_jobs add constraint bulk_jobs_status_check
  check (status in ('mapping', 'queued', 'running', 'succeeded', 'partially_failed', 'failed', 'cancelled'));

comment on column public.bulk_jobs.status is
  'mapping: an import uploaded and waiting for its column mapping (nothing is sent); queued, running, then an end state.';

-- An import's row has no CRM id until the CRM has created it.
alter table public.bulk_job_items alter column external_id drop not null;
alter table public.bulk_job_items add column if not exists row_number integer check (row_number >= 1);
alter table public.bulk_job_items add column if not exists cells jsonb check (cells is null or jsonb_typeof(cells) = 'array');
alter table public.bulk_job_items add column if not exists dedupe_key text check (length(dedupe_key) <= 320);

comment on column public.bulk_job_items.row_number is
  'An import''s data row, counted from 1 after the header: what the report names.';
comment on column public.bulk_job_items.cells is
  'An import''s row as uploaded (the cells as text, in column order); mapped when its batch is sent.';
comment on column public.bulk_job_items.dedupe_key is
  'An imported row''s identity at its CRM (email, else phone in E.164): a row whose key an earlier import already created is not sent again. Set on a pending row just before it is sent: a pending row with a key was in a request whose answer was never saved.';

-- The rows of earlier imports that created a contact, by key: what a re-run of a file (or a resumed job) looks up.
create index if not exists bulk_job_items_import_key_idx on public.bulk_job_items (user_id, platform, dedupe_key)
  where dedupe_key is not null and status in ('succeeded', 'skipped');
-- An import's rows in file order: the preview and the report.
create index if not exists bulk_job_items_row_idx on public.bulk_job_items (job_id, row_number) where row_number is not null;
