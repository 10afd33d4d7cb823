-- What a Supabase project already has, created here only where it is missing, so that the
-- same migrations run on plain PostgreSQL (embedded, CI) and change nothing on Supabase.
-- Every step checks the catalog first: on Supabase these objects belong to other roles
-- (supabase_auth_admin, supabase_admin) and re-creating them would fail or clobber them.

-- Roles are cluster-wide, so two databases of one cluster migrating at once (tests) can race
-- on them; the losing `create role` is harmless and is swallowed.
do $$
begin
  if not exists (select from pg_catalog.pg_roles where rolname = 'anon') then
    begin
      create role anon nologin noinherit;
    exception when duplicate_object or unique_violation then null;
    end;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'authenticated') then
    begin
      create role authenticated nologin noinherit;
    exception when duplicate_object or unique_violation then null;
    end;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'service_role') then
    begin
      create role service_role nologin noinherit bypassrls;
    exception when duplicate_object or unique_violation then null;
    end;
  end if;
end
$$;

-- withUser/withService switch to these roles with `set local role`, which needs membership.
-- Superusers (embedded Postgres) and Supabase's `postgres` already pass this check.
do $$
declare
  r text;
begin
  foreach r in array array['anon', 'authenticated', 'service_role'] loop
    if not pg_catalog.pg_has_role(current_user, r, 'member') then
      begin
        execute format('grant %I to %I', r, current_user);
      exception when unique_violation or duplicate_object then null;
      end;
    end if;
  end loop;
end
$$;

create schema if not exists auth;

-- The three helpers, defined exactly as Supabase defines them: PostgREST (and our withUser)
-- put the JWT claims into `request.jwt.claims`; older PostgREST used `request.jwt.claim.*`.
do $$
begin
  if to_regprocedure('auth.uid()') is null then
    create function auth.uid() returns uuid
      language sql stable
    as $fn$
      select
        coalesce(
          nullif(current_setting('request.jwt.claim.sub', true), ''),
          (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
        )::uuid
    $fn$;
    comment on function auth.uid() is 'Deprecated. Use auth.jwt() -> ''sub'' instead.';
  end if;

  if to_regprocedure('auth.role()') is null then
    create function auth.role() returns text
      language sql stable
    as $fn$
      select
        coalesce(
          nullif(current_setting('request.jwt.claim.role', true), ''),
          (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
        )::text
    $fn$;
    comment on function auth.role() is 'Deprecated. Use auth.jwt() -> ''role'' instead.';
  end if;

  if to_regprocedure('auth.jwt()') is null then
    create function auth.jwt() returns jsonb
      language sql stable
    as $fn$
      select
        coalesce(
          nullif(current_setting('request.jwt.claim', true), ''),
          nullif(current_setting('request.jwt.claims', true), '')
        )::jsonb
    $fn$;
  end if;
end
$$;

-- auth.users with Supabase's column names, so local accounts (no Supabase) live in the same
-- table the foreign keys point at. Only the columns the backend and Supabase's API shapes use.
do $$
begin
  if to_regclass('auth.users') is null then
    create table auth.users (
      instance_id uuid,
      id uuid primary key default gen_random_uuid(),
      aud varchar(255),
      role varchar(255),
      email varchar(255),
      encrypted_password varchar(255),
      email_confirmed_at timestamptz,
      invited_at timestamptz,
      confirmation_token varchar(255),
      confirmation_sent_at timestamptz,
      recovery_token varchar(255),
      recovery_sent_at timestamptz,
      last_sign_in_at timestamptz,
      raw_app_meta_data jsonb,
      raw_user_meta_data jsonb,
      is_super_admin boolean,
      created_at timestamptz default now(),
      updated_at timestamptz default now(),
      phone text default null,
      phone_confirmed_at timestamptz,
      banned_until timestamptz,
      deleted_at timestamptz,
      is_sso_user boolean not null default false,
      is_anonymous boolean not null default false
    );
    create unique index users_email_lower_key on auth.users (lower(email));
    create unique index users_phone_key on auth.users (phone);
    comment on table auth.users is
      'Auth: Stores user login data within a secure schema (local stand-in for Supabase Auth).';
    -- Local auth runs its queries as service_role; Supabase's own auth.users is not granted here.
    grant select, insert, update, delete on table auth.users to service_role;
  end if;
end
$$;

-- Supabase lets every API role use the public and auth schemas and call the auth helpers;
-- plain Postgres needs it granted. Only what is missing is granted.
do $$
declare
  r text;
  s text;
  f text;
begin
  foreach r in array array['anon', 'authenticated', 'service_role'] loop
    foreach s in array array['public', 'auth'] loop
      if not has_schema_privilege(r, s, 'usage') then
        execute format('grant usage on schema %I to %I', s, r);
      end if;
    end loop;
    foreach f in array array['auth.uid()', 'auth.role()', 'auth.jwt()'] loop
      if not has_function_privilege(r, f, 'execute') then
        execute format('grant execute on function %s to %I', f, r);
      end if;
    end loop;
  end loop;
end
$$;
