import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { TContact, TContactListResponse, TPlatform } from '@voiceagent/shared';
import { sandboxOriginOf } from '../../support/run-mode-sandboxes';
import { startTestProduct, type TestProduct } from '../../support/start-test-product';
import type { TestUser } from '../../support/test-users';

/** The CRMs these tests drive. */
export type TestedPlatform = TPlatform;
export const PLATFORMS: TestedPlatform[] = ['hubspot', 'zoho', 'salesforce'];
/** Each CRM's single-contact create, as the sandbox counts requests. */
export const CREATE_PATH: Record<TestedPlatform, string> = {
  hubspot: 'POST /crm/v3/objects/contacts',
  zoho: 'POST /crm/v8/Contacts',
  salesforce: 'POST /services/data/vXX.X/sobjects/Contact',
};
/** Each CRM's batch create: HubSpot's batch endpoint, Zoho's insert of up to 100 records, Salesforce's sObject Collections. */
export const BATCH_PATH: Record<TestedPlatform, string> = {
  hubspot: 'POST /crm/v3/objects/contacts/batch/create',
  zoho: 'POST /crm/v8/Contacts',
  salesforce: 'POST /services/data/vXX.X/composite/sobjects',
};
/** Where fault rules reach each CRM's contact writes (Salesforce: single records and collections). */
const FAULT_PREFIXES: Record<TestedPlatform, string[]> = {
  hubspot: ['/crm/v3/objects/contacts'],
  zoho: ['/crm/v8/Contacts'],
  salesforce: ['/services/data/v62.0/sobjects/', '/services/data/v62.0/composite/sobjects'],
};
/**
 * The status a CRM that is down answers writes with, one after which the write may have been
 * made and so is not sent again. Salesforce's 503 SERVER_UNAVAILABLE says nothing was done (its
 * client retries it, with backoff); its 500 UNKNOWN_EXCEPTION leaves it open.
 */
export const DOWN_STATUS: Record<TestedPlatform, 500 | 503> = { hubspot: 503, zoho: 503, salesforce: 500 };
/** Each sandbox's admin API: HubSpot and Zoho under /__sandbox, Salesforce's under /_admin of its login host. */
const ADMIN: Record<TestedPlatform, { base: string; tokens: (accountId: string) => string; authorization: (token: string) => string }> = {
  hubspot: { base: '/__sandbox', tokens: (id) => `/__sandbox/accounts/${id}/tokens`, authorization: (token) => `Bearer ${token}` },
  zoho: { base: '/__sandbox', tokens: (id) => `/__sandbox/accounts/${id}/tokens`, authorization: (token) => `Zoho-oauthtoken ${token}` },
  salesforce: { base: '/_admin', tokens: (id) => `/_admin/orgs/${id}/tokens`, authorization: (token) => `Bearer ${token}` },
};

export type ApiAnswer<T = Record<string, unknown>> = {
  status: number;
  body: T & { error?: { code: string; message: string; details?: Record<string, unknown> } };
  /** The Idempotent-Replayed header: the response is the stored first one. */
  isReplay: boolean;
};

/** GET a path of a CRM's API as the user's account there; the parsed body, or null unless 200. */
export type SandboxReader = (path: string) => Promise<Record<string, unknown> | null>;

export type ContactWritesTestbed = {
  product(): TestProduct;
  /** POST to our API as the user; a string body is sent as is (to test bad JSON). */
  post<T = Record<string, unknown>>(user: TestUser, path: string, body: unknown, headers?: Record<string, string>): Promise<ApiAnswer<T>>;
  /** A fault on the CRM's contact endpoints (or the `pathPrefix` the rule names), until the end of the test. */
  addFault(platform: TestedPlatform, rule: Record<string, unknown>): Promise<void>;
  /** POST to the sandbox's admin API (Salesforce: expire an org's tokens); the parsed answer. */
  admin(platform: TPlatform, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** The CRM works again. */
  clearFaults(platform: TPlatform): Promise<void>;
  /** How many requests the CRM has had on `endpoint` ("POST /crm/v8/Contacts"). */
  requestsTo(platform: TPlatform, endpoint: string): Promise<number>;
  /** The CRM's API as the user's account, with a token the sandbox's admin API mints (not through our provider code). */
  sandboxReader(user: TestUser, platform: TPlatform): Promise<SandboxReader>;
  /** The user's first 200 contacts through our API, unified view. */
  listContacts(user: TestUser): Promise<TContact[]>;
  /** Every local row of the user, deleted ones too. */
  localContactCount(userId: string): Promise<number>;
};

/**
 * The product in run mode for one test file of contact writes: its own sandboxes, no sync
 * workers (the local rows under test are the ones creation writes), faults cleared after each test.
 */
export function useContactWritesTestbed(): ContactWritesTestbed {
  let product: TestProduct | undefined;
  const running = () => {
    if (!product) throw new Error('the product is not started: call useContactWritesTestbed() at the top of the test file');
    return product;
  };

  beforeAll(async () => {
    product = await startTestProduct({ CRM_SANDBOX_CONTACTS: '20', SYNC_WORKERS: 'off' });
  });
  afterAll(async () => {
    await product?.close();
  });
  const clearFaults = async (platform: TPlatform) => {
    await fetch(`${sandboxOriginOf(running(), platform)}${ADMIN[platform].base}/faults`, { method: 'DELETE' });
  };
  afterEach(async () => {
    for (const platform of PLATFORMS) await clearFaults(platform);
  });

  return {
    product: running,
    clearFaults,

    async post<T>(user: TestUser, path: string, body: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer<T>> {
      const res = await fetch(`${running().url}/api/v1${path}`, {
        method: 'POST',
        headers: { ...user.authorization, 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as ApiAnswer<T>['body'], isReplay: res.headers.get('idempotent-replayed') === 'true' };
    },

    async addFault(platform, rule) {
      const prefixes = typeof rule.pathPrefix === 'string' ? [rule.pathPrefix] : FAULT_PREFIXES[platform];
      for (const pathPrefix of prefixes) {
        const res = await fetch(`${sandboxOriginOf(running(), platform)}${ADMIN[platform].base}/faults`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...rule, pathPrefix }),
        });
        expect(res.status).toBe(201);
      }
    },

    async admin(platform, path, body = {}) {
      const res = await fetch(`${sandboxOriginOf(running(), platform)}${ADMIN[platform].base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: res.status === 204 ? null : await res.json() };
    },

    async requestsTo(platform, endpoint) {
      const counters = (await (await fetch(`${sandboxOriginOf(running(), platform)}${ADMIN[platform].base}/counters`)).json()) as { requests: Record<string, number> };
      return counters.requests[endpoint] ?? 0;
    },

    async sandboxReader(user, platform) {
      const { rows } = await running().pool.query<{ external_account_id: string; api_domain: string }>(
        'select external_account_id, api_domain from user_crm_credentials where user_id = $1 and platform = $2',
        [user.id, platform],
      );
      const { external_account_id: accountId, api_domain: apiDomain } = rows[0]!;
      const minted = await fetch(`${sandboxOriginOf(running(), platform)}${ADMIN[platform].tokens(accountId)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      const token = ((await minted.json()) as { access_token: string }).access_token;
      const authorization = ADMIN[platform].authorization(token);
      return async (path) => {
        const res = await fetch(`${apiDomain}${path}`, { headers: { authorization } });
        return res.status === 200 ? ((await res.json()) as Record<string, unknown>) : null;
      };
    },

    async listContacts(user) {
      const res = await fetch(`${running().url}/api/v1/crm/contacts?limit=200`, { headers: user.authorization });
      const body = (await res.json()) as TContactListResponse;
      if (body.view !== 'unified') throw new Error('expected the unified view');
      return body.items;
    },

    async localContactCount(userId) {
      const { rows } = await running().pool.query<{ n: number }>('select count(*)::int as n from crm_contacts where user_id = $1', [userId]);
      return rows[0]!.n;
    },
  };
}
