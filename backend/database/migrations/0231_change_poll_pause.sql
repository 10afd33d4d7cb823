-- Why a connection's change poll (0230) is not checking, for its real-time health: Salesforce's
-- org allowance is down to the reserve kept for the customer's other integrations
-- (SALESFORCE_API_RESERVE_PERCENT), or spent. Written by the server only (the poll): 0110 grants
-- users no update on these columns, and the table keeps its RLS (enabled and forced, policies on
-- user_id) from 0004 and 0110. Users read them with the rest of their connection.
alter table public.user_crm_credentials add column if not exists change_poll_paused_at timestamptz;
alter table public.user_crm_credentials add column if not exists change_poll_pause_code text;
alter table public.user_crm_credentials add column if not exists change_poll_pause_message text;

-- Paused means a reason: the three are set and cleared together.
alter table public.user_crm_credentials drop constraint if exists user_crm_credentials_change_poll_pause_check;
alter table public.user_crm_credentials add constraint user_crm_credentials_change_poll_pause_check
  check ((change_poll_paused_at is null) = (change_poll_pause_code is null)
     and (change_poll_pause_code is null) = (change_poll_pause_message is null)
     and (change_poll_pause_message is null or length(change_poll_pause_message) <= 2000));

comment on column public.user_crm_credentials.change_poll_paused_at is
  'Since when the change poll has not asked the CRM (API allowance at the reserve, or spent); null while it checks.';
comment on column public.user_crm_credentials.change_poll_pause_code is
  'Why the change poll is paused, as an error code (provider_quota_exhausted); null while it checks.';
comment on column public.user_crm_credentials.change_poll_pause_message is
  'Why the change poll is paused, in words the dashboard shows beside the connection''s real-time health.';
