-- Write-back in batches: the results waiting for one connection (user and platform) are the
-- queue itself. A job per connection takes up to a batch of the due ones, writes them in one
-- request, and records a verdict per result; a result that failed alone waits for its own retry
-- time instead of a job of its own. RLS and grants of the table (0040) cover the new columns.

-- The platform a result is written back to, copied from its campaign contact (which never
-- changes platform): the queue's key, without a join per row.
alter table public.campaign_call_results add column if not exists platform text;
update public.campaign_call_results r
set platform = cc.platform
from public.campaign_contacts cc
where r.platform is null and cc.id = r.campaign_contact_id and cc.user_id = r.user_id;
alter table public.campaign_call_results alter column platform set not null;

-- When a result that failed may be tried again (null: at once).
alter table public.campaign_call_results add column if not exists writeback_next_at timestamptz;
-- Failed attempts since the result was queued or re-driven; past the retry limit it is given up.
alter table public.campaign_call_results add column if not exists writeback_failures integer not null default 0;
-- An attempt sent the call and heard no verdict (a timeout, a lost answer, a dead worker): the
-- CRM may hold it, so the next attempt looks for it before logging it again.
alter table public.campaign_call_results add column if not exists writeback_unsure boolean not null default false;
-- The job holding the result's current attempt, so a job that dies is answered for its own results.
alter table public.campaign_call_results add column if not exists writeback_holder uuid;

alter table public.campaign_call_results drop constraint if exists campaign_call_results_writeback_failures_check;
alter table public.campaign_call_results add constraint campaign_call_results_writeback_failures_check check (writeback_failures >= 0);

comment on column public.campaign_call_results.platform is 'The CRM the call is written back to: the campaign contact''s platform.';
comment on column public.campaign_call_results.writeback_next_at is 'Not tried again before this time (backoff after a failed attempt); null: due now.';
comment on column public.campaign_call_results.writeback_failures is 'Failed write-back attempts since queued or re-driven.';
comment on column public.campaign_call_results.writeback_unsure is 'An attempt sent the call without hearing a verdict: look for it at the CRM before logging it again.';
comment on column public.campaign_call_results.writeback_holder is 'The write-back job that holds the current attempt.';

-- A connection's waiting results, oldest first: what a write-back job takes a batch from.
create index if not exists campaign_call_results_waiting_idx on public.campaign_call_results (user_id, platform, created_at)
  where writeback_status in ('pending', 'retrying');
-- What a dead job held.
create index if not exists campaign_call_results_holder_idx on public.campaign_call_results (writeback_holder)
  where writeback_holder is not null and writeback_status in ('pending', 'retrying');
