-- Issue 18: the contacts list says why a contact is not callable, "suppressed" among the reasons,
-- with one probe of suppressions' (user_id, phone_e164) key per page row. Under RLS Postgres does
-- not use that key for a probe correlated with the outer row: it hashes or scans the user's whole
-- list instead (measured: 40 ms for a page against 20,000 numbers, against 1 ms with the key). So
-- the probe runs as the owner, as private.match_crm_contacts (0012) does, and checks the caller
-- itself: a user's session may ask only about its own list; the server's role about any user's.

create or replace function private.is_number_suppressed(owner_id uuid, phone text)
  returns boolean
  language sql
  stable
  security definer
  set search_path = ''
as $$
  select exists (
    select 1 from public.suppressions s
    where s.user_id = owner_id and s.phone_e164 = phone
      and (owner_id = (select auth.uid()) or current_setting('role', true) = 'service_role')
  )
$$;

comment on function private.is_number_suppressed(uuid, text) is
  'Whether the number is on the user''s suppression list: one seek in its unique key. A user session may ask about its own list only.';

revoke all on function private.is_number_suppressed(uuid, text) from public;
grant execute on function private.is_number_suppressed(uuid, text) to authenticated, service_role;
