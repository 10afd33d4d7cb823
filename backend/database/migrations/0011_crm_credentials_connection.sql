-- What connecting a CRM needs beyond the first cut of user_crm_credentials:
-- Zoho's accounts server (token refresh and revoke must go to the data centre that issued the
-- tokens), when the connection was (re)made, and when tokens were last refreshed.
alter table public.user_crm_credentials add column if not exists accounts_server text;
alter table public.user_crm_credentials add column if not exists connected_at timestamptz not null default now();
alter table public.user_crm_credentials add column if not exists tokens_refreshed_at timestamptz;

comment on column public.user_crm_credentials.accounts_server is
  'Zoho: the accounts server of the data centre that issued the tokens (from the OAuth callback); null for HubSpot.';
comment on column public.user_crm_credentials.refresh_token_encrypted is
  'AES-256-GCM ciphertext made by the backend, prefixed with the id of the key that made it; never plaintext.';
