import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, createTestUser, type TestDatabase, type TestUser } from '../support/test-database';

/**
 * What a signed-in user can do to the tables directly. Supabase's Data API (PostgREST) serves
 * `public` as role `authenticated` with the user's JWT claims, so every privilege that role holds
 * is a write a user can make without our API's checks. It may read its own rows, and write only
 * what the API lets a user edit as such; every other write is the server's (migration 0110).
 */

// The columns a user edits through the API: PATCH /crm/:platform/settings, PATCH /agents/:id, a
// segment's name and description (PATCH /segments/:id; its filter is checked by the server).
const USER_UPDATABLE: Record<string, string[]> = {
  user_crm_credentials: ['default_phone_region'],
  agents: ['name', 'voice', 'greeting', 'instructions'],
  segments: ['name', 'description'],
};

// Tables the API reads as the user (lists, details, progress). The others only the server reads.
const USER_READABLE = [
  'agent_contacts',
  'analytics_call_cell_days',
  'analytics_call_contact_hours',
  'analytics_call_days',
  'analytics_call_hours',
  'analytics_call_quarters',
  'analytics_call_stage_days',
  'analytics_campaign_days',
  'analytics_campaign_hours',
  'analytics_campaign_quarters',
  'analytics_contact_hours',
  'analytics_contact_people',
  'analytics_contact_people_platforms',
  'analytics_contact_prefixes',
  'analytics_contact_stages',
  'analytics_write_back_days',
  'analytics_write_back_hours',
  'analytics_write_back_quarters',
  'agents',
  'audit_events',
  'bulk_job_items',
  'bulk_jobs',
  'campaign_call_results',
  'campaign_contacts',
  'campaigns',
  'crm_contact_counts',
  'crm_contacts',
  'crm_field_catalogues',
  'crm_field_mappings',
  'live_events',
  'crm_list_members',
  'segments',
  'suppressions',
  'sync_runs',
  'user_crm_credentials',
  'user_settings',
];

// Rows a user may delete as such: DELETE /suppressions/:id is the API's own statement, under RLS.
const USER_DELETABLE = ['suppressions'];

type Seeded = {
  user: TestUser;
  credentialId: string;
  contactId: string;
  runId: string;
  agentId: string;
  campaignId: string;
  campaignContactId: string;
  resultId: string;
  segmentId: string;
  bulkJobId: string;
};

/** A user as the product leaves them after connecting, syncing, creating an agent and a campaign, and a reported call. */
async function seedUser(pool: pg.Pool, label: string): Promise<Seeded> {
  const user = await createTestUser(pool, `${label}-${crypto.randomUUID()}@example.test`);
  const one = async (sql: string, values: unknown[]) => ((await pool.query<{ id: string }>(sql, values)).rows[0] as { id: string }).id;
  const credentialId = await one(
    `insert into public.user_crm_credentials (user_id, platform, access_token_encrypted, refresh_token_encrypted, token_expires_at,
       scopes, external_account_id, account_name, api_domain, status, last_synced_at, last_full_sync_at, sync_watermark)
     values ($1, 'hubspot', 'v1:k1:sealed-access', 'v1:k1:sealed-refresh', now() + interval '30 minutes', '{oauth}', '62515',
       'Portal', 'https://api.hubapi.com', 'connected', now(), now(), now() - interval '1 hour') returning id`,
    [user.id],
  );
  const contactId = await one(
    `insert into public.crm_contacts (user_id, platform, external_id, first_name, last_name, email, phone, phone_e164, company)
     values ($1, 'hubspot', '501', 'Zoë', 'Ng', 'zoe@example.test', '(415) 555-0100', '+14155550100', 'Acme') returning id`,
    [user.id],
  );
  // Zoë in Zoho too: a person in two CRMs, so that every contact rollup holds a row of the user's.
  await pool.query(`insert into public.crm_contacts (user_id, platform, external_id, email) values ($1, 'zoho', '502', 'zoe@example.test')`, [user.id]);
  await pool.query(
    `insert into public.oauth_states (state_hash, user_id, platform, expires_at) values (md5($1::text), $1::uuid, 'zoho', now() + interval '10 minutes')`,
    [user.id],
  );
  await pool.query(`insert into public.crm_field_catalogues (user_id, platform, fields) values ($1, 'hubspot', '[]')`, [user.id]);
  await pool.query(
    `insert into public.crm_field_mappings (user_id, platform, object_type, field_name, target_kind, target_key, label, field_type)
     values ($1, 'hubspot', 'contact', 'hs_timezone', 'standard', 'timeZone', 'Time Zone', 'enumeration')`,
    [user.id],
  );
  const runId = await one(
    `insert into public.sync_runs (user_id, platform, kind, status, fetched, created, pages_done, cursor, started_at, finished_at)
     values ($1, 'hubspot', 'full', 'succeeded', 1, 1, 1, '{"after":"501"}', now(), now()) returning id`,
    [user.id],
  );
  await pool.query(`insert into public.sync_run_seen (run_id, external_id) values ($1, '501')`, [runId]);
  const segmentId = await one(
    `insert into public.segments (user_id, name, description, filter) values ($1, 'Acme', 'At Acme', '{"q":"acme"}') returning id`,
    [user.id],
  );
  const listSegmentId = await one(
    `insert into public.segments (user_id, kind, name, platform, external_list_id) values ($1, 'crm_list', 'Webinar list', 'hubspot', '7') returning id`,
    [user.id],
  );
  await pool.query(`insert into public.crm_list_members (segment_id, contact_id, user_id) values ($1, $2, $3)`, [listSegmentId, contactId, user.id]);
  const agentId = await one(
    `insert into public.agents (user_id, name, voice, greeting, instructions, contact_count, contact_source, segment_id)
     values ($1, 'Ava', 'alloy', 'Hi', 'Be brief', 1, 'segment', $2) returning id`,
    [user.id, segmentId],
  );
  await pool.query(
    `insert into public.agent_contacts (user_id, agent_id, crm_contact_id, platform, external_id, first_name, last_name, full_name, phone_e164)
     values ($1, $2, $3, 'hubspot', '501', 'Zoë', 'Ng', 'Zoë Ng', '+14155550100')`,
    [user.id, agentId, contactId],
  );
  const campaignId = await one(
    `insert into public.campaigns (user_id, agent_id, name, status, started_at, contact_count) values ($1, $2, 'Spring', 'running', now(), 1) returning id`,
    [user.id, agentId],
  );
  const campaignContactId = await one(
    `insert into public.campaign_contacts (user_id, campaign_id, crm_contact_id, platform, external_id, name, phone_e164)
     values ($1, $2, $3, 'hubspot', '501', 'Zoë Ng', '+14155550100') returning id`,
    [user.id, campaignId, contactId],
  );
  const resultId = await one(
    `insert into public.campaign_call_results (user_id, campaign_id, campaign_contact_id, platform, call_id, status, started_at, duration_sec,
       writeback_status, crm_call_id, writeback_attempts, written_back_at)
     values ($1, $2, $3, 'hubspot', 'call-1', 'completed', now(), 42, 'succeeded', 'crm-call-9', 1, now()) returning id`,
    [user.id, campaignId, campaignContactId],
  );
  await pool.query(
    `insert into public.idempotency_keys (user_id, key, request_hash, status, response_status, response_body)
     values ($1, 'key-1', 'hash', 'completed', 201, '{"id":"x"}')`,
    [user.id],
  );
  await pool.query(`insert into public.audit_events (user_id, kind, outcome, actor, details) values ($1, 'sign_in', 'success', 'user', '{}')`, [user.id]);
  const bulkJobId = await one(
    `insert into public.bulk_jobs (user_id, kind, status, total_count, succeeded_count, params, started_at, finished_at)
     values ($1, 'crm_update', 'succeeded', 1, 1, '{"targets":[]}', now(), now()) returning id`,
    [user.id],
  );
  await pool.query(
    `insert into public.bulk_job_items (job_id, user_id, contact_id, platform, external_id, status) values ($1, $2, $3, 'hubspot', '501', 'succeeded')`,
    [bulkJobId, user.id, contactId],
  );
  await pool.query(
    `insert into public.webhook_events (connection_id, user_id, platform, provider_event_id, kind, object_id, occurred_at)
     values ($1, $2, 'hubspot', 'evt-1', 'updated', '501', now())`,
    [credentialId, user.id],
  );
  await pool.query(
    `insert into public.crm_change_channels (connection_id, user_id, platform, channel_id, token_encrypted, state, expires_at)
     values ($1, $2, 'zoho', $3, 'sealed', 'active', now() + interval '1 day')`,
    [credentialId, user.id, `channel-${user.id}`],
  );
  await pool.query(`insert into public.suppressions (user_id, phone_e164, source) values ($1, '+14155550177', 'api')`, [user.id]);
  await pool.query(`insert into public.user_settings (user_id, time_zone) values ($1, 'Europe/Paris')`, [user.id]);
  return { user, credentialId, contactId, runId, agentId, campaignId, campaignContactId, resultId, segmentId, bulkJobId };
}

/** A forged row per table, as a user would post it to the Data API: values the server trusts. */
function forgedInserts(s: Seeded): Record<string, [string, unknown[]]> {
  const u = s.user.id;
  return {
    user_crm_credentials: [
      `insert into public.user_crm_credentials (user_id, platform, api_domain, access_token_encrypted, status) values ($1, 'zoho', 'http://169.254.169.254', 'x', 'connected')`,
      [u],
    ],
    audit_events: [`insert into public.audit_events (user_id, kind, outcome, actor) values ($1, 'sign_in', 'success', 'user')`, [u]],
    crm_contacts: [`insert into public.crm_contacts (user_id, platform, external_id, phone_e164) values ($1, 'hubspot', 'forged', '+14155550199')`, [u]],
    crm_contact_counts: [`insert into public.crm_contact_counts (user_id, platform, is_deleted, is_callable, contact_count) values ($1, 'zoho', false, true, 999999)`, [u]],
    oauth_states: [`insert into public.oauth_states (state_hash, user_id, platform, expires_at) values ('forged', $1, 'hubspot', now() + interval '10 years')`, [u]],
    sync_runs: [`insert into public.sync_runs (user_id, platform, kind, status, cursor) values ($1, 'zoho', 'full', 'running', '{"page_token":"x"}')`, [u]],
    sync_run_seen: [`insert into public.sync_run_seen (run_id, external_id) values ($1, 'forged')`, [s.runId]],
    agents: [`insert into public.agents (user_id, name, contact_count) values ($1, 'Forged', 1000000)`, [u]],
    agent_contacts: [
      `insert into public.agent_contacts (user_id, agent_id, platform, external_id, phone_e164) values ($1, $2, 'hubspot', 'someone-else', '+14155550199')`,
      [u, s.agentId],
    ],
    campaigns: [`insert into public.campaigns (user_id, agent_id, name, status) values ($1, $2, 'Forged', 'completed')`, [u, s.agentId]],
    campaign_contacts: [
      `insert into public.campaign_contacts (user_id, campaign_id, platform, external_id, phone_e164) values ($1, $2, 'hubspot', 'someone-else', '+14155550199')`,
      [u, s.campaignId],
    ],
    campaign_call_results: [
      `insert into public.campaign_call_results (user_id, campaign_id, campaign_contact_id, platform, call_id, status, started_at, duration_sec, writeback_status, crm_call_id)
       values ($1, $2, $3, 'hubspot', 'forged', 'completed', now(), 1, 'succeeded', 'crm-forged')`,
      [u, s.campaignId, s.campaignContactId],
    ],
    idempotency_keys: [
      `insert into public.idempotency_keys (user_id, key, request_hash, status, response_status, response_body) values ($1, 'forged', 'h', 'completed', 201, '{}')`,
      [u],
    ],
    crm_field_catalogues: [`insert into public.crm_field_catalogues (user_id, platform, fields) values ($1, 'hubspot', '[]')`, [u]],
    crm_field_mappings: [
      `insert into public.crm_field_mappings (user_id, platform, object_type, field_name, target_kind, target_key, label, field_type)
       values ($1, 'hubspot', 'contact', 'forged', 'standard', 'doNotCall', 'Forged', 'boolean')`,
      [u],
    ],
    // A filter the server never checked: a tree naming any field, counted on every read.
    segments: [`insert into public.segments (user_id, name, filter) values ($1, 'Forged', '{"where":{"field":"x","operator":"eq","value":1}}')`, [u]],
    // A member the CRM's list never had: it would join every campaign of the list's agents.
    crm_list_members: [`insert into public.crm_list_members (segment_id, contact_id, user_id) values ($1, $2, $3)`, [s.segmentId, s.contactId, u]],
    bulk_jobs: [`insert into public.bulk_jobs (user_id, kind, status, total_count, succeeded_count) values ($1, 'crm_update', 'succeeded', 1000, 1000)`, [u]],
    bulk_job_items: [
      `insert into public.bulk_job_items (job_id, user_id, platform, external_id, status) values ($1, $2, 'hubspot', 'forged', 'succeeded')`,
      [s.bulkJobId, u],
    ],
    // A change the CRM never sent: the drain would fetch and apply whatever record it names.
    webhook_events: [
      `insert into public.webhook_events (connection_id, user_id, platform, provider_event_id, kind, object_id, occurred_at)
       values ($1, $2, 'hubspot', 'forged', 'privacy_deleted', '501', now())`,
      [s.credentialId, u],
    ],
    // Server-only provider budgets: a forged bucket far in debt would stall every user's calls to that portal.
    provider_rate_budgets: [
      `insert into public.provider_rate_budgets (platform, account_key, limiter, capacity, per_second, tokens, updated_at) values ('hubspot', '62515', 'default', 1, 1, -1e9, now())`,
      [],
    ],
    // A refresh token's budget spent in advance would lock the connection out of fresh tokens.
    provider_refresh_spends: [`insert into public.provider_refresh_spends (platform, token_hash, spent_at) values ('zoho', 'forged', array[now()])`, []],
    // An event the server never wrote: the browser would show a sync or job that is not there.
    live_events: [`insert into public.live_events (user_id, kind, payload) values ($1, 'sync_run', '{}')`, [u]],
    // Analytics rollups: only the triggers on campaign_call_results write them; a forged row is a forged figure.
    analytics_call_hours: [`insert into public.analytics_call_hours (user_id, hour, platform, status, calls) values ($1, '2026-01-01T00:00:00Z', 'hubspot', 'completed', 1000)`, [u]],
    analytics_campaign_hours: [
      `insert into public.analytics_campaign_hours (user_id, hour, campaign_id, platform, calls) values ($1, '2026-01-01T00:00:00Z', $2, 'hubspot', 1000)`,
      [u, s.campaignId],
    ],
    analytics_call_contact_hours: [`insert into public.analytics_call_contact_hours (user_id, hour, platform, calls) values ($1, '2026-01-01T00:00:00Z', 'hubspot', 1000)`, [u]],
    analytics_write_back_hours: [
      `insert into public.analytics_write_back_hours (user_id, hour, platform, writeback_status, results) values ($1, '2026-01-01T00:00:00Z', 'hubspot', 'succeeded', 1000)`,
      [u],
    ],
    analytics_call_days: [`insert into public.analytics_call_days (user_id, day, platform, status, calls) values ($1, '2026-01-01T00:00:00Z', 'hubspot', 'completed', 1000)`, [u]],
    analytics_campaign_days: [
      `insert into public.analytics_campaign_days (user_id, day, campaign_id, platform, calls) values ($1, '2026-01-01T00:00:00Z', $2, 'hubspot', 1000)`,
      [u, s.campaignId],
    ],
    analytics_call_quarters: [`insert into public.analytics_call_quarters (user_id, quarter, platform, status, calls) values ($1, '2026-01-01T00:00:00Z', 'hubspot', 'completed', 1000)`, [u]],
    analytics_campaign_quarters: [
      `insert into public.analytics_campaign_quarters (user_id, quarter, campaign_id, platform, calls) values ($1, '2026-01-01T00:00:00Z', $2, 'hubspot', 1000)`,
      [u, s.campaignId],
    ],
    analytics_write_back_quarters: [
      `insert into public.analytics_write_back_quarters (user_id, quarter, platform, writeback_status, results) values ($1, '2026-01-01T00:00:00Z', 'hubspot', 'succeeded', 1000)`,
      [u],
    ],
    analytics_write_back_days: [
      `insert into public.analytics_write_back_days (user_id, day, platform, writeback_status, results) values ($1, '2026-01-01T00:00:00Z', 'hubspot', 'succeeded', 1000)`,
      [u],
    ],
    analytics_call_stage_days: [`insert into public.analytics_call_stage_days (user_id, day, platform, calls) values ($1, '2026-01-01T00:00:00Z', 'hubspot', 1000)`, [u]],
    analytics_call_cell_days: [`insert into public.analytics_call_cell_days (user_id, day, platform, calls) values ($1, '2026-01-01T00:00:00Z', 'hubspot', 1000)`, [u]],
    // Contact rollups: only the triggers on crm_contacts write them.
    analytics_contact_hours: [
      `insert into public.analytics_contact_hours (user_id, date_column, hour, platform, contacts) values ($1, 'created_at', '2026-01-01T00:00:00Z', 'hubspot', 1000)`,
      [u],
    ],
    analytics_contact_stages: [`insert into public.analytics_contact_stages (user_id, platform, lifecycle_stage, contacts) values ($1, 'hubspot', 'customer', 1000)`, [u]],
    analytics_contact_people: [`insert into public.analytics_contact_people (user_id, person, hubspot, zoho) values ($1, md5('ada@example.test')::uuid, 1, 1)`, [u]],
    analytics_contact_people_platforms: [`insert into public.analytics_contact_people_platforms (user_id, platforms, people, contacts) values ($1, 'hubspot+zoho', 1000, 2000)`, [u]],
    analytics_contact_prefixes: [`insert into public.analytics_contact_prefixes (user_id, platform, prefix, contacts, reachable) values ($1, 'hubspot', '+141', 1000, 1000)`, [u]],
    // A zone the server never checked: Postgres would refuse it in every analytics request.
    user_settings: [`insert into public.user_settings (user_id, time_zone) values ($1, 'Nowhere/Land')`, [u]],
    // A channel whose token the user chose: forged notifications would then pass the receiver's check.
    crm_change_channels: [
      `insert into public.crm_change_channels (connection_id, user_id, platform, channel_id, token_encrypted, state) values ($1, $2, 'zoho', '42', 'known', 'active')`,
      [s.credentialId, u],
    ],
    // A suppression claiming to come from a call: only the server normalises numbers and names sources.
    suppressions: [`insert into public.suppressions (user_id, phone_e164, source) values ($1, '+14155550100', 'call_result')`, [u]],
    // Not a user's table, but under RLS in public: a forged row would make the migrator skip a migration.
    schema_migrations: [`insert into public.schema_migrations (name, checksum) values ('9999_later.sql', 'forged')`, []],
  };
}

type Attempt = { what: string; sql: string; values?: unknown[] };
type Outcome = { what: string; code: string | null; rowCount: number | null };

describe('the Data API as a signed-in user (role authenticated with their claims)', () => {
  let database: TestDatabase;
  let alice: Seeded;
  let bob: Seeded;
  let client: pg.PoolClient;
  // public tables holding users' rows (those with a user_id) and every other table under RLS.
  let tables: string[];
  let columnsOf: Map<string, Array<{ name: string; isGenerated: boolean }>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    alice = await seedUser(database.pool, 'alice');
    bob = await seedUser(database.pool, 'bob');
    const { rows } = await database.pool.query<{ table: string; column: string; is_generated: string }>(
      `select c.relname as table, col.column_name as column, col.is_generated
       from pg_class c
       join information_schema.columns col on col.table_schema = 'public' and col.table_name = c.relname
       where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
         and (c.relrowsecurity or exists (select 1 from information_schema.columns u
              where u.table_schema = 'public' and u.table_name = c.relname and u.column_name = 'user_id'))
       order by 1, col.ordinal_position`,
    );
    columnsOf = new Map();
    for (const row of rows) columnsOf.set(row.table, [...(columnsOf.get(row.table) ?? []), { name: row.column, isGenerated: row.is_generated === 'ALWAYS' }]);
    tables = [...columnsOf.keys()];
    client = await database.pool.connect();
  });
  afterAll(async () => {
    client?.release();
    await database?.drop();
  });

  /** Each attempt in a transaction of its own, as PostgREST runs a request, rolled back after. */
  async function asDataApi(user: TestUser, attempts: Attempt[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (const attempt of attempts) {
      await client.query('begin');
      try {
        await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true), set_config('request.method', 'PATCH', true)`, [
          JSON.stringify({ sub: user.id, role: 'authenticated', aud: 'authenticated', email: user.email }),
        ]);
        const result = await client.query(attempt.sql, attempt.values);
        outcomes.push({ what: attempt.what, code: null, rowCount: result.rowCount });
      } catch (error) {
        outcomes.push({ what: attempt.what, code: (error as { code?: string }).code ?? String(error), rowCount: null });
      } finally {
        await client.query('rollback');
      }
    }
    return outcomes;
  }

  const INSUFFICIENT_PRIVILEGE = '42501';
  const notRefused = (outcomes: Outcome[]) => outcomes.filter((outcome) => outcome.code !== INSUFFICIENT_PRIVILEGE);
  const ownRows = (table: string) => (columnsOf.get(table)!.some((column) => column.name === 'user_id') ? 'user_id = auth.uid()' : 'true');

  it('covers every table that holds users\' rows or is under RLS', () => {
    expect(tables.sort()).toEqual(Object.keys(forgedInserts(alice)).sort());
  });

  it('refuses an insert into every user table, however plausible the row', async () => {
    const forged = forgedInserts(alice);
    const outcomes = await asDataApi(alice.user, tables.map((table) => ({ what: table, sql: forged[table]![0], values: forged[table]![1] })));

    expect(notRefused(outcomes)).toEqual([]);
  });

  it('refuses an update of every column the API does not let a user edit, in every user table', async () => {
    const attempts = tables.flatMap((table) =>
      columnsOf
        .get(table)!
        .filter((column) => !(USER_UPDATABLE[table] ?? []).includes(column.name))
        .map((column) => ({
          what: `${table}.${column.name}`,
          // Generated columns can only be "set" to their default; that still needs the privilege.
          sql: `update public.${table} set ${column.name} = ${column.isGenerated ? 'default' : column.name} where ${ownRows(table)}`,
        })),
    );
    expect(attempts.length).toBeGreaterThan(150);

    expect(notRefused(await asDataApi(alice.user, attempts))).toEqual([]);
  });

  it('refuses to delete (but from the tables the API lets a user delete from) or truncate any user table', async () => {
    const outcomes = await asDataApi(alice.user, [
      ...tables.filter((table) => !USER_DELETABLE.includes(table)).map((table) => ({ what: `delete ${table}`, sql: `delete from public.${table} where ${ownRows(table)}` })),
      ...tables.map((table) => ({ what: `truncate ${table}`, sql: `truncate public.${table} cascade` })),
    ]);

    expect(notRefused(outcomes)).toEqual([]);
  });

  it('refuses the writes that would turn the server against the user or fake its work', async () => {
    const outcomes = await asDataApi(alice.user, [
      // A sync would send the user's bearer token to the cloud metadata service.
      { what: 'api_domain', sql: `update public.user_crm_credentials set api_domain = 'http://169.254.169.254/latest' where user_id = auth.uid()` },
      { what: 'status', sql: `update public.user_crm_credentials set status = 'connected', last_error_code = null where user_id = auth.uid()` },
      { what: 'sync cursor', sql: `update public.sync_runs set status = 'running', cursor = '{"after":"0"}' where user_id = auth.uid()` },
      { what: 'written-back call id', sql: `update public.campaign_call_results set crm_call_id = 'crm-forged' where user_id = auth.uid()` },
      { what: 'call outcome', sql: `update public.campaign_contacts set call_status = 'completed', outcome = 'sale' where user_id = auth.uid()` },
      { what: 'replayed response', sql: `update public.idempotency_keys set response_body = '{"forged":true}' where user_id = auth.uid()` },
      { what: 'contact phone', sql: `update public.crm_contacts set phone_e164 = '+14155550199' where user_id = auth.uid()` },
      { what: 'oauth state', sql: `update public.oauth_states set consumed_at = null, expires_at = 'infinity' where user_id = auth.uid()` },
      { what: 'segment filter', sql: `update public.segments set filter = '{"where":{"field":"x","operator":"eq","value":1}}' where user_id = auth.uid()` },
      { what: 'agent segment', sql: `update public.agents set segment_id = null where user_id = auth.uid()` },
      // A user could hide a degraded real-time sync (and keep the scheduled sync at its slow interval).
      { what: 'webhook health', sql: `update public.user_crm_credentials set webhook_last_event_at = now(), webhook_sync_found_changes_at = null where user_id = auth.uid()` },
      { what: 'agent snapshot link', sql: `update public.agent_contacts set external_id = 'x' where user_id = auth.uid()` },
      // A user could hide why near-real-time checks stopped (Salesforce's API reserve).
      { what: 'change poll pause', sql: `update public.user_crm_credentials set change_poll_paused_at = null, change_poll_pause_code = null, change_poll_pause_message = null where user_id = auth.uid()` },
    ]);

    expect(outcomes.map((outcome) => [outcome.what, outcome.code])).toEqual(outcomes.map((outcome) => [outcome.what, INSUFFICIENT_PRIVILEGE]));
  });

  it('lets a user make the edits the API offers, to their own rows only', async () => {
    const edits = (whose: Seeded) => [
      { what: 'phone region', sql: `update public.user_crm_credentials set default_phone_region = 'DE' where id = $1`, values: [whose.credentialId] },
      {
        what: 'agent',
        sql: `update public.agents set name = 'Ava 2', voice = 'verse', greeting = 'Hello', instructions = 'Be kind' where id = $1`,
        values: [whose.agentId],
      },
      { what: 'segment', sql: `update public.segments set name = 'Acme 2', description = 'Renamed' where id = $1`, values: [whose.segmentId] },
    ];

    expect(await asDataApi(alice.user, edits(alice))).toEqual([
      { what: 'phone region', code: null, rowCount: 1 },
      { what: 'agent', code: null, rowCount: 1 },
      { what: 'segment', code: null, rowCount: 1 },
    ]);
    // Bob's rows are invisible to Alice: the same statements change nothing.
    expect(await asDataApi(alice.user, edits(bob))).toEqual([
      { what: 'phone region', code: null, rowCount: 0 },
      { what: 'agent', code: null, rowCount: 0 },
      { what: 'segment', code: null, rowCount: 0 },
    ]);
  });

  it('lets a user delete their own suppressions, and not another user\'s', async () => {
    const deletion = { what: 'suppressions', sql: `delete from public.suppressions where phone_e164 = '+14155550177'` };
    expect(await asDataApi(alice.user, [deletion])).toEqual([{ what: 'suppressions', code: null, rowCount: 1 }]);
    const bobs = await database.pool.query('select count(*)::int as n from public.suppressions where user_id = $1', [bob.user.id]);
    expect(bobs.rows[0]).toEqual({ n: 1 });
  });

  it('lets a user read their own rows of the tables the API reads as them, and nothing of the rest', async () => {
    const outcomes = await asDataApi(
      alice.user,
      tables.map((table) => ({ what: table, sql: `select count(*) filter (where ${ownRows(table)})::int as own, count(*)::int as seen from public.${table}` })),
    );
    const readable = outcomes.filter((outcome) => outcome.code === null).map((outcome) => outcome.what);

    expect(readable.sort()).toEqual([...USER_READABLE].sort());
    expect(outcomes.filter((outcome) => outcome.code !== null && outcome.code !== INSUFFICIENT_PRIVILEGE)).toEqual([]);
    // Every readable table shows Alice's rows and only hers.
    for (const table of USER_READABLE) {
      const [row] = (await readAs(alice.user, `select count(*) filter (where user_id = auth.uid())::int as own, count(*)::int as seen from public.${table}`)) as Array<{ own: number; seen: number }>;
      expect(row, table).toMatchObject({ own: row!.seen });
      expect(row!.seen, table).toBeGreaterThan(0);
    }
  });

  async function readAs(user: TestUser, sql: string): Promise<unknown[]> {
    await client.query('begin');
    try {
      await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: user.id, role: 'authenticated' })]);
      return (await client.query(sql)).rows;
    } finally {
      await client.query('rollback');
    }
  }

  it('gives anonymous requests nothing, and exposes no callable function in public', async () => {
    const { rows } = await database.pool.query<{ table: string }>(
      `select t as table from unnest($1::text[]) t
       where has_table_privilege('anon', 'public.' || t, 'select, insert, update, delete, truncate, references, trigger')`,
      [tables],
    );
    expect(rows).toEqual([]);
    const functions = await database.pool.query(
      `select p.oid::regprocedure::text as fn from pg_proc p
       where p.pronamespace = 'public'::regnamespace
         and (has_function_privilege('authenticated', p.oid, 'execute') or has_function_privilege('anon', p.oid, 'execute'))`,
    );
    expect(functions.rows).toEqual([]);
  });
});
