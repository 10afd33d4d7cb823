-- Near-real-time sync of CRMs that push nothing (Salesforce): a short-interval check per
-- connection that costs one request when nothing changed. Written by the server only (the poll
-- job): 0110 grants users no update on these columns, and the table keeps its RLS (enabled and
-- forced, policies on user_id) from 0004 and 0110.
alter table public.user_crm_credentials add column if not exists change_poll_due_at timestamptz;
alter table public.user_crm_credentials add column if not exists change_poll_mark text;

comment on column public.user_crm_credentials.change_poll_due_at is
  'When the change poll may next check this connection (null: at once); claimed by moving it on, so one process polls it.';
comment on column public.user_crm_credentials.change_poll_mark is
  'The CRM''s own time of the newest change the poll has seen (Salesforce SystemModstamp, ISO 8601); the next poll asks for changes after it.';

-- Each tick claims the connections that are due, per platform.
create index if not exists user_crm_credentials_change_poll_idx
  on public.user_crm_credentials (platform, change_poll_due_at)
  where status = 'connected';
