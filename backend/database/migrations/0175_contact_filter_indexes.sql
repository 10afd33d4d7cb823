-- Indexes for the filter tree's common conditions (issue 16). Each is the user, the compared
-- value, then the platform, over live contacts only (every list leaves deleted ones out unless
-- asked): a condition's count per CRM is an index-only scan of the matching entries, and a
-- sparse condition's page reads its matches through the index instead of walking the sort order.
-- Text and containment conditions on custom fields use the GIN index of 0170.
create index if not exists crm_contacts_filter_lifecycle_idx on public.crm_contacts (user_id, lifecycle_stage, platform)
  where deleted_at is null;
create index if not exists crm_contacts_filter_lead_status_idx on public.crm_contacts (user_id, lead_status, platform)
  where deleted_at is null;
create index if not exists crm_contacts_filter_owner_idx on public.crm_contacts (user_id, owner_id, platform)
  where deleted_at is null;
create index if not exists crm_contacts_filter_created_idx on public.crm_contacts (user_id, crm_created_at, platform)
  where deleted_at is null;
-- The same expression as the filter's emailDomain field (filter-tree-sql.ts), or the index is never used.
create index if not exists crm_contacts_filter_email_domain_idx on public.crm_contacts (user_id, (nullif(split_part(email, '@', 2), '')), platform)
  where deleted_at is null;
