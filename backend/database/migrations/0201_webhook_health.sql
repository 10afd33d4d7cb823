-- Real-time sync health, per connection: when the CRM last pushed a change to us, how long the
-- last applied batch took from arrival to our copy, and when an incremental sync last found
-- changes the pushes should have brought. Written by the server only (the receiver, the drain
-- job and the sync runner): 0110 grants users no update on these columns, and the table keeps
-- its RLS (enabled and forced, policies on user_id) from 0004 and 0110.
alter table public.user_crm_credentials add column if not exists webhook_last_event_at timestamptz;
alter table public.user_crm_credentials add column if not exists webhook_last_lag_ms integer;
alter table public.user_crm_credentials add column if not exists webhook_sync_found_changes_at timestamptz;

alter table public.user_crm_credentials drop constraint if exists user_crm_credentials_webhook_lag_check;
alter table public.user_crm_credentials add constraint user_crm_credentials_webhook_lag_check
  check (webhook_last_lag_ms is null or webhook_last_lag_ms >= 0);

comment on column public.user_crm_credentials.webhook_last_event_at is
  'When the CRM last delivered a change event for this connection (null: webhooks never reached us: off).';
comment on column public.user_crm_credentials.webhook_last_lag_ms is
  'Milliseconds from receiving to applying the last batch of events the drain job applied.';
comment on column public.user_crm_credentials.webhook_sync_found_changes_at is
  'When an incremental sync last found changes; long after the last event, webhooks count as degraded.';

-- The receiver finds a delivery's connections by account (HubSpot portal id) on every request.
create index if not exists user_crm_credentials_platform_account_idx
  on public.user_crm_credentials (platform, external_account_id);

-- A merge in the CRM moves an agent's snapshot of the merged-away record to the record kept
-- (real-time sync's drain, as service_role): the link and the CRM id alone, never what was copied.
grant update (crm_contact_id, external_id) on table public.agent_contacts to service_role;
