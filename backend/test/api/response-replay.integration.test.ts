import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildEndpointPath,
  ENDPOINT_LIST,
  type TAuditListResponse,
  endpoints,
  ZApiError,
  type TAgentContactListResponse,
  type TBulkJob,
  type TBulkJobDetail,
  type TCampaignDetail,
  type TContactListResponse,
  type TCrmCredentialsResponse,
  type TCreateAgentResponse,
  type TCreateCampaignResponse,
  type TCrmFieldCatalogue,
  type TSegment,
  type TLeaseResponse,
  type TSuppression,
  type TFieldMappingsResponse,
  type TSyncRunListResponse,
  type TEventTicket,
} from '@voiceagent/shared';
import { HUBSPOT_DEFAULT_APP } from '@voiceagent/crm-sandbox';
import type { ApiResponseRecord } from '../../src/http/response-hook';
import { contactEvent, deliver } from '../crm/webhooks/hubspot-delivery';
import { openEventStream } from '../support/event-stream-client';
import { listErrorCodes } from '../../src/openapi/error-responses';
import { sandboxOriginOf, signUpConnectedUser } from '../support/run-mode-sandboxes';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import type { TestUser } from '../support/test-users';

/**
 * The product's real responses, recorded as it wrote them (createApp's onResponse) during one
 * scenario that calls every endpoint of the table — sign up, connect both sandbox CRMs, sync,
 * list and create contacts, an agent, a campaign and its results, disconnect — and a few
 * failures. Each is then replayed against its endpoint's declaration: the declared status, a
 * body the declared schema reads without dropping anything, and errors with a code the
 * endpoint declares.
 */
const records: ApiResponseRecord[] = [];
let product: TestProduct;
let user: TestUser;

beforeAll(async () => {
  product = await startTestProduct({ CRM_SANDBOX_CONTACTS: '20' }, { onResponse: (record) => records.push(record) });
  await runScenario();
}, 60_000);
afterAll(async () => {
  await product?.close();
});

type Answer<T = unknown> = { status: number; body: T };

async function call<T = unknown>(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; as?: TestUser | null } = {}): Promise<Answer<T>> {
  const as = options.as === undefined ? user : options.as;
  const res = await fetch(`${product.url}${path}`, {
    method,
    redirect: 'manual',
    headers: { ...(as ? as.authorization : {}), ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T };
}

async function expectStatus<T>(answer: Promise<Answer<T>>, status: number): Promise<T> {
  const { status: actual, body } = await answer;
  if (actual !== status) throw new Error(`expected ${status}, got ${actual}: ${JSON.stringify(body).slice(0, 500)}`);
  return body;
}

async function waitForSyncs(): Promise<TSyncRunListResponse> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const page = await expectStatus(call<TSyncRunListResponse>('GET', '/api/v1/crm/sync/runs'), 200);
    if (page.runs.length >= 2 && page.runs.every((run) => ['succeeded', 'failed', 'cancelled'].includes(run.status))) return page;
    if (Date.now() > deadline) throw new Error(`syncs still running: ${JSON.stringify(page.runs)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function runScenario(): Promise<void> {
  const api = '/api/v1';
  // Public endpoints.
  for (const path of ['/healthz', '/readyz', `${api}/config`, `${api}/openapi.json`]) await expectStatus(call('GET', path, { as: null }), 200);

  // Connecting both CRMs through their consent pages: startCrmAuthorization and the callback.
  user = await signUpConnectedUser(product, 'hubspot', 'zoho');
  expect((await call('GET', `${api}/crm/hubspot/callback?state=forged&code=x`, { as: null })).status).toBe(302);
  await expectStatus(call('GET', `${api}/me`), 200);
  await expectStatus(call('GET', `${api}/me`, { as: null }), 401);
  await expectStatus(call('GET', `${api}/crm/credentials`), 200);

  // Sync: the first runs, their progress, and syncs started by hand.
  const runs = await waitForSyncs();
  await expectStatus(call('GET', `${api}/crm/sync/runs/${runs.runs[0]!.id}`), 200);
  await expectStatus(call('POST', `${api}/crm/hubspot/sync`), 202);
  await expectStatus(call('POST', `${api}/crm/sync`), 202);
  await waitForSyncs();
  await expectStatus(call('PATCH', `${api}/crm/zoho/settings`, { body: { defaultPhoneRegion: 'DE' } }), 200);
  await waitForSyncs();
  // Real-time sync: HubSpot's signed delivery of a change at run mode's sandbox portal.
  const delivered = await deliver([contactEvent(62515, 'contact.propertyChange', 1, { propertyName: 'firstname' })], {
    productUrl: product.url,
    signedUrl: `${product.url}${endpoints.receiveHubSpotWebhooks.path}`,
    clientSecret: HUBSPOT_DEFAULT_APP.clientSecret!,
  });
  expect(delivered.status).toBe(200);

  // Custom fields: the catalogue, a refresh, the mapping, a change of it (its backfill) and a refused one.
  const catalogue = await expectStatus(call<TCrmFieldCatalogue>('GET', `${api}/crm/hubspot/fields`), 200);
  await expectStatus(call('POST', `${api}/crm/hubspot/fields/refresh`), 200);
  const mapping = await expectStatus(call<TFieldMappingsResponse>('GET', `${api}/crm/hubspot/field-mappings`), 200);
  const custom = catalogue.fields.find((field) => field.custom);
  if (!custom) throw new Error('the HubSpot sandbox lists no custom field');
  const kept = mapping.mappings.map(({ objectType, field, target }) => ({ objectType, field, target }));
  await expectStatus(call('PUT', `${api}/crm/hubspot/field-mappings`, { body: { mappings: [...kept, { field: custom.name, target: { kind: 'custom', key: 'replayed' } }] } }), 200);
  await expectStatus(call('PUT', `${api}/crm/hubspot/field-mappings`, { body: { mappings: [{ field: 'no_such_field', target: { kind: 'custom', key: 'x' } }] } }), 400);
  await waitForSyncs();
  await expectStatus(call('GET', `${api}/crm/credentials`), 200);

  // Contacts: both views, one contact, and creating some (with a replay and a duplicate).
  const unified = await expectStatus(call<TContactListResponse>('GET', `${api}/crm/contacts?limit=5`), 200);
  await expectStatus(call('GET', `${api}/crm/contacts?view=separate&limit=3`), 200);
  await expectStatus(call('GET', `${api}/crm/contacts?limit=many`), 400);
  if (unified.view !== 'unified' || unified.items.length === 0) throw new Error('no synced contacts');
  await expectStatus(call('GET', `${api}/crm/contacts/${unified.items[0]!.id}`), 200);
  // Filter trees: the fields they may name (the custom key mapped above among them), by URL and by body.
  await expectStatus(call('GET', `${api}/crm/contacts/filter-fields`), 200);
  const where = { or: [{ field: 'custom.replayed', operator: 'is_not_empty' }, { field: 'crmUpdatedAt', operator: 'in_last_days', value: 3650 }] };
  await expectStatus(call('GET', `${api}/crm/contacts?limit=5&where=${encodeURIComponent(JSON.stringify(where))}`), 200);
  await expectStatus(call('POST', `${api}/crm/contacts/query`, { body: { where, view: 'separate', limit: 3 } }), 200);
  await expectStatus(call('POST', `${api}/crm/contacts/query`, { body: { where: { field: 'custom.unmapped', operator: 'is_empty' } } }), 400);
  const newContact = { firstName: 'Replay', lastName: 'Tester', email: `replay.${crypto.randomUUID().slice(0, 8)}@example.com`, phone: '+49 30 1234567' };
  const key = { 'Idempotency-Key': crypto.randomUUID() };
  await expectStatus(call('POST', `${api}/crm/hubspot/contacts`, { body: newContact, headers: key }), 201);
  await expectStatus(call('POST', `${api}/crm/hubspot/contacts`, { body: newContact, headers: key }), 201);
  const duplicateKey = { 'Idempotency-Key': crypto.randomUUID() };
  await expectStatus(call('POST', `${api}/crm/hubspot/contacts`, { body: newContact, headers: duplicateKey }), 409);
  await expectStatus(call('POST', `${api}/crm/hubspot/contacts`, { body: newContact, headers: duplicateKey }), 409);
  const batch = { contacts: [{ lastName: 'Batch', email: `batch.${crypto.randomUUID().slice(0, 8)}@example.com` }, { lastName: 'No way to reach' }] };
  await expectStatus(call('POST', `${api}/crm/zoho/contacts/batch`, { body: batch }), 200);

  // Segments: a saved filter, a duplicate name, its counts and contacts, an agent from it; deleted after the campaign.
  const segmentBody = { name: 'Callable', description: 'Anyone we can call', filter: { callable: true, where: { field: 'email', operator: 'is_not_empty' } } };
  const segment = await expectStatus(call<TSegment>('POST', `${api}/segments`, { body: segmentBody }), 201);
  await expectStatus(call('POST', `${api}/segments`, { body: { ...segmentBody, name: 'CALLABLE' } }), 409);
  await expectStatus(call('GET', `${api}/segments`), 200);
  await expectStatus(call('PATCH', `${api}/segments/${segment.id}`, { body: { description: 'Callable, with an email' } }), 200);
  await expectStatus(call('GET', `${api}/segments/${segment.id}`), 200);
  // CRM lists: one made at the HubSpot sandbox (run mode serves one portal), listed, imported as a segment, read again.
  const hubspotAdmin = `${sandboxOriginOf(product, 'hubspot')}/__sandbox`;
  const [portal] = (await (await fetch(`${hubspotAdmin}/accounts`)).json()) as Array<{ id: number }>;
  const madeList = await fetch(`${hubspotAdmin}/accounts/${portal!.id}/lists`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Replayed list', memberIds: [] }),
  });
  const { listId } = (await madeList.json()) as { listId: string };
  await expectStatus(call('GET', `${api}/crm/hubspot/lists`), 200);
  const listSegment = await expectStatus(call<TSegment>('POST', `${api}/segments/crm-lists`, { body: { platform: 'hubspot', listId } }), 201);
  await expectStatus(call('POST', `${api}/segments/${listSegment.id}/refresh`), 200);
  await expectStatus(call('GET', `${api}/segments/${segment.id}/contacts?limit=3`), 200);
  const fromSegment = await expectStatus(call<TCreateAgentResponse>('POST', `${api}/agents`, { body: { name: 'Segment caller', voice: 'verse', contacts: { segmentId: segment.id } } }), 201);
  await expectStatus(call('GET', `${api}/agents/${fromSegment.agent.id}`), 200);
  // Exports: the list as CSV by query and by body, and a column that does not exist.
  await expectStatus(call('GET', `${api}/crm/contacts/export?callable=true&columns=name,phone,custom.replayed`), 200);
  await expectStatus(call('POST', `${api}/crm/contacts/export`, { body: { where: { field: 'platform', operator: 'eq', value: 'hubspot' }, columns: ['name', 'email'] } }), 200);
  await expectStatus(call('GET', `${api}/crm/contacts/export?columns=name,shoe_size`), 400);
  await expectStatus(call('GET', `${api}/segments/${segment.id}/export?columns=name,phone`), 200);

  // An agent with its snapshot.
  const agentBody = { name: 'Replay caller', voice: 'sage', greeting: 'Hi!', instructions: 'Ask about renewal.', contacts: { filter: { callable: true } } };
  const { agent } = await expectStatus(call<TCreateAgentResponse>('POST', `${api}/agents`, { body: agentBody }), 201);
  await expectStatus(call('GET', `${api}/agents`), 200);
  await expectStatus(call('GET', `${api}/agents/${agent.id}`), 200);
  await expectStatus(call('GET', `${api}/agents/${crypto.randomUUID()}`), 404);
  await expectStatus(call('PATCH', `${api}/agents/${agent.id}`, { body: { greeting: 'Hello again!' } }), 200);
  const snapshot = await expectStatus(call<TAgentContactListResponse>('GET', `${api}/agents/${agent.id}/contacts?limit=3`), 200);
  expect(snapshot.items.length).toBeGreaterThan(0);
  await expectStatus(call('GET', `${api}/agents/prompt-variables`), 200);
  const preview = { greeting: 'Hi {{contact.first_name | "there"}}!', instructions: 'Mention {{contact.company | "their company"}}.', contactId: unified.items[0]!.id };
  await expectStatus(call('POST', `${api}/agents/prompt-preview`, { body: preview }), 200);
  await expectStatus(call('POST', `${api}/agents/prompt-preview`, { body: { ...preview, greeting: 'Hi {{custom.unmapped}}' } }), 400);

  // A campaign, a reported call and its write-back.
  const { campaign } = await expectStatus(call<TCreateCampaignResponse>('POST', `${api}/campaigns`, { body: { agentId: agent.id, name: 'Replay campaign' } }), 201);
  await expectStatus(call('GET', `${api}/campaigns`), 200);
  const detail = await expectStatus(call<TCampaignDetail>('GET', `${api}/campaigns/${campaign.id}?limit=5`), 200);
  const result = { campaignContactId: detail.contacts.items[0]!.id, callId: `call-${crypto.randomUUID()}`, status: 'completed', outcome: 'interested', startedAt: '2026-03-02T10:00:00.000Z', durationSec: 42 };
  await expectStatus(call('GET', `${api}/campaigns/${campaign.id}/contacts/${result.campaignContactId}/context`), 200);
  await expectStatus(call('POST', `${api}/campaigns/${campaign.id}/results`, { body: { results: [result] } }), 200);
  await expectStatus(call('POST', `${api}/campaigns/${campaign.id}/sync-results`), 202);
  await expectStatus(call('GET', `${api}/campaigns/${campaign.id}/stats`), 200);
  await expectStatus(call('GET', `${api}/campaigns/${campaign.id}/results/export`), 200);
  // Its calling rules and queue: every day, the whole day, so the real clock finds contacts to lease.
  const wholeWeek = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '24:00' };
  const rules = { callingWindow: wholeWeek, unknownTimeZone: { mode: 'fallback', timeZone: 'UTC' }, retryAfter: { busy: 'PT10M' } };
  await expectStatus(call('PATCH', `${api}/campaigns/${campaign.id}`, { body: rules }), 200);
  await expectStatus(call('PATCH', `${api}/campaigns/${campaign.id}`, { body: { retryAfter: { busy: 'ten minutes' } } }), 400);
  const { leases } = await expectStatus(call<TLeaseResponse>('POST', `${api}/campaigns/${campaign.id}/leases`, { body: { limit: 2, leaseSeconds: 60 } }), 200);
  expect(leases.length).toBeGreaterThan(0);
  await expectStatus(call('POST', `${api}/campaigns/${campaign.id}/leases/${leases[0]!.leaseId}/extend`, { body: { leaseSeconds: 120 } }), 200);
  await expectStatus(call('GET', `${api}/campaigns/${campaign.id}/queue`), 200);
  await expectStatus(call('POST', `${api}/campaigns/${campaign.id}/pause`), 200);
  await expectStatus(call('POST', `${api}/campaigns/${campaign.id}/pause`), 409);
  await expectStatus(call('POST', `${api}/campaigns/${campaign.id}/resume`), 200);
  await expectStatus(call('POST', `${api}/campaigns/${campaign.id}/cancel`), 200);
  // The suppression list.
  const suppression = await expectStatus(call<TSuppression>('POST', `${api}/suppressions`, { body: { phone: '+1 212 555 0188', reason: 'Replayed' } }), 201);
  await expectStatus(call('POST', `${api}/suppressions`, { body: { phone: 'not a number' } }), 400);
  await expectStatus(call('GET', `${api}/suppressions?limit=5`), 200);
  await expectStatus(call('DELETE', `${api}/suppressions/${suppression.id}`), 200);
  const numbers = new FormData();
  numbers.append('file', new Blob(['phone\r\n+1 212 555 0189\r\nnot a number\r\n'], { type: 'text/csv' }), 'numbers.csv');
  expect((await fetch(`${product.url}${api}/suppressions/import`, { method: 'POST', headers: user.authorization, body: numbers })).status).toBe(200);
  const noPhoneColumn = new FormData();
  noPhoneColumn.append('file', new Blob(['Name,Email\r\nAda,ada@example.test\r\n'], { type: 'text/csv' }), 'numbers.csv');
  expect((await fetch(`${product.url}${api}/suppressions/import`, { method: 'POST', headers: user.authorization, body: noPhoneColumn })).status).toBe(400);

  // A bulk update: its dry run, a refused field, the job, its progress and a cancel after it ended.
  const bulk = { selection: { filter: { platform: 'hubspot' } }, set: { hubspot: { contact: { field: 'jobtitle', value: 'Replayed' } } } };
  await expectStatus(call('POST', `${api}/bulk-updates`, { body: { ...bulk, dryRun: true } }), 202);
  await expectStatus(call('POST', `${api}/bulk-updates`, { body: { ...bulk, set: { hubspot: { contact: { field: 'no_such_field', value: 'x' } } } } }), 400);
  const { job } = await expectStatus(call<{ job: TBulkJob }>('POST', `${api}/bulk-updates`, { body: bulk }), 202);
  for (let polls = 0; !(await expectStatus(call<TBulkJobDetail>('GET', `${api}/bulk-updates/${job.id}?limit=5`), 200)).job.finishedAt; polls += 1) {
    if (polls > 150) throw new Error('the bulk update did not end');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await expectStatus(call('POST', `${api}/bulk-updates/${job.id}/cancel`), 200);
  await expectStatus(call('POST', `${api}/agents/${agent.id}/contacts/remove`, { body: { contactIds: [snapshot.items[0]!.id] } }), 200);
  const archive = await expectStatus(call<{ job: TBulkJob }>('POST', `${api}/bulk-deletes`, { body: { selection: { contactIds: [snapshot.items[0]!.crmContactId] }, confirm: true } }), 202);
  for (let polls = 0; !(await expectStatus(call<TBulkJobDetail>('GET', `${api}/bulk-deletes/${archive.job.id}`), 200)).job.finishedAt; polls += 1) {
    if (polls > 150) throw new Error('the bulk delete did not end');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await expectStatus(call('POST', `${api}/bulk-deletes/${archive.job.id}/cancel`), 200);

  // A CSV import: the multipart upload, its preview, a refused mapping, the start, its progress, the report, a cancel after it ended.
  const upload = new FormData();
  upload.append('file', new Blob(['\uFEFFVorname;E-Mail\r\nAda;ada.replay@example.test\r\nBad;not-an-email\r\n'], { type: 'text/csv' }), 'replay.csv');
  const uploaded = await fetch(`${product.url}${api}/crm/hubspot/imports`, { method: 'POST', headers: user.authorization, body: upload });
  expect(uploaded.status).toBe(201);
  const { import: draft } = (await uploaded.json()) as { import: { id: string; finishedAt: string | null } };
  await expectStatus(call('GET', `${api}/imports/${draft.id}`), 200);
  await expectStatus(call('POST', `${api}/imports/${draft.id}/start`, { body: { mapping: ['firstName'] } }), 400);
  await expectStatus(call('POST', `${api}/imports/${draft.id}/start`, { body: { mapping: ['firstName', 'email'] } }), 202);
  for (let polls = 0; !(await expectStatus(call<{ import: { finishedAt: string | null } }>('GET', `${api}/imports/${draft.id}`), 200)).import.finishedAt; polls += 1) {
    if (polls > 150) throw new Error('the import did not end');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await expectStatus(call('GET', `${api}/imports/${draft.id}/report`), 200);
  await expectStatus(call('POST', `${api}/imports/${draft.id}/cancel`), 200);
  await expectStatus(call('DELETE', `${api}/segments/${segment.id}`), 200);

  // Zoho notifications: one the sandbox posts for a contact edited there, and one with a wrong token.
  const zohoAdmin = `${sandboxOriginOf(product, 'zoho')}/__sandbox`;
  const { connections } = await expectStatus(call<TCrmCredentialsResponse>('GET', `${api}/crm/credentials`), 200);
  const zohoOrg = connections.find((connection) => connection.platform === 'zoho')!.accountId;
  const post = (path: string, body: unknown) => fetch(`${zohoAdmin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await post(`/accounts/${zohoOrg}/contacts/modify`, { count: 1 });
  expect((await post('/notifications/idle', { timeoutMs: 10_000 })).status).toBe(200);
  const notified = (await (await fetch(`${zohoAdmin}/notifications`)).json()) as Array<{ status: number }>;
  expect(notified.map((delivery) => delivery.status)).toContain(200);
  const forged = { server_time: Date.now(), module: 'Contacts', ids: ['1'], operation: 'update', channel_id: '1', token: 'forged' };
  await expectStatus(call('POST', `${api}/crm/zoho/notifications`, { body: forged, as: null }), 401);

  // Disconnecting, and what a disconnected CRM answers.
  await expectStatus(call('DELETE', `${api}/crm/zoho`), 200);
  await expectStatus(call('POST', `${api}/crm/zoho/sync`), 404);

  // The activity log holds what the scenario did, and pages it by kind and time.
  const activity = await expectStatus(call<TAuditListResponse>('GET', `${api}/audit?limit=100`), 200);
  expect(new Set(activity.events.map((event) => event.kind))).toEqual(
    new Set(['crm_connected', 'agent_created', 'campaign_started', 'bulk_operation_started', 'bulk_operation_finished', 'crm_disconnected']),
  );
  const disconnects = await expectStatus(call<TAuditListResponse>('GET', `${api}/audit?kind=crm_disconnected`), 200);
  expect(disconnects.events.map((event) => [event.platform, event.details.revokedAtProvider])).toEqual([['zoho', true]]);
  await expectStatus(call('GET', `${api}/audit?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z`), 400);

  // Analytics: the user's zone, the four sections over the scenario's month (one as CSV, one by a custom field), a bad range.
  await expectStatus(call('PATCH', `${api}/me/settings`, { body: { timeZone: 'Europe/Berlin' } }), 200);
  await expectStatus(call('GET', `${api}/me/settings`), 200);
  const range = `from=${new Date(Date.now() - 30 * 86_400_000).toISOString()}&to=${new Date(Date.now() + 86_400_000).toISOString()}`;
  await expectStatus(call('GET', `${api}/analytics/contacts?${range}&granularity=week`), 200);
  await expectStatus(call('GET', `${api}/analytics/contacts?${range}&format=csv&chart=callableByCountry`), 200);
  await expectStatus(call('GET', `${api}/analytics/sync?${range}&platform=hubspot`), 200);
  await expectStatus(call('GET', `${api}/analytics/campaigns?${range}&field=replayed`), 200);
  await expectStatus(call('GET', `${api}/analytics/campaigns?${range}`, { headers: { accept: 'text/csv' } }), 200);
  await expectStatus(call('GET', `${api}/analytics/write-back?${range}`), 200);
  await expectStatus(call('GET', `${api}/analytics/write-back?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z`), 400);

  // The live stream: a ticket, the stream opened with it and left once it answers, a stream by header, a forged ticket.
  const ticket = await expectStatus(call<TEventTicket>('POST', `${api}/events/tickets`), 201);
  for (const [query, headers] of [[`?ticket=${encodeURIComponent(ticket.ticket)}`, {}], ['?lastEventId=1', user.authorization]] as const) {
    const stream = await openEventStream(`${product.url}${api}/events${query}`, headers);
    expect(stream.status).toBe(200);
    stream.close();
  }
  await expectStatus(call('GET', `${api}/events?ticket=forged`, { as: null }), 401);
}

const recordsOf = (operationId: string) => records.filter((record) => record.endpoint?.operationId === operationId);
const describeRecord = (record: ApiResponseRecord) => `${record.method} ${record.url} → ${record.status}`;

describe('responses recorded during a scenario, replayed against the endpoint table', () => {
  it('include a success of every endpoint', () => {
    const missing = ENDPOINT_LIST.filter((endpoint) => !recordsOf(endpoint.operationId).some((record) => record.status < 400));
    expect(missing.map((endpoint) => endpoint.operationId)).toEqual([]);
  });

  it('answer each success with the declared status and a body the declared schema reads whole', () => {
    const successes = records.filter((record) => record.endpoint && record.status < 400);
    expect(successes.length).toBeGreaterThan(ENDPOINT_LIST.length);
    for (const record of successes) {
      const { response } = record.endpoint!;
      expect(record.status, describeRecord(record)).toBe(response.status);
      if (!response.schema) continue;
      // A body that is not JSON (a CSV export) is streamed, and the record has none to read.
      if (response.contentType !== undefined && response.contentType !== 'application/json') {
        expect(record.body, describeRecord(record)).toBeUndefined();
        continue;
      }
      // The declared alternative (the analytics' CSV), asked for by Accept or ?format=.
      if (record.alternativeContentType !== undefined) {
        expect(record.alternativeContentType, describeRecord(record)).toBe(response.alternative?.contentType);
        expect(record.body, describeRecord(record)).toBeUndefined();
        continue;
      }
      const parsed = response.schema.safeParse(record.body);
      expect(parsed.success, `${describeRecord(record)}: ${parsed.error?.message}`).toBe(true);
      // Nothing undeclared: the schema's reading of the body, written as JSON, is the body itself.
      expect(JSON.parse(JSON.stringify(parsed.data)), describeRecord(record)).toEqual(JSON.parse(JSON.stringify(record.body)));
    }
  });

  it('point a redirect and a created resource at where the declaration says', () => {
    for (const record of recordsOf('completeCrmAuthorization')) expect(record.location, describeRecord(record)).toMatch(new RegExp(`^${product.url}/crm\\?`));
    const [agent] = recordsOf('createAgent');
    expect(agent!.location).toBe(buildEndpointPath(endpoints.getAgent.path, { id: (agent!.body as TCreateAgentResponse).agent.id }));
    const [campaign] = recordsOf('createCampaign');
    expect(campaign!.location).toBe(buildEndpointPath(endpoints.getCampaign.path, { id: (campaign!.body as TCreateCampaignResponse).campaign.id }));
  });

  it('show when each connection was last fully synced, once its first sync is done', () => {
    const [beforeSync, afterSync] = recordsOf('listCrmCredentials').map((record) => (record.body as TCrmCredentialsResponse).connections);
    expect(beforeSync!.length).toBe(2);
    for (const connection of afterSync!) {
      expect(connection.lastFullSyncAt, connection.platform).not.toBeNull();
      expect(Date.parse(connection.lastFullSyncAt!)).toBeGreaterThanOrEqual(Date.parse(connection.connectedAt));
    }
  });

  it('answer each failure with the error body and a code its endpoint declares (or every endpoint can answer)', () => {
    const failures = records.filter((record) => record.status >= 400);
    expect(failures.map((record) => record.status).sort()).toEqual([400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 401, 401, 401, 404, 404, 409, 409, 409, 409]);
    for (const record of failures) {
      const parsed = ZApiError.safeParse(record.body);
      expect(parsed.success, `${describeRecord(record)}: ${JSON.stringify(record.body)}`).toBe(true);
      if (!record.endpoint) continue;
      expect(listErrorCodes(record.endpoint), describeRecord(record)).toContain(parsed.data!.error.code);
    }
    // The duplicate's retry with its key is the first answer again.
    expect(recordsOf('createContact').filter((record) => record.status === 409).map((record) => record.isReplay === true)).toEqual([false, true]);
  });
});
