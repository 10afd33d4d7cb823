-- Local auth against password guessing and everlasting sessions (issue 13, findings 1 and 4).
-- Used only when the backend serves its own /auth/v1 (no SUPABASE_URL); on Supabase these are
-- unused and empty.

-- Failed sign-ins per email address, and the lock they lead to. Keyed by a hash of the
-- lower-cased address, whether or not an account has it: a lock then looks the same for every
-- address and reveals nothing about who has an account, and the table holds no addresses.
create table if not exists local_auth.sign_in_failures (
  email_key text primary key,
  failures integer not null check (failures >= 0),
  last_failure_at timestamptz not null,
  locked_until timestamptz
);

comment on table local_auth.sign_in_failures is
  'Local auth: failed sign-ins per email address (sha256 of the lower-cased address) and the lock they lead to.';
comment on column local_auth.sign_in_failures.failures is
  'Failures since the last successful sign-in, forgotten a day after the last one.';

-- Only the backend reads or writes it (service_role, which bypasses RLS, or the owner). RLS is
-- on and forced all the same, with one named policy for service_role alone, so a grant added
-- later by mistake still exposes nothing to the API roles.
alter table local_auth.sign_in_failures enable row level security;
alter table local_auth.sign_in_failures force row level security;

do $$
begin
  if not exists (select from pg_catalog.pg_policies
                  where schemaname = 'local_auth' and tablename = 'sign_in_failures' and policyname = 'sign_in_failures_service_only') then
    create policy sign_in_failures_service_only on local_auth.sign_in_failures
      for all to service_role using (true) with check (true);
  end if;
end
$$;

-- The sweep deletes rows no longer locked nor remembered.
create index if not exists sign_in_failures_last_failure_at_idx on local_auth.sign_in_failures (last_failure_at);

revoke all on table local_auth.sign_in_failures from public, anon, authenticated;
grant select, insert, update, delete on table local_auth.sign_in_failures to service_role;

-- Sessions end a fixed time after sign-in however often they are refreshed: every refresh token
-- of a session carries the session's start. Existing tokens take their session's first token's
-- creation time.
alter table local_auth.refresh_tokens add column if not exists session_started_at timestamptz;

update local_auth.refresh_tokens t
   set session_started_at = s.started_at
  from (select session_id, min(created_at) as started_at from local_auth.refresh_tokens group by session_id) s
 where t.session_id = s.session_id and t.session_started_at is null;

alter table local_auth.refresh_tokens alter column session_started_at set default now();
alter table local_auth.refresh_tokens alter column session_started_at set not null;

comment on column local_auth.refresh_tokens.session_started_at is
  'When the session (the sign-in) began; with AUTH_SESSION_MAX_LIFETIME_SECONDS it bounds every refresh.';
