-- Issue 18's last item: a suppressed number written back to the CRMs' do-not-call field, when the
-- user asks for it. The write-back is an ordinary bulk update (0190: a `crm_update` job, a row per
-- CRM record); its rows name the suppression they came from, so a suppression's write-back state
-- is read from those rows (pending, succeeded, failed) and never kept twice. Tables keep their RLS
-- (enabled and forced, policies on user_id) and grants from 0190, 0210 and 0225: users read these
-- columns, only the server writes them.

alter table public.user_settings add column if not exists suppression_write_back boolean not null default false;
comment on column public.user_settings.suppression_write_back is
  'Whether a newly suppressed number is written to the do-not-call field of the user''s contacts with that number in each connected CRM (default off).';

alter table public.suppressions add column if not exists crm_write_back_at timestamptz;
comment on column public.suppressions.crm_write_back_at is
  'When the write-back to the CRMs was asked for (the setting was on as the number was added); null: the setting was off.';

alter table public.bulk_job_items add column if not exists suppression_id uuid references public.suppressions (id) on delete set null;
comment on column public.bulk_job_items.suppression_id is
  'The suppression whose number this row writes back as do-not-call; null for every other bulk operation.';

-- A suppression's write-back state: its rows, read per page of the list.
create index if not exists bulk_job_items_suppression_idx on public.bulk_job_items (suppression_id) where suppression_id is not null;
