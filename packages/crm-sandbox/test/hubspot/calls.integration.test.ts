import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, startTestSandbox, type BatchBody, type ErrorBody, type HubSpotObject, type TestSandbox } from './helpers';

let sandbox: TestSandbox;
beforeEach(async () => {
  sandbox = await startTestSandbox({ defaultPortal: { name: 'Calls', contactCount: 50 } });
});
afterEach(() => sandbox.close());

const CALLS = '/crm/v3/objects/calls';
const toContact = (id: string | number) => ({ to: { id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 194 }] });

describe('POST /crm/v3/objects/calls', () => {
  it('logs a call associated with contacts and reads it back with its associations', async () => {
    const logged = await call<HubSpotObject>(sandbox.url, CALLS, {
      token: sandbox.token,
      json: {
        properties: {
          hs_timestamp: '2026-01-15T11:58:00.000Z',
          hs_call_title: 'Callback about the renewal',
          hs_call_body: 'Spoke to the customer; they will renew.',
          hs_call_duration: 183000,
          hs_call_direction: 'OUTBOUND',
          hs_call_status: 'COMPLETED',
          hs_call_to_number: '+49 30 1234567',
        },
        associations: [toContact('7'), toContact(9)],
      },
    });
    expect(logged.status).toBe(201);
    const now = new Date(sandbox.clock.now()).toISOString();
    expect(logged.body).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      properties: { hs_timestamp: '2026-01-15T11:58:00.000Z', hs_call_duration: '183000', hs_call_title: 'Callback about the renewal', hs_createdate: now, hs_object_id: logged.body.id },
      createdAt: now,
      archived: false,
    });

    const read = await call<HubSpotObject>(sandbox.url, `${CALLS}/${logged.body.id}?properties=hs_call_body,hs_call_status&associations=contacts`, { token: sandbox.token });
    expect(read.status).toBe(200);
    expect(read.body.properties).toMatchObject({ hs_call_body: 'Spoke to the customer; they will renew.', hs_call_status: 'COMPLETED' });
    expect(read.body.associations).toEqual({ contacts: { results: [{ id: '7', type: 'call_to_contact' }, { id: '9', type: 'call_to_contact' }] } });

    const contact = await call<HubSpotObject>(sandbox.url, '/crm/v3/objects/contacts/7?associations=calls', { token: sandbox.token });
    expect(contact.body.associations).toEqual({ calls: { results: [{ id: logged.body.id, type: 'contact_to_call' }] } });
  });

  it('accepts hs_timestamp as epoch milliseconds and stores it as ISO', async () => {
    const logged = await call<HubSpotObject>(sandbox.url, CALLS, { token: sandbox.token, json: { properties: { hs_timestamp: String(Date.UTC(2026, 0, 2)) } } });
    expect(logged.body.properties.hs_timestamp).toBe('2026-01-02T00:00:00.000Z');
  });

  it('refuses a call without hs_timestamp, with an unknown property, or associated with a missing contact or a wrong type', async () => {
    const noTimestamp = await call<ErrorBody>(sandbox.url, CALLS, { token: sandbox.token, json: { properties: { hs_call_title: 'x' } } });
    expect([noTimestamp.status, noTimestamp.body.category]).toEqual([400, 'VALIDATION_ERROR']);
    expect(noTimestamp.body.message).toContain('hs_timestamp');
    const unknown = await call<ErrorBody>(sandbox.url, CALLS, { token: sandbox.token, json: { properties: { hs_timestamp: '2026-01-01T00:00:00Z', mood: 'happy' } } });
    expect(unknown.body.message).toContain('PROPERTY_DOESNT_EXIST');
    const ghost = await call<ErrorBody>(sandbox.url, CALLS, { token: sandbox.token, json: { properties: { hs_timestamp: '2026-01-01T00:00:00Z' }, associations: [toContact('5000')] } });
    expect(ghost.status).toBe(400);
    const wrongType = await call<ErrorBody>(sandbox.url, CALLS, {
      token: sandbox.token,
      json: { properties: { hs_timestamp: '2026-01-01T00:00:00Z' }, associations: [{ to: { id: '3' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 }] }] },
    });
    expect(wrongType.status).toBe(400);
  });

  it('needs the write scope to log and answers 404 for an unknown call', async () => {
    const readOnly = sandbox.admin.mintToken(sandbox.portalId, { scopes: ['crm.objects.contacts.read'] }).access_token;
    const refused = await call<ErrorBody>(sandbox.url, CALLS, { token: readOnly, json: { properties: { hs_timestamp: '2026-01-01T00:00:00Z' } } });
    expect([refused.status, refused.body.category]).toEqual([403, 'MISSING_SCOPES']);
    expect((await call(sandbox.url, `${CALLS}/123`, { token: sandbox.token })).status).toBe(404);
  });
});

describe('POST /crm/v3/objects/calls/batch/read', () => {
  it('reads calls by id with the properties asked for, and lists unknown ids under a 207', async () => {
    const ids: string[] = [];
    for (const body of ['First call', 'Second call']) {
      const logged = await call<HubSpotObject>(sandbox.url, CALLS, { token: sandbox.token, json: { properties: { hs_timestamp: '2026-01-15T11:58:00.000Z', hs_call_body: body } } });
      ids.push(logged.body.id);
    }
    const read = await call<BatchBody>(sandbox.url, `${CALLS}/batch/read`, { token: sandbox.token, json: { inputs: ids.map((id) => ({ id })), properties: ['hs_call_body'] } });
    expect(read.status).toBe(200);
    expect(read.body.results.map((result) => [result.id, result.properties.hs_call_body])).toEqual([
      [ids[0], 'First call'],
      [ids[1], 'Second call'],
    ]);

    const partly = await call<BatchBody>(sandbox.url, `${CALLS}/batch/read`, { token: sandbox.token, json: { inputs: [{ id: ids[0] }, { id: '999999' }], properties: ['hs_call_body'] } });
    expect(partly.status).toBe(207);
    expect(partly.body.results.map((result) => result.id)).toEqual([ids[0]]);
    expect(partly.body.errors).toEqual([expect.objectContaining({ category: 'OBJECT_NOT_FOUND', context: { ids: ['999999'] }, message: expect.stringContaining('CALL objects') })]);

    const tooMany = await call<ErrorBody>(sandbox.url, `${CALLS}/batch/read`, { token: sandbox.token, json: { inputs: Array.from({ length: 101 }, (_, i) => ({ id: String(i + 1) })) } });
    expect([tooMany.status, tooMany.body.category]).toEqual([400, 'VALIDATION_ERROR']);
  });
});

type MultiStatusBody = {
  status: string;
  results: Array<HubSpotObject & { objectWriteTraceId?: string }>;
  numErrors?: number;
  errors?: Array<{ status: string; category: string; message: string; context: Record<string, string[]> }>;
};
type AssociationsBody = {
  results: Array<{ from: { id: string }; to: Array<{ toObjectId: number; associationTypes: Array<{ category: string; typeId: number }> }>; paging?: { next: { after: string } } }>;
  numErrors?: number;
  errors?: Array<{ category: string; subCategory?: string; context: Record<string, string[]> }>;
};

const callInput = (body: string, contactId: string, traceId?: string) => ({
  properties: { hs_timestamp: '2026-01-15T11:58:00.000Z', hs_call_body: body },
  associations: [toContact(contactId)],
  ...(traceId ? { objectWriteTraceId: traceId } : {}),
});

describe('POST /crm/v3/objects/calls/batch/create', () => {
  it('creates every call with its contact association and echoes each input’s objectWriteTraceId', async () => {
    const created = await call<MultiStatusBody>(sandbox.url, `${CALLS}/batch/create`, { token: sandbox.token, json: { inputs: [callInput('one', '3', 't-1'), callInput('two', '4', 't-2')] } });
    expect(created.status).toBe(201);
    expect(created.body.results.map((result) => [result.objectWriteTraceId, result.properties.hs_call_body])).toEqual([
      ['t-1', 'one'],
      ['t-2', 'two'],
    ]);
    const contact = await call<HubSpotObject>(sandbox.url, '/crm/v3/objects/contacts/4?associations=calls', { token: sandbox.token });
    expect(contact.body.associations?.calls?.results.map((result) => result.id)).toEqual([created.body.results[1]!.id]);
    expect(sandbox.admin.counters().callsCreated).toBe(2);
  });

  it('answers per record (207) when every input has a trace id, and refuses the whole batch (400) when not', async () => {
    const mixed = await call<MultiStatusBody>(sandbox.url, `${CALLS}/batch/create`, {
      token: sandbox.token,
      json: { inputs: [callInput('good', '3', 'a'), callInput('ghost', '5000', 'b'), callInput('also good', '6', 'c')] },
    });
    expect(mixed.status).toBe(207);
    expect(mixed.body.results.map((result) => result.objectWriteTraceId)).toEqual(['a', 'c']);
    expect(mixed.body.numErrors).toBe(1);
    expect(mixed.body.errors).toEqual([expect.objectContaining({ status: 'error', category: 'VALIDATION_ERROR', context: { objectWriteTraceId: ['b'] } })]);

    const whole = await call<ErrorBody>(sandbox.url, `${CALLS}/batch/create`, { token: sandbox.token, json: { inputs: [callInput('good', '3'), callInput('ghost', '5000')] } });
    expect([whole.status, whole.body.category]).toEqual([400, 'VALIDATION_ERROR']);
    expect(sandbox.admin.counters().callsCreated).toBe(2);
  });

  it('fails only the record a record-error fault picks, and takes at most 100 inputs', async () => {
    sandbox.admin.addFault({ kind: 'record-error', pathPrefix: CALLS, recordContains: 'unlucky', count: 1 });
    const answer = await call<MultiStatusBody>(sandbox.url, `${CALLS}/batch/create`, {
      token: sandbox.token,
      json: { inputs: [callInput('fine', '3', 'a'), callInput('unlucky', '4', 'b'), callInput('fine too', '5', 'c')] },
    });
    expect(answer.status).toBe(207);
    expect(answer.body.results.map((result) => result.objectWriteTraceId)).toEqual(['a', 'c']);
    expect(answer.body.errors).toEqual([expect.objectContaining({ category: 'INTERNAL_ERROR', context: { objectWriteTraceId: ['b'] } })]);
    expect(sandbox.admin.listFaults()).toEqual([]);

    const tooMany = await call<ErrorBody>(sandbox.url, `${CALLS}/batch/create`, { token: sandbox.token, json: { inputs: Array.from({ length: 101 }, (_, i) => callInput('x', '3', `t${i}`)) } });
    expect([tooMany.status, tooMany.body.category]).toEqual([400, 'VALIDATION_ERROR']);
  });
});

describe('POST /crm/v4/associations/contacts/calls/batch/read', () => {
  it('lists each contact’s calls, paged by 500, and reports contacts without calls as errors of a 207', async () => {
    const created = await call<MultiStatusBody>(sandbox.url, `${CALLS}/batch/create`, { token: sandbox.token, json: { inputs: [callInput('one', '3', 'a'), callInput('two', '3', 'b')] } });
    const read = await call<AssociationsBody>(sandbox.url, '/crm/v4/associations/contacts/calls/batch/read', { token: sandbox.token, json: { inputs: [{ id: '3' }, { id: '4' }] } });
    expect(read.status).toBe(207);
    expect(read.body.results).toEqual([
      {
        from: { id: '3' },
        to: created.body.results.map((result) => ({ toObjectId: Number(result.id), associationTypes: [expect.objectContaining({ category: 'HUBSPOT_DEFINED', typeId: 193 })] })),
      },
    ]);
    expect(read.body.errors).toEqual([expect.objectContaining({ category: 'OBJECT_NOT_FOUND', subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND', context: { fromObjectId: ['4'] } })]);

    for (let batch = 0; batch < 6; batch += 1) {
      await call(sandbox.url, `${CALLS}/batch/create`, { token: sandbox.token, json: { inputs: Array.from({ length: 100 }, (_, i) => callInput(`bulk ${batch}.${i}`, '7', `t${i}`)) } });
    }
    const first = await call<AssociationsBody>(sandbox.url, '/crm/v4/associations/contacts/calls/batch/read', { token: sandbox.token, json: { inputs: [{ id: '7' }] } });
    expect([first.status, first.body.results[0]!.to.length]).toEqual([200, 500]);
    const after = first.body.results[0]!.paging!.next.after;
    const second = await call<AssociationsBody>(sandbox.url, '/crm/v4/associations/contacts/calls/batch/read', { token: sandbox.token, json: { inputs: [{ id: '7', after }] } });
    expect(second.body.results[0]!.to.length).toBe(100);
    expect(second.body.results[0]!.paging).toBeUndefined();
  });
});
