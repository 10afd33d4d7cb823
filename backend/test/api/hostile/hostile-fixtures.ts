import type pg from 'pg';
import { expect } from 'vitest';
import type { Endpoint } from '@voiceagent/shared';
import { insertContacts } from '../../crm/contacts/contact-fixtures';
import { approveConsent } from '../../support/sandbox-consent';
import type { TestProduct } from '../../support/start-test-product';
import { createTestBrowser } from '../../support/test-browser';
import { signUpTestUser, type TestUser } from '../../support/test-users';
import type { Baseline } from './hostile-requests';

/** What a valid request of each operation refers to: one of everything, owned by the user. */
export type UserWorld = {
  user: TestUser;
  contactId: string;
  agentId: string;
  campaignId: string;
  campaignContactId: string;
  syncRunId: string;
  segmentId: string;
  bulkJobId: string;
  bulkDeleteId: string;
  importId: string;
  suppressionId: string;
  /** A lease id that names no lease: the world's campaign runs on the real clock, so a real one may not exist. */
  leaseId: string;
};

/** A user with both CRMs connected, contacts, an agent, a campaign and a sync run: every id a valid request needs. */
export async function createUserWorld(product: TestProduct): Promise<UserWorld> {
  const user = await signUpTestUser(product);
  const browser = createTestBrowser();
  for (const platform of ['hubspot', 'zoho']) {
    const start = await browser.fetch(`${product.url}/api/v1/crm/${platform}/oauth`, { headers: user.authorization });
    const callback = await approveConsent(((await start.json()) as { url: string }).url);
    expect((await browser.fetch(callback, { redirect: 'manual' })).status).toBe(302);
  }
  const [contactId] = await insertContacts(product.pool, user.id, [
    { platform: 'hubspot', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.test', phoneE164: '+442071234567' },
    { platform: 'zoho', firstName: 'Grace', lastName: 'Hopper', phoneE164: '+12025550123' },
  ]);
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${product.url}/api/v1${path}`, { method: 'POST', headers: { ...user.authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
    return (await res.json()) as Record<string, { id: string }>;
  };
  const segmentId = ((await post('/segments', { name: 'Callable', filter: { callable: true } })) as unknown as { id: string }).id;
  const agentId = (await post('/agents', { name: 'Agent', voice: 'sage', contacts: { segmentId } })).agent!.id;
  const campaignId = (await post('/campaigns', { agentId, name: 'Campaign' })).campaign!.id;
  const { rows } = await product.pool.query<{ id: string }>('select id from campaign_contacts where campaign_id = $1 limit 1', [campaignId]);
  const syncRunId = (await product.pool.query<{ id: string }>('select id from sync_runs where user_id = $1 limit 1', [user.id])).rows[0]!.id;
  const bulkJobId = (await post('/bulk-updates', BODIES.createBulkUpdate!({ contactId } as UserWorld))).job!.id;
  // Queued only (the tests run no workers): nothing is archived.
  const bulkDeleteId = (await post('/bulk-deletes', BODIES.createBulkDelete!({ contactId } as UserWorld))).job!.id;
  // An import waiting for its mapping (a multipart upload: not a JSON body).
  const upload = new FormData();
  upload.append('file', new Blob(['First Name,Email\r\nAda,ada.import@example.test\r\n'], { type: 'text/csv' }), 'contacts.csv');
  const imported = await fetch(`${product.url}/api/v1/crm/hubspot/imports`, { method: 'POST', headers: user.authorization, body: upload });
  expect(imported.status, await imported.clone().text()).toBe(201);
  const importId = ((await imported.json()) as { import: { id: string } }).import.id;
  const suppressionId = ((await post('/suppressions', BODIES.createSuppression!({} as UserWorld))) as unknown as { id: string }).id;
  return { user, contactId: contactId!, agentId, campaignId, campaignContactId: rows[0]!.id, syncRunId, segmentId, bulkJobId, bulkDeleteId, importId, suppressionId, leaseId: crypto.randomUUID() };
}

/** A valid request of the operation, which mutations then break. */
export function buildBaseline(operation: Endpoint, world: UserWorld): Baseline {
  const params: Record<string, string> = {};
  for (const name of Object.keys(operation.request?.params?.shape ?? {})) {
    params[name] = name === 'platform' ? 'hubspot' : name === 'contactId' ? world.campaignContactId : name === 'leaseId' ? world.leaseId : idFor(operation.path, world);
  }
  const body = BODIES[operation.operationId]?.(world);
  const query = QUERIES[operation.operationId] ?? {};
  return { params, query, headers: {}, body: body === undefined ? { kind: 'none' } : { kind: 'json', value: body } };
}

/** Valid queries of the operations that need one (the analytics' range). */
const ANALYTICS_RANGE = { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00-05:00', granularity: 'day', timeZone: 'America/New_York' };
const QUERIES: Record<string, Record<string, string>> = {
  getContactAnalytics: ANALYTICS_RANGE,
  getSyncAnalytics: ANALYTICS_RANGE,
  getCampaignAnalytics: ANALYTICS_RANGE,
  getWriteBackAnalytics: ANALYTICS_RANGE,
};

function idFor(path: string, world: UserWorld): string {
  if (path.startsWith('/api/v1/agents/')) return world.agentId;
  if (path.startsWith('/api/v1/campaigns/')) return world.campaignId;
  if (path.startsWith('/api/v1/crm/sync/runs/')) return world.syncRunId;
  if (path.startsWith('/api/v1/crm/contacts/')) return world.contactId;
  if (path.startsWith('/api/v1/segments/')) return world.segmentId;
  if (path.startsWith('/api/v1/bulk-updates/')) return world.bulkJobId;
  if (path.startsWith('/api/v1/bulk-deletes/')) return world.bulkDeleteId;
  if (path.startsWith('/api/v1/imports/')) return world.importId;
  if (path.startsWith('/api/v1/suppressions/')) return world.suppressionId;
  throw new Error(`no id for ${path}: add it to idFor`);
}

/** Valid bodies of the operations that take one. */
export const BODIES: Record<string, (world: UserWorld) => unknown> = {
  // A channel that does not exist: every request to it is refused (401), so nothing is stored.
  receiveZohoNotification: () => ({ server_time: 1_767_225_600_000, module: 'Contacts', ids: ['1'], operation: 'update', channel_id: '1', token: 'not-a-channel-token' }),
  createContact: () => ({ firstName: 'New', lastName: 'Person', email: 'new.person@example.test', phone: '+14155550100' }),
  createContacts: () => ({ contacts: [{ firstName: 'New', email: 'batch.person@example.test' }, { phone: '+14155550101' }] }),
  queryContacts: () => ({
    platform: ['hubspot', 'zoho'],
    q: 'ada',
    where: { and: [{ field: 'company', operator: 'contains', value: 'Engines' }, { not: { field: 'crmCreatedAt', operator: 'between', value: ['2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z'] } }] },
    view: 'separate',
    limit: 10,
  }),
  createAgent: (world) => ({
    name: 'Agent',
    voice: 'sage',
    greeting: 'Hello',
    contacts: { contactIds: [world.contactId], filter: { platform: ['hubspot'], q: 'ada', callable: true, where: { field: 'emailDomain', operator: 'eq', value: 'example.test' } }, excludeIds: [] },
  }),
  createSegment: () => ({ name: 'Acme callers', description: 'At Acme', filter: { platform: ['hubspot'], q: 'ada', callable: true, where: { field: 'company', operator: 'eq', value: 'Acme' } } }),
  updateSegment: () => ({ name: 'Renamed', description: '', filter: { where: { or: [{ field: 'isCallable', operator: 'eq', value: true }, { field: 'email', operator: 'is_not_empty' }] } } }),
  previewAgentPrompt: (world) => ({ greeting: 'Hi {{contact.first_name | "there"}}', instructions: 'Ask about renewal.', contactId: world.contactId }),
  createCampaign: (world) => ({ agentId: world.agentId, name: 'Campaign', contactIds: [world.contactId], filter: { q: 'grace' } }),
  createBulkUpdate: (world) => ({ selection: { contactIds: [world.contactId] }, set: { hubspot: { contact: { field: 'jobtitle', value: 'Buyer' } } } }),
  createBulkDelete: (world) => ({ selection: { contactIds: [world.contactId] }, confirm: true }),
  startImport: () => ({ mapping: ['firstName', 'email'] }),
  updateUserSettings: () => ({ timeZone: 'Europe/London' }),
  removeAgentContacts: (world) => ({ contactIds: [world.contactId] }),
  exportContactsByBody: () => ({ platform: ['hubspot'], q: 'ada', where: { field: 'company', operator: 'contains', value: 'Engines' }, includeDeleted: false, columns: ['name', 'email'] }),
  // Unsigned (every hostile request is): refused before the body is read; signed ones are tried in hostile-input.
  receiveHubSpotWebhooks: () => [
    { eventId: 101, subscriptionType: 'contact.propertyChange', portalId: 1, objectId: 1, occurredAt: 1_767_225_600_000, attemptNumber: 0, propertyName: 'firstname', propertyValue: 'Ada' },
  ],
  updateCampaign: () => ({
    name: 'Renamed campaign',
    callingWindow: { days: ['mon', 'wed'], start: '10:00', end: '24:00' },
    excludedDates: ['2026-12-25'],
    unknownTimeZone: { mode: 'fallback', timeZone: 'Europe/London' },
    startsOn: '2026-01-01',
    endsOn: null,
    maxAttempts: 4,
    retryAfter: { no_answer: 'PT4H', voicemail: 'P1D' },
  }),
  leaseCampaignContacts: () => ({ limit: 5, leaseSeconds: 60, holder: 'caller-1' }),
  createSuppression: () => ({ phone: '+1 (415) 555-0177', reason: 'Asked by email' }),
  postCampaignResults: (world) => ({
    results: [{ campaignContactId: world.campaignContactId, callId: 'call-1', status: 'completed', outcome: 'interested', startedAt: '2026-01-01T10:00:00Z', durationSec: 60, summary: 'Fine' }],
  }),
};

/**
 * A fingerprint of everything the user owns: rows and their contents, per table with a user_id
 * in public, plus every row of every such table (a hostile request must not write to anyone).
 */
export async function fingerprintData(pool: pg.Pool, userId: string): Promise<Record<string, string>> {
  const { rows: tables } = await pool.query<{ table_name: string }>(
    `select table_name from information_schema.columns
     where table_schema = 'public' and column_name = 'user_id' order by table_name`,
  );
  const fingerprint: Record<string, string> = {};
  for (const { table_name: table } of tables) {
    const { rows } = await pool.query<{ mine: string; total: number }>(
      `select coalesce(md5(string_agg(t::text, '|' order by t::text) filter (where t.user_id = $1)), '-') as mine, count(*)::int as total
       from public.${table} t`,
      [userId],
    );
    fingerprint[table] = `${rows[0]!.mine} / ${rows[0]!.total} rows`;
  }
  return fingerprint;
}
