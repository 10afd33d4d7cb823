import { afterEach, describe, expect, it } from 'vitest';
import type { ContactPageRequest } from '../../../src/crm/crm-service';
import type { ZohoService } from '../../../src/crm/providers/zoho/zoho-service';
import { keepLatest, resumeSync, runSync, type SyncRun } from './sync-run';
import { expectZohoContact, readZohoContactsById, startZohoHarness, type ZohoHarness } from './zoho-test-support';

let harness: ZohoHarness | null = null;

afterEach(async () => {
  await harness?.sandbox.close();
  harness = null;
});

const START = Date.UTC(2026, 2, 1, 12);

function pagesOf(service: ZohoService, h: ZohoHarness) {
  return (request: ContactPageRequest) => service.fetchContactsPage(h.session, request);
}

/** Exactly the changed contacts, each as the sandbox now holds it, and exactly the deletions since the cursor. */
async function expectAppliedExactly(h: ZohoHarness, run: SyncRun, changed: string[], deleted: string[]): Promise<void> {
  const latest = keepLatest(run.contacts);
  const live = changed.filter((id) => !deleted.includes(id));
  expect(new Set(latest.keys())).toEqual(new Set(live));
  const current = await readZohoContactsById(h, live);
  for (const id of live) expect(latest.get(id)).toEqual(expectZohoContact(current.get(id)!));
  expect(new Set(run.deleted.map((entry) => entry.externalId))).toEqual(new Set(deleted));
  for (const entry of run.deleted) expect(entry.deletedAt!.getTime()).toBeGreaterThanOrEqual(START);
}

describe('ZohoService.fetchContactsPage (incremental)', () => {
  it('applies exactly the changes and deletions at or after since, past a page-token cap', async () => {
    let clock = START - 60_000;
    harness = await startZohoHarness({ contactCount: 3000, limits: { pageTokenMaxRecords: 1000 }, now: () => clock });
    const h = harness;
    const ids = h.seededIds(3000);
    // Before the cursor: not news.
    h.sandbox.admin.modifyContacts(h.orgId, { ids: ids.slice(0, 5) });
    h.sandbox.admin.deleteContacts(h.orgId, { ids: ids.slice(5, 8) });
    clock = START;
    // 2,500 changes over 25 seconds; If-Modified-Since is inclusive, so changes in the cursor's own second count.
    const changed = ids.slice(100, 2600);
    for (let batch = 0; batch < 25; batch += 1) {
      h.sandbox.admin.modifyContacts(h.orgId, { ids: changed.slice(batch * 100, (batch + 1) * 100) });
      clock += 1000;
    }
    const created = await h.createService().createContact(h.session, { firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com' });
    const deleted = [ids[100]!, ids[2599]!, ids[2900]!];
    h.sandbox.admin.deleteContacts(h.orgId, { ids: deleted });

    const run = await runSync(pagesOf(h.createService({ sync: { pageTokenMaxRecords: 1000 } }), h), { kind: 'incremental', since: new Date(START) });

    await expectAppliedExactly(h, run, [...changed, created.externalId], deleted);
    expect(h.sandbox.admin.counters().statuses['400']).toBeUndefined();
    expect(run.cursors.filter((cursor) => cursor.phase === 'records' && (cursor.chain as { served: number }).served === 0)).toHaveLength(2);
  });

  it('resumes in the deleted-records phase from a stored cursor', async () => {
    let clock = START;
    harness = await startZohoHarness({ contactCount: 1000, now: () => clock });
    const h = harness;
    const ids = h.seededIds(1000);
    clock += 2000;
    h.sandbox.admin.modifyContacts(h.orgId, { ids: ids.slice(0, 300) });
    clock += 2000;
    const deleted = ids.slice(500, 950);
    h.sandbox.admin.deleteContacts(h.orgId, { ids: deleted });

    const request = { kind: 'incremental', since: new Date(START) } as const;
    // Two pages of changes, then the first of three pages of deletions.
    const killed = await runSync(pagesOf(h.createService(), h), request, { stopAfterPages: 3 });
    expect(killed.cursors.at(-1)).toMatchObject({ phase: 'deleted', page: 2 });
    const run = await resumeSync(pagesOf(h.createService(), h), request, killed);

    await expectAppliedExactly(h, run, ids.slice(0, 300), deleted);
    expect(run.pages).toBe(2 + 3);
  });

  it('answers an org with nothing new in two pages (304, then 204)', async () => {
    harness = await startZohoHarness({ contactCount: 200 });
    const run = await runSync(pagesOf(harness.createService(), harness), { kind: 'incremental', since: new Date(harness.sandbox.admin.now() + 5000) });
    expect(run).toMatchObject({ contacts: [], deleted: [], pages: 2 });
  });

  it('fails loudly instead of looping when more contacts share one second than a page-token chain can serve', async () => {
    const clock = START;
    harness = await startZohoHarness({ contactCount: 1500, limits: { pageTokenMaxRecords: 1000 }, now: () => clock });
    const h = harness;
    h.sandbox.admin.modifyContacts(h.orgId, { count: 1500 });

    const run = runSync(pagesOf(h.createService(), h), { kind: 'incremental', since: new Date(START) });
    await expect(run).rejects.toMatchObject({ code: 'provider_rejected', message: expect.stringContaining('share the Modified_Time') });
  });
});
