import { afterEach, describe, expect, it } from 'vitest';
import type { ContactPageRequest } from '../../../src/crm/crm-service';
import type { HubSpotService } from '../../../src/crm/providers/hubspot/hubspot-service';
import { expectHubSpotContact, startHubSpotHarness, type HubSpotHarness } from './hubspot-test-support';
import { FAST_HTTP } from './provider-test-support';
import { keepLatest, resumeSync, runSync, type SyncRun } from './sync-run';

let harness: HubSpotHarness | null = null;

afterEach(async () => {
  await harness?.sandbox.close();
  harness = null;
});

const START = Date.UTC(2026, 2, 1, 12);
// The sandbox re-sorts every edited contact on each search (~0.3 s with 12,000): the two large
// tests take 15–50 s on a shared machine, so they get room beyond the default minute.

// Searches counted exactly: a search the client gave up on and sent again would count twice. The
// sandbox's re-sort of 12,000 contacts passed FAST_HTTP's 2 s under CI's load once (112 for 111).
const PATIENT_HTTP = { ...FAST_HTTP, timeoutMs: 60_000 };

function pagesOf(service: HubSpotService, h: HubSpotHarness) {
  return (request: ContactPageRequest) => service.fetchContactsPage(h.session, request);
}

function countSearches(h: HubSpotHarness): number {
  return h.sandbox.admin.counters().requests['POST /crm/v3/objects/contacts/search'] ?? 0;
}

function oddIds(count: number): string[] {
  return Array.from({ length: count }, (_, index) => String(index * 2 + 1));
}

/** What an incremental run must leave behind: exactly the changed contacts, each in its current state, and the deletions. */
async function expectAppliedExactly(h: HubSpotHarness, run: SyncRun, changed: string[], deleted: string[]): Promise<void> {
  const latest = keepLatest(run.contacts);
  const live = changed.filter((id) => !deleted.includes(id));
  expect(new Set(latest.keys())).toEqual(new Set(live));
  const current = new Map((await h.readAllContacts()).map((contact) => [contact.id, contact]));
  for (const id of live) expect(latest.get(id)).toEqual(expectHubSpotContact(current.get(id)!));
  expect(new Set(run.deleted.map((entry) => entry.externalId))).toEqual(new Set(deleted));
  // Every search stayed inside HubSpot's 10,000-result window: not one request was refused.
  expect(h.sandbox.admin.counters().statuses['400']).toBeUndefined();
}

describe('HubSpotService.fetchContactsPage (incremental)', () => {
  it('loses none of 12,000 changes spread over time, past the 10,000-result search cap, and reports deletions since the cursor', async () => {
    let clock = START - 60_000;
    harness = await startHubSpotHarness({ contactCount: 30_000, now: () => clock });
    const { sandbox } = harness;
    await harness.warmSandbox();
    // Before the cursor: neither these changes nor these deletions are news.
    sandbox.admin.modifyContacts(sandbox.portalId, { ids: ['2', '4', '6'] });
    sandbox.admin.deleteContacts(sandbox.portalId, { ids: ['8', '10'] });
    clock = START;
    const since = new Date(clock);
    const changed = oddIds(12_000);
    for (let batch = 0; batch < 24; batch += 1) {
      sandbox.admin.modifyContacts(sandbox.portalId, { ids: changed.slice(batch * 500, (batch + 1) * 500) });
      clock += 1000;
    }
    const deleted = ['3', '5001', '23999', '24002', '29998'];
    sandbox.admin.deleteContacts(sandbox.portalId, { ids: deleted });

    const searchesBefore = countSearches(harness);
    const run = await runSync(pagesOf(harness.createService({ http: PATIENT_HTTP }), harness), { kind: 'incremental', since });

    await expectAppliedExactly(harness, run, changed, deleted);
    // About changes ÷ 200 searches: a restart re-reads only the contacts of its starting instant.
    const searches = countSearches(harness) - searchesBefore;
    expect(searches).toBeGreaterThanOrEqual(60);
    expect(searches).toBeLessThanOrEqual(66);
    expect(run.estimatedTotals[0]).toBe(12_000 - 3);
    const windows = run.cursors.filter((cursor) => cursor.phase === 'changes').map((cursor) => cursor.window as { mode: string; offset: number });
    expect(windows.filter((window) => window.offset === 0).length).toBe(1);
    expect(windows.every((window) => window.mode === 'range')).toBe(true);
  }, 180_000);

  it('gets past 12,000 contacts changed at the same instant, and resumes mid-instant in a new worker', async () => {
    let clock = START;
    harness = await startHubSpotHarness({ contactCount: 20_000, now: () => clock });
    const { sandbox } = harness;
    await harness.warmSandbox();
    const since = new Date(clock);
    clock += 5000;
    // One bulk edit: every change carries the same hs_lastmodifieddate.
    const changed = Array.from({ length: 12_000 }, (_, index) => String(index + 1));
    sandbox.admin.modifyContacts(sandbox.portalId, { ids: changed });
    clock += 5000;
    sandbox.admin.deleteContacts(sandbox.portalId, { ids: ['1', '777'] });

    const request = { kind: 'incremental', since } as const;
    const searchesBefore = countSearches(harness);
    const killed = await runSync(pagesOf(harness.createService({ http: PATIENT_HTTP }), harness), request, { stopAfterPages: 80 });
    const lastWindow = killed.cursors.at(-1)!.window as { mode: string };
    expect(lastWindow.mode).toBe('tie');
    const run = await resumeSync(pagesOf(harness.createService({ http: PATIENT_HTTP }), harness), request, killed);

    await expectAppliedExactly(harness, run, changed, ['1', '777']);
    // 11,998 live changes: one window of 50 pages finds a single instant, the instant is read by
    // id in 50 + 10 pages, then one empty query after it. No window is read twice.
    expect(countSearches(harness) - searchesBefore).toBe(111);
  }, 180_000);

  it('ends an incremental run with nothing new after the changes and deletions phases', async () => {
    harness = await startHubSpotHarness({ contactCount: 50 });
    const since = new Date(harness.sandbox.admin.now() + 1000);
    const run = await runSync(pagesOf(harness.createService({ http: PATIENT_HTTP }), harness), { kind: 'incremental', since });
    expect(run).toMatchObject({ contacts: [], deleted: [], pages: 2 });
    expect(run.cursors.map((cursor) => cursor.phase)).toEqual(['deletions']);
  });

  it('reads the archived list only when the run asks for deletions, and then from the time it names', async () => {
    let clock = START;
    harness = await startHubSpotHarness({ contactCount: 200, now: () => clock });
    const { sandbox } = harness;
    const lastScan = new Date(clock);
    clock += 3_600_000;
    sandbox.admin.deleteContacts(sandbox.portalId, { ids: ['11'] });
    clock += 3_600_000;
    const since = new Date(clock);
    sandbox.admin.modifyContacts(sandbox.portalId, { ids: ['12'] });
    clock += 1000;
    const archivedReads = () => sandbox.admin.counters().requests['GET /crm/v3/objects/contacts'] ?? 0;

    // No scan due: the changes alone, one search, and not a page of the archived list.
    const before = archivedReads();
    const quiet = await runSync(pagesOf(harness.createService({ http: PATIENT_HTTP }), harness), { kind: 'incremental', since, deletionsSince: null });
    expect(quiet.contacts.map((contact) => contact.externalId)).toEqual(['12']);
    expect(quiet).toMatchObject({ deleted: [], pages: 1 });
    expect(archivedReads() - before).toBe(0);

    // A scan due from the last one: the deletion made before this run's `since` is found.
    const scanned = await runSync(pagesOf(harness.createService({ http: PATIENT_HTTP }), harness), { kind: 'incremental', since, deletionsSince: lastScan });
    expect(scanned.deleted.map((entry) => entry.externalId)).toEqual(['11']);
    expect(archivedReads() - before).toBeGreaterThan(0);
  });

  it('refuses an incremental run without since', async () => {
    harness = await startHubSpotHarness({ contactCount: 1 });
    await expect(harness.createService().fetchContactsPage(harness.session, { kind: 'incremental', since: null, cursor: null })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});
