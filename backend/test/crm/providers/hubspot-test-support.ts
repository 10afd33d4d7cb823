import type { ConnectionInfo, CrmContactRecord } from '../../../src/crm/crm-service';
import { HubSpotService, type HubSpotServiceOptions } from '../../../src/crm/providers/hubspot/hubspot-service';
import { startHubSpotTestSandbox, type TestHubSpotSandbox } from '../../support/sandbox-consent';
import { createTestSession, FAST_HTTP, type TestSession } from './provider-test-support';

/** Limits high enough that pacing is not what a sync test measures. */
const UNTHROTTLED = { requestsPerInterval: 1_000_000, intervalMs: 1000, searchRequestsPerSecond: 1_000_000 };

export type HubSpotHarness = {
  sandbox: TestHubSpotSandbox;
  session: TestSession;
  /** A new service each call: a restarted worker shares nothing in memory with the one before. */
  createService(options?: HubSpotServiceOptions): HubSpotService;
  /** The sandbox's own API, read directly: every live contact with the properties a sync maps. */
  readAllContacts(): Promise<SandboxContact[]>;
  /**
   * One free-text search makes the sandbox keep its generated people in memory; without it each
   * later search regenerates every edited contact (~50 µs each), which makes a 12,000-change
   * test take minutes instead of seconds.
   */
  warmSandbox(): Promise<void>;
};

export type SandboxContact = { id: string; properties: Record<string, string | null>; archivedAt?: string };

export async function startHubSpotHarness(options: { contactCount: number; now?: () => number }): Promise<HubSpotHarness> {
  const sandbox = await startHubSpotTestSandbox({
    defaultPortal: { name: 'Sandbox Portal', contactCount: options.contactCount },
    rateLimits: { tenSecondlyRolling: 1_000_000, searchPerSecond: 1_000_000 },
    ...(options.now ? { now: options.now } : {}),
  });
  const token = sandbox.admin.mintToken(sandbox.portalId, { ttlSeconds: 30 * 86_400 }).access_token;
  const connection: ConnectionInfo = { externalAccountId: String(sandbox.portalId), accountName: 'Sandbox Portal', dataCentre: null, apiDomain: sandbox.url, accountsServer: null };
  const session = createTestSession(connection, token, async () => ({ accessToken: token }));
  return {
    sandbox,
    session,
    createService: (serviceOptions = {}) => new HubSpotService(sandbox.app, { http: FAST_HTTP, rateLimits: UNTHROTTLED, ...serviceOptions }),
    readAllContacts: () => readAll(sandbox.url, token),
    async warmSandbox() {
      const response = await fetch(new URL('/crm/v3/objects/contacts/search', sandbox.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'warm-up', limit: 1 }),
      });
      if (!response.ok) throw new Error(`sandbox search answered ${response.status}`);
    },
  };
}

const PROPERTIES = 'firstname,lastname,email,phone,mobilephone,company,jobtitle,lifecyclestage,hs_lead_status,hubspot_owner_id,country,createdate,lastmodifieddate,hs_lastmodifieddate';

async function readAll(baseUrl: string, token: string): Promise<SandboxContact[]> {
  const contacts: SandboxContact[] = [];
  let after: string | undefined;
  do {
    const url = new URL('/crm/v3/objects/contacts', baseUrl);
    url.search = new URLSearchParams({ limit: '100', properties: PROPERTIES, ...(after ? { after } : {}) }).toString();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`sandbox list answered ${response.status}`);
    const body = (await response.json()) as { results: SandboxContact[]; paging?: { next?: { after: string } } };
    contacts.push(...body.results);
    after = body.paging?.next?.after;
  } while (after);
  return contacts;
}

/** The sandbox writes these six country names; the mapping must turn them into ISO codes. */
const COUNTRY_CODES: Record<string, string> = { 'United States': 'US', Germany: 'DE', France: 'FR', Spain: 'ES', Poland: 'PL', Brazil: 'BR' };

/** What the sync should make of a contact as the sandbox serves it, worked out independently of the mapping code. */
export function expectHubSpotContact(contact: SandboxContact): CrmContactRecord {
  const p = contact.properties;
  return {
    externalId: contact.id,
    firstName: p.firstname ?? null,
    lastName: p.lastname ?? null,
    email: p.email ? p.email.toLowerCase() : null,
    phone: p.phone ?? null,
    mobilePhone: p.mobilephone ?? null,
    company: p.company ?? null,
    jobTitle: p.jobtitle ?? null,
    lifecycleStage: p.lifecyclestage ?? null,
    leadStatus: p.hs_lead_status ?? null,
    ownerId: p.hubspot_owner_id ?? null,
    country: p.country ? (COUNTRY_CODES[p.country] ?? null) : null,
    rawProperties: p,
    crmCreatedAt: new Date(p.createdate!),
    crmUpdatedAt: new Date(p.hs_lastmodifieddate!),
  };
}
