import { startHubSpotSandbox, startZohoSandbox } from '@voiceagent/crm-sandbox';
import type { Target } from './load';

export const CONTACTS = 1_000_000;
const PAGE_SIZE = 100;
/** Large enough that no limiter ever refuses; the benchmark measures serving, not refusing. */
const UNLIMITED = Number.MAX_SAFE_INTEGER;

export type BenchSandbox = { name: string; page: Target; reference: Target; close(): Promise<void> };

async function mintToken(baseUrl: string, accountId: string | number): Promise<string> {
  const response = await fetch(`${baseUrl}/__sandbox/accounts/${accountId}/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (response.status !== 201) throw new Error(`minting a token at ${baseUrl} answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/**
 * HubSpot with its rate limits lifted. The list cursor is the contact id, so `after` values
 * spread over the million contacts make each connection read pages far apart, as a sync of a
 * big portal would, rather than one hot page.
 */
export async function startHubSpotBench(): Promise<BenchSandbox> {
  const sandbox = await startHubSpotSandbox({
    rateLimits: { tenSecondlyRolling: UNLIMITED, searchPerSecond: UNLIMITED, daily: null },
    defaultPortal: { id: 62515, name: 'Bench Portal', contactCount: CONTACTS, accountSeed: 1, sharedSeed: 42 },
  });
  const token = await mintToken(sandbox.url, 62515);
  const paths = Array.from({ length: 100 }, (_, k) => `/crm/v3/objects/contacts?limit=${PAGE_SIZE}&after=${1 + k * 9_973}`);
  return {
    name: 'HubSpot',
    page: { label: 'HubSpot GET /crm/v3/objects/contacts?limit=100&after=<100 offsets>', baseUrl: sandbox.url, paths, headers: { authorization: `Bearer ${token}` } },
    reference: { label: 'HubSpot GET /__sandbox/clock (reference)', baseUrl: sandbox.url, paths: ['/__sandbox/clock'] },
    close: () => sandbox.close(),
  };
}

/**
 * Zoho with its concurrency limit lifted (50 connections would exceed every edition's). Pages
 * 1..20 of 100 are all that `page` reaches before Zoho demands page_token (2,000 records).
 */
export async function startZohoBench(): Promise<BenchSandbox> {
  const sandbox = await startZohoSandbox({
    accounts: [{ name: 'Bench Org', dataCentre: 'us', contactCount: CONTACTS, seed: 1, concurrencyLimit: UNLIMITED }],
    limits: { creditsPerDay: null },
    sharedSeed: 42,
  });
  const [org] = sandbox.admin.listAccounts();
  if (!org) throw new Error('the Zoho sandbox started without its org');
  const token = await mintToken(sandbox.url, org.id);
  const apiPath = new URL(org.apiDomain).pathname;
  const fields = 'First_Name,Last_Name,Email,Phone,Mobile,Modified_Time';
  const paths = Array.from({ length: 20 }, (_, k) => `${apiPath}/crm/v8/Contacts?fields=${fields}&per_page=${PAGE_SIZE}&page=${k + 1}`);
  return {
    name: 'Zoho',
    page: { label: 'Zoho GET /crm/v8/Contacts?fields=…&per_page=100&page=<1..20>', baseUrl: sandbox.url, paths, headers: { authorization: `Zoho-oauthtoken ${token}` } },
    reference: { label: 'Zoho GET /__sandbox/clock (reference)', baseUrl: sandbox.url, paths: ['/__sandbox/clock'] },
    close: () => sandbox.close(),
  };
}
