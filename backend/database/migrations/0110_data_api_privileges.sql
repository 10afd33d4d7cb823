-- What a signed-in user may do to the tables directly. Supabase's Data API serves `public` as
-- role `authenticated` with the user's JWT claims: exactly what withUser does. Until now that
-- role held insert, update and delete on every user table, so a user could write what the
-- server trusts: point their HubSpot connection's api_domain at an internal URL (a sync then
-- sends their bearer token there), or forge sync runs, contacts, call results and their
-- written-back ids, idempotency replies and OAuth states.
--
-- From here on `authenticated` reads its own rows and writes only what the API lets a user edit
-- as such (an agent's name, voice, greeting and instructions; a connection's phone region).
-- Everything else is written by the server as service_role (withService), naming the user in
-- every statement. The policies of the earlier files stay: a second lock should a later grant
-- reopen a command.

-- 1. Privileges: revoke everything (column grants go with the table's), then grant back.
revoke all on table public.user_crm_credentials from anon, authenticated;
grant select on table public.user_crm_credentials to authenticated;
-- PATCH /crm/:platform/settings. Tokens, account, api_domain, status, sync times and the
-- watermark are the server's.
grant update (default_phone_region) on table public.user_crm_credentials to authenticated;

revoke all on table public.crm_contacts from anon, authenticated;
grant select on table public.crm_contacts to authenticated;

revoke all on table public.crm_contact_counts from anon, authenticated;
grant select on table public.crm_contact_counts to authenticated;

-- Only the server reads and writes states (the callback has no user session).
revoke all on table public.oauth_states from anon, authenticated;

revoke all on table public.sync_runs from anon, authenticated;
grant select on table public.sync_runs to authenticated;

revoke all on table public.sync_run_seen from anon, authenticated;

revoke all on table public.agents from anon, authenticated;
grant select on table public.agents to authenticated;
-- PATCH /agents/:id. contact_count is written with the snapshot, by the server.
grant update (name, voice, greeting, instructions) on table public.agents to authenticated;

revoke all on table public.agent_contacts from anon, authenticated;
grant select on table public.agent_contacts to authenticated;

revoke all on table public.campaigns from anon, authenticated;
grant select on table public.campaigns to authenticated;

revoke all on table public.campaign_contacts from anon, authenticated;
grant select on table public.campaign_contacts to authenticated;

revoke all on table public.campaign_call_results from anon, authenticated;
grant select on table public.campaign_call_results to authenticated;

-- A replayed response must be the one the server saved.
revoke all on table public.idempotency_keys from anon, authenticated;

-- 2. RLS applies to the tables' owner too. service_role (withService) has BYPASSRLS and is
-- unaffected; so are superusers, and Supabase's postgres role, which has BYPASSRLS.
alter table public.user_crm_credentials force row level security;
alter table public.crm_contacts force row level security;
alter table public.crm_contact_counts force row level security;
alter table public.oauth_states force row level security;
alter table public.sync_runs force row level security;
alter table public.sync_run_seen force row level security;
alter table public.agents force row level security;
alter table public.agent_contacts force row level security;
alter table public.campaigns force row level security;
alter table public.campaign_contacts force row level security;
alter table public.campaign_call_results force row level security;
alter table public.idempotency_keys force row level security;

-- 3. Search escapes LIKE's pattern characters after normalising the term, not before:
-- unaccent folds fullwidth ％ ＿ ＼ into % _ \, which an earlier escape cannot know about.
create or replace function private.contains_pattern(term text)
  returns text
  language sql
  immutable
  parallel safe
  set search_path = ''
as $$
  select '%' || pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
    private.normalize_search_text(term), '\', '\\'), '%', '\%'), '_', '\_') || '%'
$$;

comment on function private.contains_pattern(text) is
  'LIKE pattern matching search_text that contains the normalised term, its %, _ and \ taken literally.';

revoke all on function private.contains_pattern(text) from public;
grant execute on function private.contains_pattern(text) to authenticated, service_role;

-- `term` is now the term as typed (0012's took it LIKE-escaped).
create or replace function private.match_crm_contacts(term text, digits text, max_rows integer)
  returns table (id uuid, platform text, deleted_at timestamptz, phone_e164 text, mobile_phone_e164 text,
                 sort_last_name text, sort_first_name text, sort_updated_at timestamptz)
  language sql
  stable
  security definer
  set search_path = ''
  rows 1000
as $$
  select c.id, c.platform, c.deleted_at, c.phone_e164, c.mobile_phone_e164,
         c.sort_last_name, c.sort_first_name, c.sort_updated_at
  from public.crm_contacts c
  where c.user_id = (select auth.uid())
    -- Sub-selects are computed once; a bare call would be re-run on every row rechecked.
    and (c.search_text like (select private.contains_pattern(term))
         or c.phone_digits like (select '%' || digits || '%'))
  limit max_rows
$$;

comment on function private.match_crm_contacts(text, text, integer) is
  'Contacts of auth.uid() whose search_text contains term (as typed) or whose phone digits contain digits.';

create or replace function private.estimate_crm_contact_matches(term text, digits text)
  returns bigint
  language plpgsql
  volatile
  security definer
  set search_path = ''
as $$
declare
  plan json;
begin
  execute format(
    'explain (format json) select 1 from public.crm_contacts c where c.user_id = %L::uuid
       and (c.search_text like private.contains_pattern(%L)
            or c.phone_digits like ''%%'' || %L || ''%%'')',
    auth.uid(), term, digits
  ) into plan;
  return (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
end;
$$;

-- 4. The security definer functions that look past RLS run as service_role, the role that
-- bypasses it by design. Owned by whoever migrates, they would see nothing under forced RLS
-- wherever that role has no BYPASSRLS (a plain Postgres owner), and the contact counts trigger
-- would fail every write of crm_contacts. Changing a function's owner needs CREATE on its schema
-- for the new owner, for this statement only.
grant insert, update, delete on table public.crm_contact_counts to service_role;
grant create on schema private to service_role;
alter function private.match_crm_contacts(text, text, integer) owner to service_role;
alter function private.estimate_crm_contact_matches(text, text) owner to service_role;
alter function private.count_crm_contacts() owner to service_role;
revoke create on schema private from service_role;
