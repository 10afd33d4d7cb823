import { afterEach, describe, expect, it } from 'vitest';
import type { CallLog } from '../../../src/crm/crm-service';
import { startHubSpotHarness, type HubSpotHarness } from './hubspot-test-support';
import { startZohoHarness, type ZohoHarness } from './zoho-test-support';

/** logCalls and findLoggedCalls of both providers against their sandboxes: one request per batch, a verdict per call. */
let hubspot: HubSpotHarness | null = null;
let zoho: ZohoHarness | null = null;

afterEach(async () => {
  await hubspot?.sandbox.close();
  await zoho?.sandbox.close();
  hubspot = null;
  zoho = null;
});

function callOn(contactExternalId: string, callId: string): CallLog {
  const marker = `VoiceAgent call ${callId}`;
  return { contactExternalId, startedAt: new Date('2026-03-02T10:00:00.000Z'), durationSec: 42, title: 'Renewals: answered', body: `Outcome: fine\n\n${marker}`, marker, status: 'completed' };
}

function requestsTo(counters: { requests: Record<string, number> }, endpoint: string): number {
  return counters.requests[endpoint] ?? 0;
}

describe('HubSpotService.logCalls', () => {
  it('logs a batch in one request with a verdict per call: a contact HubSpot lacks or a failed record fails that call alone', async () => {
    hubspot = await startHubSpotHarness({ contactCount: 10 });
    hubspot.sandbox.admin.addFault({ kind: 'record-error', pathPrefix: '/crm/v3/objects/calls', recordContains: 'call h-4', count: 1 });
    const calls = [callOn('1', 'h-1'), callOn('2', 'h-2'), callOn('999', 'h-3'), callOn('4', 'h-4'), callOn('5', 'h-5')];

    const results = await hubspot.createService().logCalls(hubspot.session, calls);

    expect(results.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual(['ok', 'ok', 'provider_rejected', 'provider_unavailable', 'ok']);
    expect(requestsTo(hubspot.sandbox.admin.counters(), 'POST /crm/v3/objects/calls/batch/create')).toBe(1);
    expect(hubspot.sandbox.admin.counters().callsCreated).toBe(3);
    const found = await hubspot.createService().findLoggedCalls(hubspot.session, calls);
    expect(found).toEqual(results.map((result) => (result.ok ? { externalId: result.externalId } : null)));
  });
});

describe('HubSpotService.findLoggedCalls', () => {
  it("finds many calls with one association read and one batch read among each contact's calls, and nothing for other markers", async () => {
    hubspot = await startHubSpotHarness({ contactCount: 60 });
    const service = hubspot.createService();
    // Older calls on the same contacts, so the lookup has to pick the right one among several.
    await service.logCalls(hubspot.session, Array.from({ length: 50 }, (_, i) => callOn(String(i + 1), `old-${i}`)));
    const calls = Array.from({ length: 50 }, (_, i) => callOn(String(i + 1), `new-${i}`));
    const logged = await service.logCalls(hubspot.session, calls);
    const before = hubspot.sandbox.admin.counters();

    const found = await service.findLoggedCalls(hubspot.session, [...calls, callOn('3', 'never-logged'), callOn('55', 'new-1')]);

    expect(found).toEqual([...logged.map((result) => (result.ok ? { externalId: result.externalId } : 'refused')), null, null]);
    const after = hubspot.sandbox.admin.counters();
    expect(requestsTo(after, 'POST /crm/v4/associations/contacts/calls/batch/read') - requestsTo(before, 'POST /crm/v4/associations/contacts/calls/batch/read')).toBe(1);
    // The 100 calls of the 50 contacts fit one read; a contact without calls needs none.
    expect(requestsTo(after, 'POST /crm/v3/objects/calls/batch/read') - requestsTo(before, 'POST /crm/v3/objects/calls/batch/read')).toBe(1);
  });
});

describe('ZohoService.logCalls', () => {
  it('inserts a batch in one request with a verdict per call: a contact Zoho lacks or a failed record fails that call alone', async () => {
    zoho = await startZohoHarness({ contactCount: 10 });
    const ids = zoho.seededIds(4);
    zoho.sandbox.admin.addFault({ kind: 'record-error', pathPrefix: '/crm/v8/Calls', recordContains: 'call z-4', count: 1 });
    const calls = [callOn(ids[0]!, 'z-1'), callOn(ids[1]!, 'z-2'), callOn('1234567000000000999', 'z-3'), callOn(ids[3]!, 'z-4')];

    const results = await zoho.createService().logCalls(zoho.session, calls);

    expect(results.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual(['ok', 'ok', 'provider_rejected', 'provider_unavailable']);
    expect(requestsTo(zoho.sandbox.admin.counters(), 'POST /crm/v8/Calls')).toBe(1);
    expect(zoho.sandbox.admin.counters().callsCreated).toBe(2);
  });
});

describe('ZohoService.findLoggedCalls', () => {
  it('finds the calls of 12 contacts with two searches (10 criteria each at most), and nothing for other markers', async () => {
    zoho = await startZohoHarness({ contactCount: 20 });
    const ids = zoho.seededIds(12);
    const service = zoho.createService();
    const calls = ids.map((id, i) => callOn(id, `c-${i}`));
    const logged = await service.logCalls(zoho.session, calls);
    const before = requestsTo(zoho.sandbox.admin.counters(), 'GET /crm/v8/Calls/search');

    const found = await service.findLoggedCalls(zoho.session, [...calls, callOn(ids[0]!, 'c-1'), callOn('not-a-zoho-id', 'c-2')]);

    expect(found).toEqual([...logged.map((result) => (result.ok ? { externalId: result.externalId } : 'refused')), null, null]);
    expect(requestsTo(zoho.sandbox.admin.counters(), 'GET /crm/v8/Calls/search') - before).toBe(2);
  });
});
