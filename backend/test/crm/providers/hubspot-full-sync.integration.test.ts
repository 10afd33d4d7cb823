import { afterEach, describe, expect, it } from 'vitest';
import { expectHubSpotContact, startHubSpotHarness, type HubSpotHarness } from './hubspot-test-support';
import { findRepeats, resumeSync, runSync } from './sync-run';

let harness: HubSpotHarness | null = null;

afterEach(async () => {
  await harness?.sandbox.close();
  harness = null;
});

describe('HubSpotService.fetchContactsPage (full)', () => {
  it('visits every live contact exactly once, mapped as the sandbox holds it', async () => {
    harness = await startHubSpotHarness({ contactCount: 2537 });
    const { sandbox, session } = harness;
    // Archived contacts are not part of a full sync; created ones (ids above the seeded range) are.
    sandbox.admin.deleteContacts(sandbox.portalId, { ids: ['5', '1200', '2537'] });
    const service = harness.createService();
    await service.createContact(session, { firstName: 'Ada', lastName: 'Lovelace', email: 'ADA@Example.com' });

    const run = await runSync((request) => service.fetchContactsPage(session, request), { kind: 'full', since: null });

    const expected = await harness.readAllContacts();
    expect(expected).toHaveLength(2535);
    const ids = run.contacts.map((contact) => contact.externalId);
    expect(findRepeats(ids).size).toBe(0);
    expect(new Set(ids)).toEqual(new Set(expected.map((contact) => contact.id)));
    expect(ids).not.toContain('1200');
    const byId = new Map(run.contacts.map((contact) => [contact.externalId, contact]));
    for (const contact of expected) expect(byId.get(contact.id)).toEqual(expectHubSpotContact(contact));
    expect(byId.get(ids.at(-1)!)).toMatchObject({ firstName: 'Ada', email: 'ada@example.com' });
    // 100 per page, and the count came from the one search on the first page.
    expect(run.pages).toBe(26);
    expect(run.estimatedTotals.every((total) => total === 2535)).toBe(true);
    expect(sandbox.admin.counters().requests['POST /crm/v3/objects/contacts/search']).toBe(1);
  });

  it('maps country names to ISO codes and keeps unknown ones out', async () => {
    harness = await startHubSpotHarness({ contactCount: 3 });
    const { sandbox, session } = harness;
    sandbox.admin.modifyContacts(sandbox.portalId, { ids: ['1'], properties: { country: ' germany ' } });
    sandbox.admin.modifyContacts(sandbox.portalId, { ids: ['2'], properties: { country: 'Atlantis' } });
    sandbox.admin.modifyContacts(sandbox.portalId, { ids: ['3'], properties: { country: 'US', email: 'MiXeD@Example.ORG' } });
    const service = harness.createService();
    const run = await runSync((request) => service.fetchContactsPage(session, request), { kind: 'full', since: null });
    const byId = new Map(run.contacts.map((contact) => [contact.externalId, contact]));
    expect(byId.get('1')?.country).toBe('DE');
    expect(byId.get('2')?.country).toBeNull();
    expect(byId.get('3')).toMatchObject({ country: 'US', email: 'mixed@example.org' });
  });

  it('resumes from a stored cursor in a new worker with the same result', async () => {
    harness = await startHubSpotHarness({ contactCount: 1234 });
    const { session } = harness;
    const fetchWith = (service: ReturnType<HubSpotHarness['createService']>) => (request: Parameters<typeof service.fetchContactsPage>[1]) => service.fetchContactsPage(session, request);

    const killed = await runSync(fetchWith(harness.createService()), { kind: 'full', since: null }, { stopAfterPages: 7 });
    expect(killed.contacts).toHaveLength(700);
    const finished = await resumeSync(fetchWith(harness.createService()), { kind: 'full', since: null }, killed);

    const uninterrupted = await runSync(fetchWith(harness.createService()), { kind: 'full', since: null });
    expect(finished.contacts.map((contact) => contact.externalId)).toEqual(uninterrupted.contacts.map((contact) => contact.externalId));
    expect(findRepeats(finished.contacts.map((contact) => contact.externalId)).size).toBe(0);
    expect(finished.contacts).toHaveLength(1234);
  });

  it('ends an empty portal after one page', async () => {
    harness = await startHubSpotHarness({ contactCount: 0 });
    const service = harness.createService();
    const page = await service.fetchContactsPage(harness.session, { kind: 'full', since: null, cursor: null });
    expect(page).toEqual({ contacts: [], deleted: [], nextCursor: null, estimatedTotal: 0 });
  });

  it('refuses a cursor it did not write', async () => {
    harness = await startHubSpotHarness({ contactCount: 1 });
    const service = harness.createService();
    await expect(service.fetchContactsPage(harness.session, { kind: 'full', since: null, cursor: { after: 5 } })).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
