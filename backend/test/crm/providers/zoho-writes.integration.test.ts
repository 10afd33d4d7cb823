import { afterEach, describe, expect, it } from 'vitest';
import type { NewContact } from '../../../src/crm/crm-service';
import { rejectionOf } from './provider-test-support';
import { readZohoContactsById, startZohoHarness, type ZohoHarness } from './zoho-test-support';

let harness: ZohoHarness | null = null;

afterEach(async () => {
  await harness?.sandbox.close();
  harness = null;
});

function countRequests(h: ZohoHarness, endpoint: string): number {
  return h.sandbox.admin.counters().requests[endpoint] ?? 0;
}

async function readEmailOf(h: ZohoHarness, id: string): Promise<string> {
  const email = (await readZohoContactsById(h, [id])).get(id)?.Email;
  if (typeof email !== 'string') throw new Error(`seeded contact ${id} has no email`);
  return email;
}

describe('ZohoService.createContact', () => {
  it('creates the contact in Zoho and returns it mapped', async () => {
    harness = await startZohoHarness({ contactCount: 5 });
    const contact = await harness.createService().createContact(harness.session, {
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'Grace.Hopper@Example.com',
      mobilePhone: '+1 212 555 0199',
      company: 'Navy',
      jobTitle: 'Rear Admiral',
    });

    expect(contact).toMatchObject({ firstName: 'Grace', lastName: 'Hopper', email: 'grace.hopper@example.com', mobilePhone: '+1 212 555 0199', company: 'Navy', jobTitle: 'Rear Admiral' });
    expect(contact.crmCreatedAt).toBeInstanceOf(Date);
    expect(contact.ownerId).toMatch(/^\d+$/);
    const stored = (await readZohoContactsById(harness, [contact.externalId])).get(contact.externalId);
    expect(stored).toMatchObject({ First_Name: 'Grace', Last_Name: 'Hopper', Email: 'grace.hopper@example.com', Mobile: '+1 212 555 0199', Account_Name: { name: 'Navy' }, Title: 'Rear Admiral' });
    expect((stored!.Owner as { id: string }).id).toBe(contact.ownerId);
  });

  it('answers a taken email with crm_duplicate naming the existing record', async () => {
    harness = await startZohoHarness({ contactCount: 5 });
    const existingId = harness.seededIds(5)[2]!;
    const email = await readEmailOf(harness, existingId);

    const error = await rejectionOf(harness.createService().createContact(harness.session, { lastName: 'Again', email }));
    expect(error).toMatchObject({ code: 'crm_duplicate', details: { platform: 'zoho', existingId } });
  });

  it('refuses a contact without a last name before asking Zoho, which requires one', async () => {
    harness = await startZohoHarness({ contactCount: 1 });
    const error = await rejectionOf(harness.createService().createContact(harness.session, { email: 'no.last.name@example.com' }));
    expect(error.code).toBe('validation_failed');
    expect(countRequests(harness, 'POST /crm/v8/Contacts')).toBe(0);
  });

  it('does not send a create again after a 503: it may have landed', async () => {
    harness = await startZohoHarness({ contactCount: 1 });
    harness.sandbox.admin.addFault({ kind: 'status', status: 503, pathPrefix: '/crm/v8/Contacts', count: 1 });
    const error = await rejectionOf(harness.createService().createContact(harness.session, { lastName: 'Once' }));
    expect(error.code).toBe('provider_unavailable');
    expect(countRequests(harness, 'POST /crm/v8/Contacts')).toBe(1);
  });
});

describe('ZohoService.createContacts', () => {
  it('creates a mixed batch in one request with a result per input, in input order', async () => {
    harness = await startZohoHarness({ contactCount: 10 });
    const existingId = harness.seededIds(10)[6]!;
    const taken = await readEmailOf(harness, existingId);
    const inputs: NewContact[] = [
      { firstName: 'New', lastName: 'Person', email: 'new.person@example.com' },
      { lastName: 'Duplicate', email: taken.toUpperCase() },
      { firstName: 'Nameless' },
      { lastName: 'Phone Only', phone: '+49 30 1234567' },
      { lastName: 'Bad Email', email: 'not-an-email' },
    ];
    const results = await harness.createService().createContacts(harness.session, inputs);

    expect(results[0]).toMatchObject({ ok: true, contact: { email: 'new.person@example.com', lastName: 'Person' } });
    expect(results[1]).toEqual({ ok: false, error: { code: 'crm_duplicate', message: expect.stringContaining('Email'), existingId } });
    expect(results[2]).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(results[3]).toMatchObject({ ok: true, contact: { lastName: 'Phone Only', phone: '+49 30 1234567' } });
    expect(results[4]).toMatchObject({ ok: false, error: { code: 'provider_rejected', message: expect.stringContaining('INVALID_DATA') } });
    expect(countRequests(harness, 'POST /crm/v8/Contacts')).toBe(1);
    const created = [results[0], results[3]].map((result) => (result?.ok ? result.contact.externalId : ''));
    const stored = await readZohoContactsById(harness, created);
    expect(created.map((id) => stored.get(id)?.Last_Name)).toEqual(['Person', 'Phone Only']);
  });

  it('answers per record when Zoho refuses every one of them (HTTP 400 with results)', async () => {
    harness = await startZohoHarness({ contactCount: 3 });
    const taken = await readEmailOf(harness, harness.seededIds(3)[0]!);
    const results = await harness.createService().createContacts(harness.session, [{ lastName: 'Dup', email: taken }, { lastName: 'Bad', email: 'nope' }]);
    expect(results.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual(['crm_duplicate', 'provider_rejected']);
  });
});

describe('ZohoService.logCall', () => {
  it('logs an outbound call on the contact', async () => {
    harness = await startZohoHarness({ contactCount: 3 });
    const contactId = harness.seededIds(3)[1]!;
    const { externalId } = await harness.createService().logCall(harness.session, {
      contactExternalId: contactId,
      startedAt: new Date('2026-02-03T10:15:00.000Z'),
      durationSec: 125,
      title: 'Campaign call',
      body: 'Interested; send pricing.',
      marker: 'VoiceAgent call z-1',
      status: 'completed',
    });

    const body = await harness.getJson<{ data: Array<Record<string, unknown>> }>(
      `/crm/v8/Calls/${externalId}?fields=Subject,Call_Type,Call_Start_Time,Call_Duration,Call_Duration_In_Seconds,Description,Who_Id`,
    );
    const call = body!.data[0]!;
    expect(call).toMatchObject({ Subject: 'Campaign call', Call_Type: 'Outbound', Call_Duration: '02:05', Call_Duration_In_Seconds: 125, Description: 'Interested; send pricing.' });
    expect((call.Who_Id as { id: string }).id).toBe(contactId);
    expect(Date.parse(call.Call_Start_Time as string)).toBe(Date.parse('2026-02-03T10:15:00Z'));
  });

  it('logs a call that never connected as a missed call, since Zoho refuses a zero-length outbound one', async () => {
    harness = await startZohoHarness({ contactCount: 1 });
    const contactId = harness.seededIds(1)[0]!;
    const { externalId } = await harness
      .createService()
      .logCall(harness.session, { contactExternalId: contactId, startedAt: new Date(), durationSec: 0, title: 'No answer', body: '', marker: 'm', status: 'no_answer' });
    const body = await harness.getJson<{ data: Array<Record<string, unknown>> }>(`/crm/v8/Calls/${externalId}?fields=Call_Type,Who_Id`);
    expect(body!.data[0]).toMatchObject({ Call_Type: 'Missed', Who_Id: { id: contactId } });
  });

  it('is refused for a contact Zoho does not have', async () => {
    harness = await startZohoHarness({ contactCount: 1 });
    const call = { contactExternalId: '1234567000000000999', startedAt: new Date(), durationSec: 10, title: 't', body: 'b', marker: 'm', status: 'completed' } as const;
    expect(await rejectionOf(harness.createService().logCall(harness.session, call))).toMatchObject({ code: 'provider_rejected', details: { providerCode: 'INVALID_DATA' } });
  });
});

describe('ZohoService.findLoggedCall', () => {
  it("finds the call whose Description carries the marker among the contact's calls, and nothing for another marker or contact", async () => {
    harness = await startZohoHarness({ contactCount: 3 });
    const [contactId, otherId] = harness.seededIds(3);
    const service = harness.createService();
    const base = { contactExternalId: contactId!, startedAt: new Date('2026-02-03T10:15:00.000Z'), durationSec: 30, title: 'Campaign call', status: 'completed' } as const;
    const logged: string[] = [];
    for (const id of ['c-1', 'c-10']) {
      logged.push((await service.logCall(harness.session, { ...base, body: `Outcome: fine\n\nVoiceAgent call ${id}`, marker: `VoiceAgent call ${id}` })).externalId);
    }
    expect(await service.findLoggedCall(harness.session, { ...base, body: '', marker: 'VoiceAgent call c-1' })).toEqual({ externalId: logged[0] });
    expect(await service.findLoggedCall(harness.session, { ...base, body: '', marker: 'VoiceAgent call c-10' })).toEqual({ externalId: logged[1] });
    expect(await service.findLoggedCall(harness.session, { ...base, body: '', marker: 'VoiceAgent call c-2' })).toBeNull();
    expect(await service.findLoggedCall(harness.session, { ...base, contactExternalId: otherId!, body: '', marker: 'VoiceAgent call c-1' })).toBeNull();
  });
});
