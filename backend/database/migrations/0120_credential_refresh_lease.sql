-- A token refresh is claimed with a short lease on the connection's row instead of a row lock
-- held across the provider call: the claim is written and committed in a transaction of its
-- own, the provider is called with no transaction open, and the result is written only by the
-- claim's holder, which clears it. Other callers (any process) wait for the holder's result;
-- a holder that died stops renewing its lease, which then runs out and can be claimed again.
alter table public.user_crm_credentials add column if not exists refresh_claim_id uuid;
alter table public.user_crm_credentials add column if not exists refresh_claimed_until timestamptz;

comment on column public.user_crm_credentials.refresh_claim_id is
  'Server-only: which token refresh holds the lease (credentials/token-refresher.ts); null when none.';
comment on column public.user_crm_credentials.refresh_claimed_until is
  'Server-only: the refresh lease runs out at this database time unless its holder renews it.';

-- The claim and its renewals look rows up by (user_id, platform) or id: the existing unique
-- index and primary key serve them, so no index is added. RLS, policies and grants are 0004's.
