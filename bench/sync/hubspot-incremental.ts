// What one incremental HubSpot sync costs on a portal with a long history: 200,000 contacts of
// which 50,000 are archived, and 100 changed since the last sync. HubSpot lists archived contacts
// only whole, so a run that looks for deletions reads every archived page; the sync runner asks
// for that once per SYNC_DELETION_SCAN_HOURS (24) and runs in between read the changes alone.
// Requests counted at the sandbox, printed, never asserted (issue 20's aim: ≤ 3 + changes ÷ page size).
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { startHubSpotSandbox, HUBSPOT_DEFAULT_APP } from '@voiceagent/crm-sandbox';
import type { ConnectionInfo, ContactPageRequest, ProviderCursor } from '@voiceagent/backend/crm/crm-service';
import { HubSpotService } from '@voiceagent/backend/crm/providers/hubspot/hubspot-service';

const SCALE = Number(process.env.BENCH_SCALE ?? 1) || 1;
const CONTACTS = 200_000 / SCALE;
const ARCHIVED = 50_000 / SCALE;
const CHANGED = 100;
const UNTHROTTLED = { requestsPerInterval: 1_000_000, intervalMs: 1000, searchRequestsPerSecond: 1_000_000 };

let clock = Date.UTC(2026, 2, 1, 12);
const sandbox = await startHubSpotSandbox({
  defaultApp: { ...HUBSPOT_DEFAULT_APP, redirectUris: [] },
  defaultPortal: { id: 62515, name: 'Bench Portal', contactCount: CONTACTS, accountSeed: 1, sharedSeed: 42 },
  rateLimits: { tenSecondlyRolling: 1_000_000, searchPerSecond: 1_000_000 },
  now: () => clock,
});
try {
  const portalId = sandbox.admin.listAccounts()[0]!.id;
  const token = sandbox.admin.mintToken(portalId, { ttlSeconds: 86_400 }).access_token;
  const connection: ConnectionInfo = { externalAccountId: String(portalId), accountName: 'Bench Portal', dataCentre: null, apiDomain: sandbox.url, accountsServer: null };
  const session = { connection, getAccessToken: async () => token, refreshAccessToken: async () => token };
  const app = { clientId: HUBSPOT_DEFAULT_APP.clientId!, clientSecret: HUBSPOT_DEFAULT_APP.clientSecret!, authorizeUrl: `${sandbox.url}/oauth/authorize`, apiBaseUrl: sandbox.url, isSandbox: true };
  const service = new HubSpotService(app, { rateLimits: UNTHROTTLED });

  // History: archived over the past, then the last sync, then 100 changes and 10 deletions.
  const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => String(from + i));
  sandbox.admin.deleteContacts(portalId, { ids: ids(CONTACTS - ARCHIVED + 1, ARCHIVED) });
  clock += 3_600_000;
  const since = new Date(clock);
  clock += 60_000;
  sandbox.admin.modifyContacts(portalId, { ids: ids(1, CHANGED) });
  // And 10 deleted since: the scan finds them; a run between scans leaves them to the next scan.
  sandbox.admin.deleteContacts(portalId, { ids: ids(CHANGED + 1, 10) });
  clock += 60_000;

  async function incremental(deletionsSince: Date | null) {
    const before = sandbox.admin.counters().requests;
    const started = performance.now();
    let cursor: ProviderCursor | null = null;
    let changes = 0;
    let deletions = 0;
    do {
      const request: ContactPageRequest = { kind: 'incremental', since, deletionsSince, cursor };
      const page = await service.fetchContactsPage(session, request);
      changes += page.contacts.length;
      deletions += page.deleted.length;
      cursor = page.nextCursor;
    } while (cursor);
    const after = sandbox.admin.counters().requests;
    const requests = Object.entries(after).reduce((sum, [key, n]) => sum + n - (before[key] ?? 0), 0);
    return { requests, changes, deletions, ms: performance.now() - started };
  }

  console.log(`HubSpot incremental sync on ${availableParallelism()} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`portal: ${CONTACTS.toLocaleString('en')} contacts, ${ARCHIVED.toLocaleString('en')} archived, ${CHANGED} changed since the last sync`);
  const quiet = await incremental(null);
  const scan = await incremental(since);
  const aim = 3 + Math.ceil(CHANGED / 100);
  const row = (label: string, r: typeof quiet) =>
    console.log(`  ${label.padEnd(40)} ${String(r.requests).padStart(5)} requests  ${String(r.changes).padStart(4)} changes  ${String(r.deletions).padStart(6)} deletions  ${(r.ms / 1000).toFixed(2).padStart(6)} s`);
  row('a run between scans (23 of 24 each day)', quiet);
  row('the daily run that scans deletions', scan);
  console.log(`  aim per run: ≤ ${aim} requests; between scans ${(quiet.requests / aim).toFixed(2)} × the aim; the scan ${(scan.requests / Math.max(1, quiet.requests)).toFixed(0)} × a run between scans`);
} finally {
  await sandbox.close();
}
