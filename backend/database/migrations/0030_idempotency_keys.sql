-- Idempotency-Key of the contact-creating POSTs (POST /api/v1/crm/:platform/contacts[/batch]):
-- a retried request with the same key creates nothing again and gets the first response back.
-- A request claims its key by inserting the row (insert … on conflict do nothing, committed
-- before the CRM is called), so of two concurrent retries only one reaches the CRM; the row
-- gets the response in the same transaction that stores the created contacts.
create table if not exists public.idempotency_keys (
  user_id uuid not null references auth.users (id) on delete cascade,
  key text not null check (key ~ '^[\x20-\x7E]{1,255}$'),
  -- sha256 of the method, path and canonical JSON body: the same key with another request is refused.
  request_hash text not null,
  status text not null default 'in_progress' check (status in ('in_progress', 'completed')),
  response_status integer check (response_status between 200 and 599),
  response_body jsonb,
  created_at timestamptz not null default now(),
  -- Keys are the client's: user B's key never meets user A's row.
  primary key (user_id, key),
  constraint idempotency_keys_completed_has_response check ((status = 'completed') = (response_status is not null and response_body is not null))
);

comment on table public.idempotency_keys is
  'Idempotency-Key claims and the responses to replay; a key expires 24 hours after created_at.';
comment on column public.idempotency_keys.status is
  'in_progress: claimed, the CRM call is under way (a claim far older than any call was abandoned); completed: response saved.';

-- Expired keys of a user are removed when the user claims a new one; this index finds them.
create index if not exists idempotency_keys_user_created_idx on public.idempotency_keys (user_id, created_at);

-- The primary key (user_id, key) serves the policies' user_id lookups.
alter table public.idempotency_keys enable row level security;

drop policy if exists idempotency_keys_select_own on public.idempotency_keys;
create policy idempotency_keys_select_own on public.idempotency_keys
  for select to authenticated
  using ((select auth.uid()) = user_id);

drop policy if exists idempotency_keys_insert_own on public.idempotency_keys;
create policy idempotency_keys_insert_own on public.idempotency_keys
  for insert to authenticated
  with check ((select auth.uid()) = user_id);

drop policy if exists idempotency_keys_update_own on public.idempotency_keys;
create policy idempotency_keys_update_own on public.idempotency_keys
  for update to authenticated
  using ((select auth.uid()) = user_id)
  with check ((select auth.uid()) = user_id);

drop policy if exists idempotency_keys_delete_own on public.idempotency_keys;
create policy idempotency_keys_delete_own on public.idempotency_keys
  for delete to authenticated
  using ((select auth.uid()) = user_id);

revoke all on table public.idempotency_keys from anon;
grant select, insert, update, delete on table public.idempotency_keys to authenticated, service_role;
