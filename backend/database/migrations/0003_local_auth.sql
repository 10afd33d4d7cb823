-- Local auth: used only when the backend serves its own Supabase-compatible auth (no
-- SUPABASE_URL). On Supabase it is an unused, empty schema. The signing secret is not here:
-- it lives in a file under DATA_DIR, so a database dump never carries it.
create schema if not exists local_auth;

create table if not exists local_auth.refresh_tokens (
  id bigserial primary key,
  token_hash text not null unique,
  user_id uuid not null references auth.users (id) on delete cascade,
  -- One sign-in is one session; every rotation of its refresh token keeps the session_id,
  -- so sign-out (or reuse of a rotated token) can revoke the whole chain at once.
  session_id uuid not null,
  parent_hash text,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);

comment on table local_auth.refresh_tokens is
  'Local auth refresh tokens, stored as hashes and rotated on use (one row per issued token).';

create index if not exists refresh_tokens_user_id_idx on local_auth.refresh_tokens (user_id);
create index if not exists refresh_tokens_session_id_idx on local_auth.refresh_tokens (session_id);

-- Only the backend (as owner or service_role) touches tokens; no user can reach them.
revoke all on schema local_auth from public, anon, authenticated;
revoke all on all tables in schema local_auth from public, anon, authenticated;
revoke all on all sequences in schema local_auth from public, anon, authenticated;
grant usage on schema local_auth to service_role;
grant select, insert, update, delete on table local_auth.refresh_tokens to service_role;
grant usage, select on sequence local_auth.refresh_tokens_id_seq to service_role;
