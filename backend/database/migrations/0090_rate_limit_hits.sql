-- Request counters of the API's rate limits (express-rate-limit's store), one row per key
-- ('ip:…', 'user:…') and fixed window, shared by every API process on this database.
-- UNLOGGED: a hit is one upsert per request, and unlogged writes skip the WAL; a crash empties
-- the table, which forgives at most a minute of requests. In `private`: no API role reaches it,
-- only the backend's own connection, so it needs no RLS.
create unlogged table if not exists private.rate_limit_hits (
  key text primary key,
  hits integer not null check (hits >= 0),
  reset_at timestamptz not null
);

comment on table private.rate_limit_hits is
  'Rate-limit counters: hits in the window ending at reset_at; rows past reset_at are stale and swept.';

-- The sweep deletes rows whose window has ended.
create index if not exists rate_limit_hits_reset_at_idx on private.rate_limit_hits (reset_at);

revoke all on table private.rate_limit_hits from public;
