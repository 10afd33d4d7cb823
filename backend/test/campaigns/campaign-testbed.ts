import type {
  TCallResult,
  TCampaignContact,
  TCampaignDetail,
  TCampaignStats,
  TCreateAgentResponse,
  TCreateCampaignBody,
  TCreateCampaignResponse,
  TPlatform,
} from '@voiceagent/shared';
import { expect } from 'vitest';
import { startSyncTestbed, waitForFirstSync, type SyncTestbed } from '../crm/sync/sync-testbed';
import type { TestUser } from '../support/test-users';

export type ApiResponse<T = unknown> = { status: number; body: T };

export type CampaignTestbed = SyncTestbed & {
  /** A user with these CRMs (default HubSpot and Zoho) connected and synced. */
  signUpConnected(platforms?: TPlatform[]): Promise<TestUser>;
  call<T = unknown>(user: TestUser, method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiResponse<T>>;
  createAgent(user: TestUser, contacts?: unknown): Promise<TCreateAgentResponse>;
  createCampaign(user: TestUser, body: TCreateCampaignBody): Promise<TCreateCampaignResponse>;
  allContacts(user: TestUser, campaignId: string, limit?: number): Promise<TCampaignContact[]>;
  stats(user: TestUser, campaignId: string): Promise<TCampaignStats>;
  /** Polls until no write-back of the campaign is pending or retrying; returns the final stats. */
  waitForWriteBacks(user: TestUser, campaignId: string, timeoutMs?: number): Promise<TCampaignStats>;
  /** Ids of the calls logged on a contact, read from the sandbox CRM itself. */
  sandboxCallsOf(user: TestUser, platform: TPlatform, contactExternalId: string): Promise<string[]>;
};

/**
 * The product against sandboxes this file owns (so it can inject faults and count calls), with
 * write-back retries shrunk to seconds: 1 s before the first retry, two retries.
 */
export async function startCampaignTestbed(env: Record<string, string> = {}, sizes: { hubspotContacts?: number; zohoContacts?: number } = {}): Promise<CampaignTestbed> {
  const testbed = await startSyncTestbed({
    hubspotContacts: sizes.hubspotContacts ?? 30,
    zohoContacts: sizes.zohoContacts ?? 30,
    salesforceOrgs: [{ contacts: 30, leads: 10 }],
    env: { SYNC_INTERVAL_MINUTES: '0', CAMPAIGN_WRITEBACK_RETRY_DELAY_SECONDS: '1', CAMPAIGN_WRITEBACK_RETRY_LIMIT: '2', ...env },
  });

  async function call<T>(user: TestUser, method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiResponse<T>> {
    const res = await testbed.api(user, path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  async function expectOk<T>(response: Promise<ApiResponse<T>>, status: number, what: string): Promise<T> {
    const { status: actual, body } = await response;
    if (actual !== status) throw new Error(`${what} → ${actual}: ${JSON.stringify(body)}`);
    return body;
  }

  async function stats(user: TestUser, campaignId: string): Promise<TCampaignStats> {
    return expectOk(call<TCampaignStats>(user, 'GET', `/campaigns/${campaignId}/stats`), 200, 'GET stats');
  }

  return {
    ...testbed,
    call,
    stats,
    async signUpConnected(platforms = ['hubspot', 'zoho']) {
      const user = await testbed.signUp();
      for (const platform of platforms) {
        await testbed.connect(user, platform);
        expect((await waitForFirstSync(testbed, user, platform)).status).toBe('succeeded');
      }
      return user;
    },
    async createAgent(user, contacts = { filter: { callable: true } }) {
      const body = { name: 'Renewal caller', voice: 'sage', greeting: 'Hi!', instructions: 'Ask about renewal.', contacts };
      return expectOk(call<TCreateAgentResponse>(user, 'POST', '/agents', body), 201, 'POST /agents');
    },
    async createCampaign(user, body) {
      return expectOk(call<TCreateCampaignResponse>(user, 'POST', '/campaigns', body), 201, 'POST /campaigns');
    },
    async allContacts(user, campaignId, limit = 200) {
      const items: TCampaignContact[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page: TCampaignDetail = await expectOk(call<TCampaignDetail>(user, 'GET', `/campaigns/${campaignId}?${query}`), 200, 'GET campaign');
        items.push(...page.contacts.items);
        cursor = page.contacts.nextCursor;
      } while (cursor);
      return items;
    },
    async waitForWriteBacks(user, campaignId, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const current = await stats(user, campaignId);
        if (current.total.writeBackPending === 0) return current;
        if (Date.now() > deadline) throw new Error(`write-backs still pending after ${timeoutMs} ms: ${JSON.stringify(current.total)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async sandboxCallsOf(user, platform, contactExternalId) {
      const session = await testbed.product.services.credentials.getSession(user.id, platform);
      if (platform === 'salesforce') {
        const tasks = testbed.salesforce.admin.listTasks(session.connection.externalAccountId);
        return tasks.filter((task) => task.WhoId === contactExternalId && task.TaskSubtype === 'Call').map((task) => String(task.Id)).sort();
      }
      const token = await session.getAccessToken();
      if (platform === 'hubspot') {
        const res = await fetch(`${testbed.hubspot.url}/crm/v3/objects/contacts/${contactExternalId}?associations=calls`, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(200);
        const body = (await res.json()) as { associations?: { calls?: { results: Array<{ id: string }> } } };
        return (body.associations?.calls?.results ?? []).map((result) => result.id).sort();
      }
      const ids: string[] = [];
      for (let page = 1; ; page += 1) {
        const res = await fetch(`${session.connection.apiDomain}/crm/v8/Calls?fields=Who_Id&per_page=200&page=${page}`, { headers: { authorization: `Zoho-oauthtoken ${token}` } });
        if (res.status === 204) break;
        expect(res.status).toBe(200);
        const body = (await res.json()) as { data: Array<{ id: string; Who_Id: { id: string } | null }>; info: { more_records: boolean } };
        ids.push(...body.data.filter((record) => record.Who_Id?.id === contactExternalId).map((record) => record.id));
        if (!body.info.more_records) break;
      }
      return ids.sort();
    },
  };
}

/** A result for a contact, with what a test does not care about filled in. */
export function resultFor(contact: TCampaignContact, overrides: Partial<TCallResult> = {}): TCallResult {
  return {
    campaignContactId: contact.id,
    callId: `call-${crypto.randomUUID()}`,
    status: 'completed',
    outcome: 'interested',
    startedAt: '2026-03-02T10:00:00.000Z',
    durationSec: 60,
    summary: 'Wants a quote for next quarter.',
    ...overrides,
  };
}
