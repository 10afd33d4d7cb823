-- Salesforce, the third CRM, and what it needs of the schema:
-- 1. every platform check admits 'salesforce' (the list lives in packages/shared/src/platforms.ts);
-- 2. crm_contacts.object_type: Salesforce syncs Contacts and unconverted Leads into one table;
-- 3. oauth_states.login_host: a Salesforce flow exchanges its code at the login host it started at;
-- 4. sync_runs.paused_until: a run waiting for the provider's API allowance (Salesforce's rolling
--    24-hour allowance, shared with the customer's other integrations) keeps its cursor and
--    status 'running', is not taken for stalled while it waits, and resumes by itself.

alter table public.user_crm_credentials drop constraint if exists user_crm_credentials_platform_check;
alter table public.user_crm_credentials add constraint user_crm_credentials_platform_check
  check (platform in ('hubspot', 'zoho', 'salesforce'));
alter table public.crm_contacts drop constraint if exists crm_contacts_platform_check;
alter table public.crm_contacts add constraint crm_contacts_platform_check
  check (platform in ('hubspot', 'zoho', 'salesforce'));
alter table public.oauth_states drop constraint if exists oauth_states_platform_check;
alter table public.oauth_states add constraint oauth_states_platform_check
  check (platform in ('hubspot', 'zoho', 'salesforce'));
alter table public.sync_runs drop constraint if exists sync_runs_platform_check;
alter table public.sync_runs add constraint sync_runs_platform_check
  check (platform in ('hubspot', 'zoho', 'salesforce'));
alter table public.campaign_contacts drop constraint if exists campaign_contacts_platform_check;
alter table public.campaign_contacts add constraint campaign_contacts_platform_check
  check (platform in ('hubspot', 'zoho', 'salesforce'));
alter table public.agent_contacts drop constraint if exists agent_contacts_platform_check;
alter table public.agent_contacts add constraint agent_contacts_platform_check
  check (platform in ('hubspot', 'zoho', 'salesforce'));
alter table public.audit_events drop constraint if exists audit_events_platform_check;
alter table public.audit_events add constraint audit_events_platform_check
  check (platform in ('hubspot', 'zoho', 'salesforce'));

-- A constant default: existing rows (all HubSpot and Zoho contacts) take it without a rewrite.
alter table public.crm_contacts add column if not exists object_type text not null default 'contact';
alter table public.crm_contacts drop constraint if exists crm_contacts_object_type_check;
alter table public.crm_contacts add constraint crm_contacts_object_type_check check (object_type in ('contact', 'lead'));
comment on column public.crm_contacts.object_type is
  'contact, or lead: a Salesforce Lead not yet converted (a converted one is deleted here and arrives as its Contact).';

alter table public.oauth_states add column if not exists login_host text;
comment on column public.oauth_states.login_host is
  'Salesforce: production, sandbox or the My Domain host the user chose; the code is exchanged there.';

alter table public.sync_runs add column if not exists paused_until timestamptz;
comment on column public.sync_runs.paused_until is
  'Set while a running sync waits for the provider''s API allowance (error_code/error_message say why); its job resumes it then.';

-- The trigram search's matches carry object_type too, so the `objectType` filter applies to a
-- search as to the plain list (the list filter's conditions run on these rows). A new return type
-- needs a new function: `create or replace` cannot change it, and 0012/0110 must stay re-runnable
-- as they are. The old one is dropped; its grants and owner (0012/0110) are given to the new one.
drop function if exists private.match_crm_contacts(text, text, integer);
create or replace function private.search_crm_contacts(term text, digits text, max_rows integer)
  returns table (id uuid, platform text, object_type text, deleted_at timestamptz, phone_e164 text, mobile_phone_e164 text,
                 sort_last_name text, sort_first_name text, sort_updated_at timestamptz)
  language sql
  stable
  security definer
  set search_path = ''
  rows 1000
as $$
  select c.id, c.platform, c.object_type, c.deleted_at, c.phone_e164, c.mobile_phone_e164,
         c.sort_last_name, c.sort_first_name, c.sort_updated_at
  from public.crm_contacts c
  where c.user_id = (select auth.uid())
    -- Sub-selects are computed once; a bare call would be re-run on every row rechecked.
    and (c.search_text like (select private.contains_pattern(term))
         or c.phone_digits like (select '%' || digits || '%'))
  limit max_rows
$$;

comment on function private.search_crm_contacts(text, text, integer) is
  'Contacts of auth.uid() whose search_text contains term (as typed) or whose phone digits contain digits.';

revoke all on function private.search_crm_contacts(text, text, integer) from public;
grant execute on function private.search_crm_contacts(text, text, integer) to authenticated, service_role;
grant create on schema private to service_role;
alter function private.search_crm_contacts(text, text, integer) owner to service_role;
revoke create on schema private from service_role;
