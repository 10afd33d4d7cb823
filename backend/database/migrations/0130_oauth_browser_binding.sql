-- Binds each OAuth state to the browser that started the flow. The start endpoint sets a
-- short-lived HttpOnly cookie holding a random secret and stores only the secret's SHA-256 here;
-- the callback completes only when the browser that lands on it presents that cookie. Without
-- it, whoever held a consent link (an attacker sends their own) could finish someone else's
-- consent and receive that person's CRM tokens on the attacker's account.
--
-- Nullable on purpose: states issued before this migration have no binding, and the callback
-- refuses them (they expire within 10 minutes anyway); a NOT NULL would also fail inserts from
-- processes still running the previous release during a rolling deploy.
alter table public.oauth_states add column if not exists browser_binding_hash text;

comment on column public.oauth_states.browser_binding_hash is
  'SHA-256 (hex) of the browser-binding cookie set when the flow started; the callback requires the matching cookie.';

-- code_verifier (from 0006) now carries the PKCE verifier for providers that take PKCE (Zoho).
comment on column public.oauth_states.code_verifier is
  'PKCE code verifier (RFC 7636, S256) sent with the token exchange; null for providers without PKCE (HubSpot).';
