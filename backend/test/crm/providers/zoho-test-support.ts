import type { ZohoLimits } from '@voiceagent/crm-sandbox';
import type { ConnectionInfo, CrmContactRecord } from '../../../src/crm/crm-service';
import { ZohoService, type ZohoServiceOptions } from '../../../src/crm/providers/zoho/zoho-service';
import { startZohoTestSandbox, type TestZohoSandbox } from '../../support/sandbox-consent';
import { createTestSession, FAST_HTTP, type TestSession } from './provider-test-support';

export type ZohoHarness = {
  sandbox: TestZohoSandbox;
  orgId: string;
  apiDomain: string;
  session: TestSession;
  createService(options?: ZohoServiceOptions): ZohoService;
  /** GET on the sandbox's own API with the harness's token; 204/304 come back as null. */
  getJson<T>(path: string, headers?: Record<string, string>): Promise<T | null>;
  /** Ids of the org's seeded contacts, from the sandbox's documented id scheme (org code, kind 0, 11-digit sequence). */
  seededIds(count: number): string[];
};

export async function startZohoHarness(options: { contactCount: number; limits?: Partial<ZohoLimits>; now?: () => number }): Promise<ZohoHarness> {
  const sandbox = await startZohoTestSandbox({
    accounts: [{ name: 'Zylker Inc', dataCentre: 'us', contactCount: options.contactCount, seed: 7 }],
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const orgId = sandbox.orgIdByDataCentre.us!;
  const minted = sandbox.admin.mintToken(orgId, { ttlSeconds: 30 * 86_400 });
  const connection: ConnectionInfo = { externalAccountId: orgId, accountName: 'Zylker Inc', dataCentre: 'us', apiDomain: minted.api_domain, accountsServer: null };
  const session = createTestSession(connection, minted.access_token, async () => ({ accessToken: minted.access_token }));
  const orgCode = orgId.slice(0, 7);
  return {
    sandbox,
    orgId,
    apiDomain: minted.api_domain,
    session,
    createService: (serviceOptions = {}) => new ZohoService(sandbox.app, { http: FAST_HTTP, ...serviceOptions }),
    async getJson<T>(path: string, headers: Record<string, string> = {}) {
      const response = await fetch(`${minted.api_domain}${path}`, { headers: { authorization: `Zoho-oauthtoken ${minted.access_token}`, ...headers } });
      if (response.status === 204 || response.status === 304) return null;
      if (!response.ok) throw new Error(`sandbox answered ${response.status} to ${path}: ${await response.text()}`);
      return (await response.json()) as T;
    },
    seededIds: (count) => Array.from({ length: count }, (_, index) => `${orgCode}0${String(index + 1).padStart(11, '0')}`),
  };
}

export type ZohoSandboxRecord = Record<string, unknown> & { id: string; Modified_Time: string };

const FIELDS = 'First_Name,Last_Name,Email,Phone,Mobile,Account_Name,Title,Lead_Source,Owner,Mailing_Country,Created_Time,Modified_Time';

/** Every contact in id order through the sandbox's own API (below its page-token cap). */
export async function readAllZohoContacts(harness: ZohoHarness): Promise<ZohoSandboxRecord[]> {
  const records: ZohoSandboxRecord[] = [];
  let token: string | null = null;
  do {
    const query: URLSearchParams = new URLSearchParams({ fields: FIELDS, per_page: '200', sort_by: 'id', sort_order: 'asc', ...(token ? { page_token: token } : {}) });
    const body: { data: ZohoSandboxRecord[]; info: { next_page_token: string | null; more_records: boolean } } | null = await harness.getJson(`/crm/v8/Contacts?${query.toString()}`);
    if (!body) break;
    records.push(...body.data);
    token = body.info.more_records ? body.info.next_page_token : null;
  } while (token);
  return records;
}

/** Contacts by id through the sandbox's own API, a few at a time (the org's concurrency limit is shared). */
export async function readZohoContactsById(harness: ZohoHarness, ids: string[]): Promise<Map<string, ZohoSandboxRecord>> {
  const records = new Map<string, ZohoSandboxRecord>();
  const queue = [...ids];
  const readNext = async (): Promise<void> => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const body = await harness.getJson<{ data: ZohoSandboxRecord[] }>(`/crm/v8/Contacts/${id}?fields=${FIELDS}`);
      if (body) records.set(id, body.data[0]!);
    }
  };
  await Promise.all(Array.from({ length: 5 }, readNext));
  return records;
}

const COUNTRY_CODES: Record<string, string> = { 'United States': 'US', Germany: 'DE', France: 'FR', Spain: 'ES', Poland: 'PL', Brazil: 'BR' };

/** What the sync should make of a record as the sandbox serves it, worked out independently of the mapping code. */
export function expectZohoContact(record: ZohoSandboxRecord): CrmContactRecord {
  const text = (name: string) => (typeof record[name] === 'string' ? (record[name] as string) : null);
  const account = record.Account_Name as { name: string } | null;
  const country = text('Mailing_Country');
  return {
    externalId: record.id,
    firstName: text('First_Name'),
    lastName: text('Last_Name'),
    email: text('Email')?.toLowerCase() ?? null,
    phone: text('Phone'),
    mobilePhone: text('Mobile'),
    company: account?.name ?? null,
    jobTitle: text('Title'),
    lifecycleStage: null,
    leadStatus: null,
    ownerId: (record.Owner as { id: string }).id,
    country: country ? (COUNTRY_CODES[country] ?? null) : null,
    rawProperties: record,
    crmCreatedAt: new Date(text('Created_Time')!),
    crmUpdatedAt: new Date(record.Modified_Time),
  };
}
