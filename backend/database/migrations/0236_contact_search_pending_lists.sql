-- Issue 20: a large sync leaves the GIN indexes of crm_contacts (the trigram indexes of 0012,
-- crm_contacts_search_text_trgm_idx and crm_contacts_phone_digits_trgm_idx, and 0170's
-- crm_contacts_custom_fields_idx) with a full pending list: with fastupdate (the default) new
-- entries are appended unsorted, up to gin_pending_list_limit (4 MB), and every search through
-- the index reads all of it until autovacuum merges it, which on a busy table can take minutes.
-- The sync job calls this once after a run that wrote many rows, outside any user's transaction.
--
-- gin_clean_pending_list needs the index's owner (as VACUUM does), so unlike 0110's helpers this
-- function is left owned by whoever migrates, the tables' owner. It reads no rows, so forced RLS
-- does not concern it; it takes no argument, so a caller can name no other index.
create or replace function private.clean_crm_contacts_pending_lists()
  returns bigint
  language plpgsql
  volatile
  security definer
  set search_path = ''
as $$
declare
  index_oid oid;
  cleaned bigint := 0;
begin
  -- Every GIN index of the table, so an index added later is covered without another migration.
  for index_oid in
    select i.indexrelid
    from pg_catalog.pg_index i
    join pg_catalog.pg_class ic on ic.oid = i.indexrelid
    join pg_catalog.pg_am am on am.oid = ic.relam
    where i.indrelid = 'public.crm_contacts'::regclass and am.amname = 'gin' and i.indisvalid
    order by ic.relname
  loop
    cleaned := cleaned + pg_catalog.gin_clean_pending_list(index_oid::regclass);
  end loop;
  return cleaned;
end;
$$;

comment on function private.clean_crm_contacts_pending_lists() is
  'Merges the pending lists of crm_contacts'' GIN indexes into their main trees; returns the pending pages removed. For the sync job, after a large run.';

revoke all on function private.clean_crm_contacts_pending_lists() from public;
grant execute on function private.clean_crm_contacts_pending_lists() to service_role;
