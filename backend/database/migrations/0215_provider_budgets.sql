-- Provider budgets shared by every process of ours. HubSpot's 100 requests per 10 s are per
-- portal and Zoho's 10 token refreshes per 10 minutes are per refresh token, whichever of our API
-- and worker processes spends them; a budget kept in each process's memory lets N processes
-- spend N budgets. Both live here, server-only: users never read or write them.

-- 1. Request rate: a token bucket per account and limiter ('default', 'search'). The balance may
-- go negative: a take always succeeds and the taker waits until its tokens have refilled, so one
-- statement per take decides the order of every process's requests without polling or retrying.
create table if not exists public.provider_rate_budgets (
  platform text not null check (platform in ('hubspot', 'zoho', 'salesforce')),
  -- The provider's account: HubSpot portal id, Zoho org id, Salesforce org id.
  account_key text not null check (length(account_key) between 1 and 200),
  limiter text not null check (length(limiter) between 1 and 50),
  capacity double precision not null check (capacity > 0),
  per_second double precision not null check (per_second > 0),
  tokens double precision not null,
  updated_at timestamptz not null,
  constraint provider_rate_budgets_pkey primary key (platform, account_key, limiter)
);

comment on table public.provider_rate_budgets is
  'Server-only token buckets pacing provider requests per account across every process; a negative balance is requests already promised a start time.';

-- 2. Zoho's refresh budget: the times of recent refreshes per refresh token, kept by a hash of it.
create table if not exists public.provider_refresh_spends (
  platform text not null check (platform in ('hubspot', 'zoho', 'salesforce')),
  token_hash text not null check (length(token_hash) between 1 and 100),
  spent_at timestamptz[] not null default '{}',
  constraint provider_refresh_spends_pkey primary key (platform, token_hash)
);

comment on table public.provider_refresh_spends is
  'Server-only: when each refresh token (by its SHA-256) was last spent, for the provider''s refresh budget shared by every process.';

alter table public.provider_rate_budgets enable row level security;
alter table public.provider_rate_budgets force row level security;
alter table public.provider_refresh_spends enable row level security;
alter table public.provider_refresh_spends force row level security;

-- Only the server's role may touch them; the functions below run as it.
drop policy if exists provider_rate_budgets_service_all on public.provider_rate_budgets;
create policy provider_rate_budgets_service_all on public.provider_rate_budgets
  for all to service_role using (true) with check (true);
drop policy if exists provider_refresh_spends_service_all on public.provider_refresh_spends;
create policy provider_refresh_spends_service_all on public.provider_refresh_spends
  for all to service_role using (true) with check (true);

revoke all on table public.provider_rate_budgets from anon, authenticated;
revoke all on table public.provider_refresh_spends from anon, authenticated;
grant select, insert, update, delete on table public.provider_rate_budgets to service_role;
grant select, insert, update, delete on table public.provider_refresh_spends to service_role;

-- Takes `n` tokens and returns the balance before the take (refilled up to now). One statement,
-- one round trip: the row lock orders concurrent takers, and clock_timestamp() is read after it
-- is held so that a taker who waited for the lock refills for the time it waited.
create or replace function private.take_provider_tokens(
  p_platform text, p_account text, p_limiter text, p_capacity double precision, p_per_second double precision, p_count integer
)
  returns double precision
  language sql
  volatile
  security definer
  set search_path = ''
as $$
  insert into public.provider_rate_budgets as b (platform, account_key, limiter, capacity, per_second, tokens, updated_at)
  values (p_platform, p_account, p_limiter, p_capacity, p_per_second, p_capacity - p_count, clock_timestamp())
  on conflict on constraint provider_rate_budgets_pkey do update
    set tokens = least(excluded.capacity,
                       b.tokens + greatest(0, extract(epoch from clock_timestamp() - b.updated_at)) * excluded.per_second) - p_count,
        capacity = excluded.capacity,
        per_second = excluded.per_second,
        updated_at = greatest(b.updated_at, clock_timestamp())
  returning b.tokens + p_count
$$;

comment on function private.take_provider_tokens(text, text, text, double precision, double precision, integer) is
  'Takes tokens from an account''s bucket (creating it full) and returns the balance before the take; the caller waits while it is short.';

-- Lowers an account's balance to at most p_tokens: the provider said fewer requests remain than
-- the bucket holds (another app on the portal, or a process of ours that started before).
create or replace function private.cap_provider_tokens(
  p_platform text, p_account text, p_limiter text, p_tokens double precision
)
  returns void
  language sql
  volatile
  security definer
  set search_path = ''
as $$
  update public.provider_rate_budgets b
     set tokens = least(b.capacity, b.tokens + greatest(0, extract(epoch from clock_timestamp() - b.updated_at)) * b.per_second, p_tokens),
         updated_at = greatest(b.updated_at, clock_timestamp())
   where b.platform = p_platform and b.account_key = p_account and b.limiter = p_limiter
$$;

-- Spends one refresh of a token if fewer than p_max were spent in the last p_window_ms; returns 0
-- when spent, otherwise the milliseconds until the oldest of them leaves the window.
create or replace function private.spend_provider_refresh(p_platform text, p_token_hash text, p_max integer, p_window_ms integer)
  returns double precision
  language plpgsql
  volatile
  security definer
  set search_path = ''
as $$
declare
  spent timestamptz[];
  at_now timestamptz;
  window_start timestamptz;
begin
  insert into public.provider_refresh_spends (platform, token_hash) values (p_platform, p_token_hash)
    on conflict on constraint provider_refresh_spends_pkey do nothing;
  select s.spent_at into spent from public.provider_refresh_spends s
   where s.platform = p_platform and s.token_hash = p_token_hash for update;
  -- Read after the lock: a process that waited for it sees the spends made meanwhile.
  at_now := clock_timestamp();
  window_start := at_now - make_interval(secs => p_window_ms / 1000.0);
  spent := array(select t from unnest(spent) t where t > window_start order by t);
  if cardinality(spent) >= p_max then
    update public.provider_refresh_spends set spent_at = spent where platform = p_platform and token_hash = p_token_hash;
    return greatest(1, extract(epoch from spent[cardinality(spent) - p_max + 1] - window_start) * 1000);
  end if;
  update public.provider_refresh_spends set spent_at = spent || at_now where platform = p_platform and token_hash = p_token_hash;
  -- Tokens not refreshed for a whole window leave nothing worth keeping (refreshes are rare).
  delete from public.provider_refresh_spends s
   where s.platform = p_platform and s.spent_at[cardinality(s.spent_at)] <= window_start;
  return 0;
end;
$$;

comment on function private.spend_provider_refresh(text, text, integer, integer) is
  'Spends one refresh of a refresh token within its budget (p_max per p_window_ms); 0 when spent, else the ms until one is free.';

-- Owned by service_role, which bypasses RLS by design (see 0110): owned by whoever migrates they
-- would see nothing under forced RLS wherever that role has no BYPASSRLS.
grant create on schema private to service_role;
alter function private.take_provider_tokens(text, text, text, double precision, double precision, integer) owner to service_role;
alter function private.cap_provider_tokens(text, text, text, double precision) owner to service_role;
alter function private.spend_provider_refresh(text, text, integer, integer) owner to service_role;
revoke create on schema private from service_role;

revoke execute on function private.take_provider_tokens(text, text, text, double precision, double precision, integer) from public, anon, authenticated;
revoke execute on function private.cap_provider_tokens(text, text, text, double precision) from public, anon, authenticated;
revoke execute on function private.spend_provider_refresh(text, text, integer, integer) from public, anon, authenticated;
-- The server calls them as the role it logs in with, a member of service_role (0001), outside any
-- transaction of its own: one round trip per take.
grant execute on function private.take_provider_tokens(text, text, text, double precision, double precision, integer) to service_role;
grant execute on function private.cap_provider_tokens(text, text, text, double precision) to service_role;
grant execute on function private.spend_provider_refresh(text, text, integer, integer) to service_role;
