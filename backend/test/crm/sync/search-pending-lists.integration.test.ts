import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZContactListQuery } from '@voiceagent/shared';
import type { ContactPage, ContactPageRequest, CRMService, CrmContactRecord, ProviderSession } from '../../../src/crm/crm-service';
import { createContactsService } from '../../../src/crm/contacts/contacts-service';
import type { CrmRegistry } from '../../../src/crm/registry';
import { createSyncRunner, PENDING_LIST_CLEAN_ROWS } from '../../../src/crm/sync/sync-runner';
import { createTestDatabase, createTestUser, type TestDatabase, type TestUser } from '../../support/test-database';

/**
 * A sync that writes many contacts leaves the GIN indexes of crm_contacts (trigram search, custom
 * fields) with pending lists that every search reads; the runner merges them when such a run ends.
 * Measured with pgstattuple's pgstatginindex, installed in this file's own database. Autovacuum is
 * off for the table here, so that only the runner can have merged a list.
 */
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.pool.query('create extension if not exists pgstattuple');
  await database.pool.query('alter table public.crm_contacts set (autovacuum_enabled = false)');
});
afterAll(async () => {
  await database?.drop();
});

/** A contact with the text a real one has: names, an email, a company, a phone number. */
function contact(id: number): CrmContactRecord {
  return {
    externalId: `c-${id}`,
    firstName: `Ada${id}`,
    lastName: `Lovelace${id % 997}`,
    email: `ada.${id}@analytical${id % 50}.example`,
    phone: `+1 415 555 ${String(id % 10_000).padStart(4, '0')}`,
    mobilePhone: null,
    company: `Engines ${id % 300} Ltd`,
    jobTitle: 'Mathematician',
    lifecycleStage: 'lead',
    leadStatus: null,
    ownerId: null,
    country: 'US',
    rawProperties: {},
    crmCreatedAt: null,
    crmUpdatedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, id)),
  };
}

const PAGE_SIZE = 200;

function pagedContacts(total: number) {
  return async ({ cursor }: ContactPageRequest): Promise<ContactPage> => {
    const page = (cursor?.page as number | undefined) ?? 0;
    const first = page * PAGE_SIZE;
    const contacts = Array.from({ length: Math.min(PAGE_SIZE, total - first) }, (_, i) => contact(first + i + 1));
    return { contacts, deleted: [], nextCursor: first + PAGE_SIZE < total ? { page: page + 1 } : null, estimatedTotal: total };
  };
}

/** Syncs `total` new contacts for a new user in one full run, to the end; returns the user and the run's row. */
async function syncNewUser(total: number): Promise<{ user: TestUser; run: { status: string; created: number } }> {
  const user = await createTestUser(database.pool);
  await database.pool.query(`insert into user_crm_credentials (user_id, platform) values ($1, 'hubspot')`, [user.id]);
  const { rows } = await database.pool.query<{ id: string }>(`insert into sync_runs (user_id, platform, kind) values ($1, 'hubspot', 'full') returning id`, [user.id]);
  const runId = rows[0]!.id;
  const fetchPage = pagedContacts(total);
  const service = { platform: 'hubspot', deletionsNeedFullScan: false, readsPagesAhead: true, fetchContactsPage: (_session: ProviderSession, request: ContactPageRequest) => fetchPage(request) } as unknown as CRMService;
  const registry: CrmRegistry = { get: () => service, configured: () => [service] };
  const session = { connection: {}, getAccessToken: async () => 't', refreshAccessToken: async () => 't' } as unknown as ProviderSession;
  const runner = createSyncRunner({ pool: database.pool, registry, credentials: { getSession: async () => session }, logger: pino({ level: 'silent' }), defaultPhoneRegion: 'US' });
  expect(await runner.runSlice(runId, { deadline: Number.MAX_SAFE_INTEGER })).toBe('finished');
  const run = await database.pool.query<{ status: string; created: number }>('select status, created from sync_runs where id = $1', [runId]);
  return { user, run: run.rows[0]! };
}

/** Pending pages of each GIN index of crm_contacts, by index name. */
async function readPendingPages(): Promise<Record<string, number>> {
  const { rows } = await database.pool.query<{ name: string; pending: number }>(
    `select c.relname as name, (pgstatginindex(i.indexrelid)).pending_pages::int as pending
     from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam
     where i.indrelid = 'public.crm_contacts'::regclass and am.amname = 'gin'`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.pending]));
}

describe('the GIN pending lists of crm_contacts after a sync', () => {
  it('a run that wrote more contacts than the threshold leaves every GIN index without a pending list, and search finds them', async () => {
    const { user, run } = await syncNewUser(PENDING_LIST_CLEAN_ROWS + PAGE_SIZE);
    expect(run).toEqual({ status: 'succeeded', created: PENDING_LIST_CLEAN_ROWS + PAGE_SIZE });

    const pending = await readPendingPages();
    expect(pending).toMatchObject({ crm_contacts_search_text_trgm_idx: 0, crm_contacts_phone_digits_trgm_idx: 0, crm_contacts_custom_fields_idx: 0 });
    expect(Math.max(...Object.values(pending))).toBe(0);
    // The merged entries are in the trees: the trigram search (under the user's RLS) finds the contact.
    const contacts = createContactsService({ pool: database.pool });
    const found = await contacts.listContacts({ id: user.id, email: user.email, claims: user.claims }, ZContactListQuery.parse({ q: 'ada.1057@', limit: '5' }), null);
    expect(found.view === 'unified' ? found.items.map((item) => item.externalId) : []).toEqual(['c-1057']);
  });

  it('a small run leaves its pending entries to autovacuum', async () => {
    const { run } = await syncNewUser(300);
    expect(run).toEqual({ status: 'succeeded', created: 300 });

    const pending = await readPendingPages();
    expect(pending.crm_contacts_search_text_trgm_idx).toBeGreaterThan(0);
    expect(pending.crm_contacts_phone_digits_trgm_idx).toBeGreaterThan(0);
  });

  it('a merge that fails leaves the run succeeded', async () => {
    await database.pool.query('revoke execute on function private.clean_crm_contacts_pending_lists() from service_role');
    try {
      const { run } = await syncNewUser(PENDING_LIST_CLEAN_ROWS + PAGE_SIZE);
      expect(run).toEqual({ status: 'succeeded', created: PENDING_LIST_CLEAN_ROWS + PAGE_SIZE });
      expect((await readPendingPages()).crm_contacts_search_text_trgm_idx).toBeGreaterThan(0);
    } finally {
      await database.pool.query('grant execute on function private.clean_crm_contacts_pending_lists() to service_role');
    }
  });
});
