import { afterEach, describe, expect, it } from 'vitest';
import type { ContactPageRequest } from '../../../src/crm/crm-service';
import type { ZohoService } from '../../../src/crm/providers/zoho/zoho-service';
import { findRepeats, resumeSync, runSync, type SyncRun } from './sync-run';
import { expectZohoContact, readAllZohoContacts, startZohoHarness, type ZohoHarness } from './zoho-test-support';

let harness: ZohoHarness | null = null;

afterEach(async () => {
  await harness?.sandbox.close();
  harness = null;
});

const FULL = { kind: 'full', since: null } as const;

function pagesOf(service: ZohoService, h: ZohoHarness) {
  return (request: ContactPageRequest) => service.fetchContactsPage(h.session, request);
}

/**
 * A new chain restarts at the last Modified_Time delivered, inclusive: contacts of that very
 * second may come twice (upserts absorb it). Anything else repeated would be a paging bug.
 */
function expectRepeatsOnlyAtRestarts(run: SyncRun): void {
  const boundaries = new Set(run.cursors.map((cursor) => cursor.lastModified).filter((time): time is string => typeof time === 'string').map(secondOf));
  const modifiedOf = new Map(run.contacts.map((contact) => [contact.externalId, contact.crmUpdatedAt!.getTime()]));
  for (const [id, count] of findRepeats(run.contacts.map((contact) => contact.externalId))) {
    expect(count, `contact ${id}`).toBe(2);
    expect(boundaries.has(Math.floor(modifiedOf.get(id)! / 1000)), `contact ${id} repeated away from a restart`).toBe(true);
  }
}

function secondOf(time: string): number {
  return Math.floor(Date.parse(time) / 1000);
}

describe('ZohoService.fetchContactsPage (full)', () => {
  it('pages past 2,000 records by page token and visits every contact once, mapped as the sandbox holds it', async () => {
    harness = await startZohoHarness({ contactCount: 2537 });
    const run = await runSync(pagesOf(harness.createService(), harness), FULL);

    const expected = await readAllZohoContacts(harness);
    expect(expected).toHaveLength(2537);
    const ids = run.contacts.map((contact) => contact.externalId);
    expect(findRepeats(ids).size).toBe(0);
    expect(new Set(ids)).toEqual(new Set(expected.map((record) => record.id)));
    const byId = new Map(run.contacts.map((contact) => [contact.externalId, contact]));
    for (const record of expected) expect(byId.get(record.id)).toEqual(expectZohoContact(record));
    expect(run.pages).toBe(13);
    // Oldest first, as the cursor's restarts require.
    const times = run.contacts.map((contact) => contact.crmUpdatedAt!.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // The sandbox has no Get Record Count: no estimate, and the run did not fail for it.
    expect(run.estimatedTotals.every((total) => total === null)).toBe(true);
  });

  it('gets past a page-token cap it was not told about (PAGINATION_LIMIT_EXCEEDED) with If-Modified-Since', async () => {
    harness = await startZohoHarness({ contactCount: 7000, limits: { pageTokenMaxRecords: 3000 } });
    const run = await runSync(pagesOf(harness.createService(), harness), FULL);

    expect(new Set(run.contacts.map((contact) => contact.externalId))).toEqual(new Set(harness.seededIds(7000)));
    expectRepeatsOnlyAtRestarts(run);
    // Two chains ran into the cap: each cost one refused request, then a new chain.
    expect(harness.sandbox.admin.counters().statuses['400']).toBe(2);
  });

  it('restarts before a cap it knows, without a refused request', async () => {
    harness = await startZohoHarness({ contactCount: 7000, limits: { pageTokenMaxRecords: 3000 } });
    const run = await runSync(pagesOf(harness.createService({ sync: { pageTokenMaxRecords: 3000 } }), harness), FULL);

    expect(new Set(run.contacts.map((contact) => contact.externalId))).toEqual(new Set(harness.seededIds(7000)));
    expectRepeatsOnlyAtRestarts(run);
    expect(harness.sandbox.admin.counters().statuses['400']).toBeUndefined();
    const restarts = run.cursors.filter((cursor) => (cursor.chain as { served: number; since: string | null }).served === 0);
    expect(restarts.length).toBe(2);
  });

  it('resumes a stored cursor in a new worker, even after its page token expired', async () => {
    let clock = Date.UTC(2026, 2, 1);
    harness = await startZohoHarness({ contactCount: 4100, limits: { pageTokenMaxRecords: 3000 }, now: () => clock });
    const h = harness;

    const killed = await runSync(pagesOf(h.createService(), h), FULL, { stopAfterPages: 12 });
    expect(killed.contacts.length).toBe(2400);
    // Zoho's page tokens live a day; the worker comes back later than that.
    clock += 25 * 3600_000;
    const finished = await resumeSync(pagesOf(h.createService(), h), FULL, killed);

    expect(new Set(finished.contacts.map((contact) => contact.externalId))).toEqual(new Set(h.seededIds(4100)));
    expectRepeatsOnlyAtRestarts(finished);
    expect(h.sandbox.admin.counters().statuses['400']).toBeGreaterThanOrEqual(1);
  });

  it('ends an empty org after one page (204)', async () => {
    harness = await startZohoHarness({ contactCount: 0 });
    const page = await harness.createService().fetchContactsPage(harness.session, { ...FULL, cursor: null });
    expect(page).toEqual({ contacts: [], deleted: [], nextCursor: null, estimatedTotal: null });
  });
});
