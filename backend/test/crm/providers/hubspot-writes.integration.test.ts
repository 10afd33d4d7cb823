import { afterEach, describe, expect, it } from 'vitest';
import type { NewContact } from '../../../src/crm/crm-service';
import { startHubSpotHarness, type HubSpotHarness } from './hubspot-test-support';
import { rejectionOf } from './provider-test-support';

let harness: HubSpotHarness | null = null;

afterEach(async () => {
  await harness?.sandbox.close();
  harness = null;
});

type CrmObject = { id: string; properties: Record<string, string | null>; associations?: Record<string, { results: Array<{ id: string }> }> };

async function readObject(h: HubSpotHarness, path: string): Promise<CrmObject> {
  const response = await fetch(new URL(path, h.sandbox.url), { headers: { authorization: `Bearer ${h.session.currentToken()}` } });
  if (!response.ok) throw new Error(`sandbox answered ${response.status} to ${path}`);
  return (await response.json()) as CrmObject;
}

function countRequests(h: HubSpotHarness, endpoint: string): number {
  return h.sandbox.admin.counters().requests[endpoint] ?? 0;
}

describe('HubSpotService.createContact', () => {
  it('creates the contact at HubSpot and returns it mapped', async () => {
    harness = await startHubSpotHarness({ contactCount: 10 });
    const contact = await harness.createService().createContact(harness.session, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'Ada.Lovelace@Example.com',
      phone: '+44 20 7946 0958',
      company: 'Analytical Engines',
      jobTitle: 'Mathematician',
    });

    expect(contact).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada.lovelace@example.com', phone: '+44 20 7946 0958', company: 'Analytical Engines', jobTitle: 'Mathematician' });
    expect(contact.crmCreatedAt).toBeInstanceOf(Date);
    const stored = await readObject(harness, `/crm/v3/objects/contacts/${contact.externalId}?properties=firstname,email,company`);
    expect(stored.properties).toMatchObject({ firstname: 'Ada', email: 'ada.lovelace@example.com', company: 'Analytical Engines' });
  });

  it('answers a taken email with crm_duplicate naming the existing contact', async () => {
    harness = await startHubSpotHarness({ contactCount: 10 });
    const existing = await readObject(harness, '/crm/v3/objects/contacts/4?properties=email');
    const email = existing.properties.email!.toUpperCase();

    const error = await rejectionOf(harness.createService().createContact(harness.session, { lastName: 'Again', email }));
    expect(error).toMatchObject({ code: 'crm_duplicate', details: { platform: 'hubspot', existingId: '4' } });
  });

  it('does not send a create again after a 503: it may have landed', async () => {
    harness = await startHubSpotHarness({ contactCount: 1 });
    harness.sandbox.admin.addFault({ kind: 'status', status: 503, pathPrefix: '/crm/v3/objects/contacts', count: 1 });
    const error = await rejectionOf(harness.createService().createContact(harness.session, { lastName: 'Once' }));
    expect(error.code).toBe('provider_unavailable');
    expect(countRequests(harness, 'POST /crm/v3/objects/contacts')).toBe(1);
  });
});

describe('HubSpotService.createContacts', () => {
  it('creates a clean batch with one request, results in input order', async () => {
    harness = await startHubSpotHarness({ contactCount: 1 });
    const inputs: NewContact[] = [{ lastName: 'One', email: 'one@example.com' }, { lastName: 'Two', phone: '+1 212 555 0100' }, { lastName: 'Three', email: 'three@example.com' }];
    const results = await harness.createService().createContacts(harness.session, inputs);

    expect(results.map((result) => (result.ok ? result.contact.lastName : result.error.code))).toEqual(['One', 'Two', 'Three']);
    expect(countRequests(harness, 'POST /crm/v3/objects/contacts/batch/create')).toBe(1);
    expect(countRequests(harness, 'POST /crm/v3/objects/contacts')).toBe(0);
  });

  it('gives each input its own verdict when HubSpot refuses the whole batch', async () => {
    harness = await startHubSpotHarness({ contactCount: 10 });
    const taken = (await readObject(harness, '/crm/v3/objects/contacts/2?properties=email')).properties.email!;
    const inputs: NewContact[] = [
      { firstName: 'New', lastName: 'Person', email: 'new.person@example.com' },
      { lastName: 'Duplicate', email: taken },
      { lastName: 'Phone Only', phone: '+49 30 1234567' },
      { lastName: 'Bad Email', email: 'not-an-email' },
    ];
    const results = await harness.createService().createContacts(harness.session, inputs);

    expect(results[0]).toMatchObject({ ok: true, contact: { email: 'new.person@example.com' } });
    expect(results[1]).toEqual({ ok: false, error: { code: 'crm_duplicate', message: expect.any(String), existingId: '2' } });
    expect(results[2]).toMatchObject({ ok: true, contact: { lastName: 'Phone Only', phone: '+49 30 1234567' } });
    expect(results[3]).toMatchObject({ ok: false, error: { code: 'provider_rejected', message: expect.stringContaining('not-an-email') } });
    // The batch was refused whole (409), then each input went on its own.
    expect(countRequests(harness, 'POST /crm/v3/objects/contacts/batch/create')).toBe(1);
    expect(countRequests(harness, 'POST /crm/v3/objects/contacts')).toBe(4);
    for (const result of [results[0], results[2]]) {
      if (!result?.ok) throw new Error('expected a created contact');
      expect((await readObject(harness, `/crm/v3/objects/contacts/${result.contact.externalId}?properties=lastname`)).properties.lastname).toBe(result.contact.lastName);
    }
  });

  it('refuses more than 100 inputs before sending anything', async () => {
    harness = await startHubSpotHarness({ contactCount: 1 });
    const inputs = Array.from({ length: 101 }, (_, index) => ({ lastName: `Person ${index}` }));
    expect(await rejectionOf(harness.createService().createContacts(harness.session, inputs))).toMatchObject({ code: 'validation_failed' });
    expect(countRequests(harness, 'POST /crm/v3/objects/contacts/batch/create')).toBe(0);
  });
});

describe('HubSpotService.logCall', () => {
  it('logs an outbound call associated with the contact', async () => {
    harness = await startHubSpotHarness({ contactCount: 5 });
    const startedAt = new Date('2026-02-03T10:15:00.000Z');
    const { externalId } = await harness.createService().logCall(harness.session, {
      contactExternalId: '3',
      startedAt,
      durationSec: 125,
      title: 'Campaign call',
      body: 'Asked to call back next week.',
      marker: 'VoiceAgent call h-1',
      status: 'no_answer',
      disposition: '73a0d17f-1163-4015-bdd5-ec830791da20',
    });

    const properties = 'hs_timestamp,hs_call_title,hs_call_body,hs_call_duration,hs_call_status,hs_call_direction,hs_call_disposition';
    const call = await readObject(harness, `/crm/v3/objects/calls/${externalId}?properties=${properties}&associations=contacts`);
    expect(call.properties).toMatchObject({
      hs_timestamp: startedAt.toISOString(),
      hs_call_title: 'Campaign call',
      hs_call_body: 'Asked to call back next week.',
      hs_call_duration: '125000',
      hs_call_status: 'NO_ANSWER',
      hs_call_direction: 'OUTBOUND',
      hs_call_disposition: '73a0d17f-1163-4015-bdd5-ec830791da20',
    });
    expect(call.associations?.contacts?.results.map((result) => result.id)).toEqual(['3']);
    const contact = await readObject(harness, '/crm/v3/objects/contacts/3?associations=calls');
    expect(contact.associations?.calls?.results.map((result) => result.id)).toEqual([externalId]);
  });

  it('is refused for a contact HubSpot does not have', async () => {
    harness = await startHubSpotHarness({ contactCount: 5 });
    const call = { contactExternalId: '999', startedAt: new Date(), durationSec: 10, title: 't', body: 'b', marker: 'm', status: 'completed' } as const;
    expect(await rejectionOf(harness.createService().logCall(harness.session, call))).toMatchObject({ code: 'provider_rejected' });
  });
});

describe('HubSpotService.findLoggedCall', () => {
  it("finds the call whose body carries the marker among the contact's calls, and nothing for another marker or contact", async () => {
    harness = await startHubSpotHarness({ contactCount: 5 });
    const service = harness.createService();
    const base = { contactExternalId: '2', startedAt: new Date('2026-02-03T10:15:00.000Z'), durationSec: 30, title: 'Campaign call', status: 'completed' } as const;
    const logged: string[] = [];
    for (const id of ['c-1', 'c-10', 'c-2']) {
      logged.push((await service.logCall(harness.session, { ...base, body: `Outcome: fine\n\nVoiceAgent call ${id}`, marker: `VoiceAgent call ${id}` })).externalId);
    }
    expect(await service.findLoggedCall(harness.session, { ...base, body: '', marker: 'VoiceAgent call c-1' })).toEqual({ externalId: logged[0] });
    expect(await service.findLoggedCall(harness.session, { ...base, body: '', marker: 'VoiceAgent call c-10' })).toEqual({ externalId: logged[1] });
    expect(await service.findLoggedCall(harness.session, { ...base, body: '', marker: 'VoiceAgent call c-3' })).toBeNull();
    expect(await service.findLoggedCall(harness.session, { ...base, contactExternalId: '4', body: '', marker: 'VoiceAgent call c-1' })).toBeNull();
    expect(await service.findLoggedCall(harness.session, { ...base, contactExternalId: '999', body: '', marker: 'VoiceAgent call c-1' })).toBeNull();
  });
});
