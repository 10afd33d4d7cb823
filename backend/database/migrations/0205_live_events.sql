-- Real-time, outbound: what changed for a user, for the browser's stream (GET /api/v1/events).
-- Each change that a screen shows is written here by a trigger in the transaction that made it,
-- with pg_notify('live_events', <user id>): a change rolled back is never written nor announced
-- (Postgres delivers a transaction's notifications at its commit only). The stream reads the rows
-- as the user (role authenticated), so this table's policy is the wall between users, not a
-- `where user_id` in the code. Payloads are small: ids, counts and statuses, never a name, an
-- email or a phone number. Rows live an hour (a retention job deletes older ones): long enough
-- for a browser to resume with Last-Event-ID after a reconnect, short enough to stay small.
--
-- Producers, one place each:
--   sync_runs        row trigger: a run queued, each page's counts, its end (the progress bar);
--   bulk_jobs        row trigger: a job's status and counts;
--   campaign_call_results  statement trigger: results reported and write-backs settled, one event per campaign;
--   crm_contacts     statement triggers with transition tables: one event per statement, user and
--                    platform with the changed contacts' ids (at most 500, else only the count).

create table if not exists public.live_events (
  id bigint generated always as identity primary key,
  -- No foreign key to auth.users: deleting a user cascades to crm_contacts, whose delete trigger
  -- then writes here for that user; a key would fail the deletion. Retention removes the rows.
  user_id uuid not null,
  kind text not null check (kind in ('contacts_changed', 'sync_run', 'bulk_job', 'campaign_results')),
  payload jsonb not null check (jsonb_typeof(payload) = 'object'),
  -- The moment of the insert, not the transaction's start: ids and these times then rise
  -- together, which the stream's reading of late commits relies on.
  created_at timestamptz not null default clock_timestamp()
);

comment on table public.live_events is
  'Changes a user''s screens show (sync progress, bulk jobs, campaign results, contacts), written by triggers and streamed to that user; kept an hour.';
comment on column public.live_events.payload is
  'Ids, counts and statuses only (the shape per kind is ZLiveEvent in packages/shared); never personal data beyond ids.';

-- The stream's read: a user's events after the last one sent (the policy's user_id, then id).
create index if not exists live_events_user_id_idx on public.live_events (user_id, id);
-- Retention deletes the oldest.
create index if not exists live_events_created_idx on public.live_events (created_at);

alter table public.live_events enable row level security;
alter table public.live_events force row level security;

drop policy if exists live_events_select_own on public.live_events;
create policy live_events_select_own on public.live_events
  for select to authenticated
  using ((select auth.uid()) = user_id);

-- Users read their own; only the server (the triggers below, retention) writes.
revoke all on table public.live_events from anon, authenticated;
grant select on table public.live_events to authenticated;
grant select, delete on table public.live_events to service_role;

-- Sync runs: each insert or update is the run's state now; percent as GET /sync-runs/:id says it.
create or replace function private.announce_sync_run()
  returns trigger
  language plpgsql
  security definer
  set search_path = ''
as $$
begin
  insert into public.live_events (user_id, kind, payload)
  values (new.user_id, 'sync_run', pg_catalog.jsonb_build_object(
    'runId', new.id,
    'platform', new.platform,
    'kind', new.kind,
    'status', new.status,
    'counts', pg_catalog.jsonb_build_object(
      'fetched', new.fetched, 'created', new.created, 'updated', new.updated,
      'unchanged', new.unchanged, 'deleted', new.deleted, 'failed', new.failed),
    'pagesDone', new.pages_done,
    'estimatedTotal', new.estimated_total,
    'percent', case
      when new.status = 'succeeded' then 100
      when coalesce(new.estimated_total, 0) <= 0 then null
      else least(99, (new.fetched * 100) / new.estimated_total)
    end));
  perform pg_catalog.pg_notify('live_events', new.user_id::text);
  return null;
end;
$$;

comment on function private.announce_sync_run() is
  'Row trigger on sync_runs: writes the run''s status and counts to live_events and notifies its user.';
revoke all on function private.announce_sync_run() from public;

create or replace trigger sync_runs_announce
  after insert or update on public.sync_runs
  for each row execute function private.announce_sync_run();

-- Bulk jobs: status and counts after each batch.
create or replace function private.announce_bulk_job()
  returns trigger
  language plpgsql
  security definer
  set search_path = ''
as $$
begin
  insert into public.live_events (user_id, kind, payload)
  values (new.user_id, 'bulk_job', pg_catalog.jsonb_build_object(
    'jobId', new.id,
    'kind', new.kind,
    'status', new.status,
    'counts', pg_catalog.jsonb_build_object(
      'total', new.total_count, 'succeeded', new.succeeded_count,
      'failed', new.failed_count, 'skipped', new.skipped_count),
    'isFinished', new.finished_at is not null));
  perform pg_catalog.pg_notify('live_events', new.user_id::text);
  return null;
end;
$$;

comment on function private.announce_bulk_job() is
  'Row trigger on bulk_jobs: writes the job''s status and counts to live_events and notifies its user.';
revoke all on function private.announce_bulk_job() from public;

create or replace trigger bulk_jobs_announce
  after insert or update on public.bulk_jobs
  for each row execute function private.announce_bulk_job();

-- Campaign results: a report of calls or a write-back batch is one statement; one event per
-- campaign it touched says how many results changed (the screen reads the new stats).
create or replace function private.announce_campaign_results()
  returns trigger
  language plpgsql
  security definer
  set search_path = ''
as $$
begin
  insert into public.live_events (user_id, kind, payload)
  select user_id, 'campaign_results', pg_catalog.jsonb_build_object('campaignId', campaign_id, 'changedResults', count(*))
  from new_rows
  group by user_id, campaign_id;
  perform pg_catalog.pg_notify('live_events', users.user_id::text) from (select distinct user_id from new_rows) users;
  return null;
end;
$$;

comment on function private.announce_campaign_results() is
  'Statement trigger on campaign_call_results: one live event per user and campaign the statement changed.';
revoke all on function private.announce_campaign_results() from public;

create or replace trigger campaign_call_results_announce_inserts
  after insert on public.campaign_call_results
  referencing new table as new_rows
  for each statement execute function private.announce_campaign_results();
create or replace trigger campaign_call_results_announce_updates
  after update on public.campaign_call_results
  referencing new table as new_rows
  for each statement execute function private.announce_campaign_results();

-- Contacts: a sync page, a deletion sweep, a webhook batch is one statement; one event per user and
-- platform it touched, with the ids when they are few enough to be worth naming.
create or replace function private.announce_contact_changes()
  returns trigger
  language plpgsql
  security definer
  set search_path = ''
as $$
begin
  -- A trigger sees only the transition table its event declares; plpgsql plans a statement when
  -- it first runs it, so the branch not taken never names the missing one.
  if tg_op = 'DELETE' then
    insert into public.live_events (user_id, kind, payload)
    select user_id, 'contacts_changed', pg_catalog.jsonb_build_object(
      'platform', platform, 'count', count(*),
      'contactIds', case when count(*) <= 500 then pg_catalog.to_jsonb(array_agg(id)) else 'null'::jsonb end)
    from old_rows
    group by user_id, platform;
    perform pg_catalog.pg_notify('live_events', users.user_id::text) from (select distinct user_id from old_rows) users;
  else
    insert into public.live_events (user_id, kind, payload)
    select user_id, 'contacts_changed', pg_catalog.jsonb_build_object(
      'platform', platform, 'count', count(*),
      'contactIds', case when count(*) <= 500 then pg_catalog.to_jsonb(array_agg(id)) else 'null'::jsonb end)
    from new_rows
    group by user_id, platform;
    perform pg_catalog.pg_notify('live_events', users.user_id::text) from (select distinct user_id from new_rows) users;
  end if;
  return null;
end;
$$;

comment on function private.announce_contact_changes() is
  'Statement triggers on crm_contacts: one live event per user and platform a statement changed (ids when at most 500).';
revoke all on function private.announce_contact_changes() from public;

-- Transition tables allow one event per trigger, hence three. An upsert's rows left unchanged
-- (the sync's `where … is distinct from`) are in neither table, so a page that changed nothing
-- announces nothing.
create or replace trigger crm_contacts_announce_inserts
  after insert on public.crm_contacts
  referencing new table as new_rows
  for each statement execute function private.announce_contact_changes();
create or replace trigger crm_contacts_announce_updates
  after update on public.crm_contacts
  referencing new table as new_rows
  for each statement execute function private.announce_contact_changes();
create or replace trigger crm_contacts_announce_deletes
  after delete on public.crm_contacts
  referencing old table as old_rows
  for each statement execute function private.announce_contact_changes();
