-- When a connection's deletions were last looked for. HubSpot keeps no time index of archived
-- contacts: finding deletions means reading its whole archived list, a cost that grows with every
-- contact ever deleted. Incremental syncs read it once per SYNC_DELETION_SCAN_HOURS (from this
-- time on, so no deletion is skipped) instead of on every run; a full sync counts as a scan.
alter table public.user_crm_credentials add column if not exists deletions_checked_at timestamptz;

comment on column public.user_crm_credentials.deletions_checked_at is
  'Start of the last sync run that looked for deletions (every full run; incremental ones once per SYNC_DELETION_SCAN_HOURS).';
