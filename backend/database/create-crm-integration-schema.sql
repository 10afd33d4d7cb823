-- The whole CRM integration schema, for psql (the Supabase SQL editor cannot follow \ir):
--   psql "$DATABASE_URL" -f backend/database/create-crm-integration-schema.sql
-- It includes every migration in order. They are idempotent, so running this on a database
-- the backend has already migrated (or running it twice) changes nothing. The backend's own
-- migrator (pnpm db:migrate) does the same and records what it applied.
\set ON_ERROR_STOP on

begin;
-- "already exists, skipping" notices are the idempotency working, not news.
set local client_min_messages = warning;
\ir migrations/0001_supabase_compat.sql
\ir migrations/0002_private_helpers.sql
\ir migrations/0003_local_auth.sql
\ir migrations/0004_user_crm_credentials.sql
\ir migrations/0005_crm_contacts.sql
\ir migrations/0006_oauth_states.sql
\ir migrations/0007_sync_runs.sql
\ir migrations/0008_agents.sql
\ir migrations/0009_campaigns.sql
\ir migrations/0010_campaign_contacts.sql
\ir migrations/0011_crm_credentials_connection.sql
\ir migrations/0012_crm_contacts_listing.sql
\ir migrations/0013_crm_sync_state.sql
\ir migrations/0020_agent_contacts.sql
\ir migrations/0030_idempotency_keys.sql
\ir migrations/0040_campaign_results.sql
\ir migrations/0045_campaign_writeback_batches.sql
\ir migrations/0090_rate_limit_hits.sql
\ir migrations/0100_auth_hardening.sql
\ir migrations/0110_data_api_privileges.sql
\ir migrations/0120_credential_refresh_lease.sql
\ir migrations/0130_oauth_browser_binding.sql
\ir migrations/0140_audit_events.sql
\ir migrations/0150_salesforce.sql
\ir migrations/0160_deletion_scans.sql
\ir migrations/0170_custom_fields.sql
\ir migrations/0175_contact_filter_indexes.sql
\ir migrations/0180_segments.sql
\ir migrations/0190_bulk_jobs.sql
\ir migrations/0195_csv_imports.sql
\ir migrations/0198_crm_list_segments.sql
\ir migrations/0200_webhook_events.sql
\ir migrations/0201_webhook_health.sql
\ir migrations/0202_crm_change_channels.sql
\ir migrations/0205_live_events.sql
\ir migrations/0210_calling_rules.sql
\ir migrations/0215_provider_budgets.sql
\ir migrations/0220_suppression_probe.sql
\ir migrations/0225_analytics.sql
\ir migrations/0230_change_poll.sql
\ir migrations/0231_change_poll_pause.sql
\ir migrations/0235_suppression_crm_write_back.sql
\ir migrations/0236_contact_search_pending_lists.sql
\ir migrations/0237_analytics_rollups.sql
\ir migrations/0238_analytics_contact_rollups.sql
\ir migrations/0239_call_result_contact_facts.sql
\ir migrations/0240_call_result_rollup_rows.sql
\ir migrations/0241_analytics_contact_people.sql
\ir migrations/0242_analytics_contact_people_platforms.sql
\ir migrations/0243_call_result_rollup_pairing.sql
\ir migrations/0244_analytics_result_days_and_quarters.sql
\ir migrations/0245_write_back_latency_four_buckets_a_doubling.sql
\ir migrations/0246_analytics_stage_and_cell_days.sql
commit;
