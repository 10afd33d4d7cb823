-- Helpers shared by the tables below. They live in `private`, a schema the API roles cannot
-- use, so Supabase's data API never exposes them.
create schema if not exists private;
revoke all on schema private from public;

-- Keeps updated_at honest whoever writes the row (app, job, or someone in psql).
-- An empty search_path means nothing in the body can be hijacked by a same-named object.
create or replace function private.set_updated_at()
  returns trigger
  language plpgsql
  set search_path = ''
as $$
begin
  new.updated_at := pg_catalog.now();
  return new;
end;
$$;

comment on function private.set_updated_at() is
  'Trigger: sets updated_at to now() on every update.';

-- Triggers fire without EXECUTE checks; nobody needs to call it directly.
revoke all on function private.set_updated_at() from public;
