import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, startHarness } from './sandbox-harness';
import type { Harness } from './sandbox-harness';

let h: Harness;
let apiDomain: string;
let token: string;
const call = (method: string, path: string, body?: unknown) => api(apiDomain, token, path, { method, body });

beforeEach(async () => {
  h = await startHarness({ accounts: [{ name: 'Writes Org', dataCentre: 'us', contactCount: 300 }] });
  ({ api_domain: apiDomain, access_token: token } = h.admin.mintToken(h.admin.listAccounts()[0]?.id ?? ''));
});
afterEach(() => h.close());

async function seededEmail(): Promise<{ id: string; email: string }> {
  const page = await call('GET', '/crm/v8/Contacts?fields=Email&per_page=50');
  const withEmail = page.body.data.find((r: { Email: string | null }) => r.Email);
  return { id: withEmail.id, email: withEmail.Email };
}

describe('POST /crm/v8/Contacts', () => {
  it('creates records with 201 and Zoho’s per-record success body', async () => {
    const res = await call('POST', '/crm/v8/Contacts', { data: [{ First_Name: 'Zoë', Last_Name: 'Østergård', Email: 'zoe@example.dk', Phone: '+45 32 12 34 56', Account_Name: { name: 'Nordic ApS' } }] });
    expect(res.status).toBe(201);
    expect(res.body.data[0]).toEqual({
      code: 'SUCCESS',
      details: {
        Modified_Time: expect.stringMatching(/^2026-03-01T05:00:00-07:00$/),
        Modified_By: { name: expect.any(String), id: expect.any(String) },
        Created_Time: '2026-03-01T05:00:00-07:00',
        id: expect.stringMatching(/^\d{19}$/),
        Created_By: { name: expect.any(String), id: expect.any(String) },
        $approval_state: 'approved',
      },
      message: 'record added',
      status: 'success',
    });
    const created = await call('GET', `/crm/v8/Contacts/${res.body.data[0].details.id}`);
    expect(created.body.data[0]).toMatchObject({ Full_Name: 'Zoë Østergård', Email: 'zoe@example.dk', Account_Name: { name: 'Nordic ApS', id: expect.stringMatching(/^\d{19}$/) } });
  });

  it('refuses an existing Email with DUPLICATE_DATA, also within one batch, answering 207 for mixed results', async () => {
    const existing = await seededEmail();
    const res = await call('POST', '/crm/v8/Contacts', {
      data: [{ Last_Name: 'Copy', Email: existing.email.toUpperCase() }, { Last_Name: 'Fresh', Email: 'fresh@example.org' }, { Last_Name: 'Fresh again', Email: 'fresh@example.org' }],
    });
    expect(res.status).toBe(207);
    expect(res.body.data[0]).toEqual({
      code: 'DUPLICATE_DATA',
      details: {
        api_name: 'Email',
        json_path: '$.data[0].Email',
        duplicate_record: { Owner: { name: expect.any(String), id: expect.any(String), zuid: expect.any(String) }, module: { api_name: 'Contacts', id: expect.any(String) }, id: existing.id },
        more_records: false,
      },
      message: 'duplicate data',
      status: 'error',
    });
    expect(res.body.data[1].code).toBe('SUCCESS');
    expect(res.body.data[2]).toMatchObject({ code: 'DUPLICATE_DATA', details: { duplicate_record: { id: res.body.data[1].details.id } } });
  });

  it('answers 400 when every record fails, naming the missing mandatory field or the bad value', async () => {
    const res = await call('POST', '/crm/v8/Contacts', { data: [{ First_Name: 'No last name' }, { Last_Name: 'Bad', Email: 'not-an-email' }, { Last_Name: 42 }] });
    expect(res.status).toBe(400);
    expect(res.body.data[0]).toEqual({ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Last_Name', json_path: '$.data[0].Last_Name' }, message: 'required field not found', status: 'error' });
    expect(res.body.data[1]).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'Email', json_path: '$.data[1].Email', expected_data_type: 'email' } });
    expect(res.body.data[2]).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'Last_Name', expected_data_type: 'text' } });
  });

  it('refuses more than 100 records, a missing data array and a body that is not JSON', async () => {
    const tooMany = await call('POST', '/crm/v8/Contacts', { data: Array.from({ length: 101 }, (_, i) => ({ Last_Name: `N${i}` })) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toEqual({ code: 'LIMIT_EXCEEDED', details: { limit: 100, api_name: 'data' }, message: 'Record count exceeded', status: 'error' });
    expect((await call('POST', '/crm/v8/Contacts', {})).body).toMatchObject({ code: 'REQUIRED_PARAM_MISSING', details: { param_name: 'data' } });
    const garbage = await fetch(`${apiDomain}/crm/v8/Contacts`, { method: 'POST', headers: { authorization: `Zoho-oauthtoken ${token}`, 'content-type': 'application/json' }, body: '{"data": [' });
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toEqual({ code: 'INVALID_DATA', details: {}, message: 'body', status: 'error' });
    expect((await call('POST', '/crm/v8/Contacts', { data: Array.from({ length: 100 }, (_, i) => ({ Last_Name: `N${i}` })) })).status).toBe(201);
  });
});

describe('PUT and DELETE /crm/v8/Contacts', () => {
  it('updates by id in the path or in each record, moving Modified_Time to now', async () => {
    const { id } = await seededEmail();
    h.clock.advance(90_000);
    const single = await call('PUT', `/crm/v8/Contacts/${id}`, { data: [{ Title: 'CTO' }] });
    expect(single.status).toBe(200);
    expect(single.body.data[0]).toMatchObject({ code: 'SUCCESS', message: 'record updated', details: { id, Modified_Time: '2026-03-01T05:01:30-07:00' } });
    const bulk = await call('PUT', '/crm/v8/Contacts', { data: [{ id, Department: 'R&D' }, { id: '1111111000000000001', Title: 'x' }, { Title: 'no id' }] });
    expect(bulk.status).toBe(207);
    expect(bulk.body.data[1]).toMatchObject({ code: 'INVALID_DATA', message: 'the id given seems to be invalid' });
    expect(bulk.body.data[2]).toMatchObject({ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'id' } });
    expect((await call('GET', `/crm/v8/Contacts/${id}?fields=Title,Department`)).body.data[0]).toEqual({ id, Title: 'CTO', Department: 'R&D' });
  });

  it('refuses an update that would duplicate another contact’s Email', async () => {
    const page = await call('GET', '/crm/v8/Contacts?fields=Email&per_page=50');
    const [a, b] = page.body.data.filter((r: { Email: string | null }) => r.Email);
    const res = await call('PUT', `/crm/v8/Contacts/${a.id}`, { data: [{ Email: b.Email }] });
    expect(res.status).toBe(400);
    expect(res.body.data[0]).toMatchObject({ code: 'DUPLICATE_DATA', details: { duplicate_record: { id: b.id } } });
  });

  it('deletes by ids, reporting unknown ids per record', async () => {
    const { id } = await seededEmail();
    const res = await call('DELETE', `/crm/v8/Contacts?ids=${id},1111111000000000001`);
    expect(res.status).toBe(207);
    expect(res.body.data).toEqual([
      { code: 'SUCCESS', details: { id }, message: 'record deleted', status: 'success' },
      { code: 'INVALID_DATA', details: { id: '1111111000000000001' }, message: 'the id given seems to be invalid', status: 'error' },
    ]);
    expect((await call('DELETE', '/crm/v8/Contacts')).body).toMatchObject({ code: 'REQUIRED_PARAM_MISSING', details: { param_name: 'ids' } });
  });
});

describe('POST /crm/v8/Contacts/upsert', () => {
  it('updates the contact whose Email matches and inserts the others', async () => {
    const existing = await seededEmail();
    const res = await call('POST', '/crm/v8/Contacts/upsert', {
      data: [{ Last_Name: 'Updated', Email: existing.email, Mobile: '+49 151 2345678' }, { Last_Name: 'Inserted', Email: 'inserted@example.org' }],
      duplicate_check_fields: ['Email'],
    });
    expect(res.status).toBe(200);
    expect(res.body.data[0]).toMatchObject({ code: 'SUCCESS', action: 'update', duplicate_field: 'Email', message: 'record updated', status: 'success', details: { id: existing.id } });
    expect(res.body.data[1]).toMatchObject({ code: 'SUCCESS', action: 'insert', duplicate_field: null, message: 'record added' });
    expect((await call('GET', `/crm/v8/Contacts/${existing.id}?fields=Last_Name,Mobile`)).body.data[0]).toEqual({ id: existing.id, Last_Name: 'Updated', Mobile: '+49 151 2345678' });
    // Upserting the same input again converges: nothing new is inserted.
    const again = await call('POST', '/crm/v8/Contacts/upsert', { data: [{ Last_Name: 'Inserted', Email: 'inserted@example.org' }] });
    expect(again.body.data[0]).toMatchObject({ action: 'update', details: { id: res.body.data[1].details.id } });
  });

  it('refuses duplicate_check_fields that are not unique fields, and an insert without Last_Name', async () => {
    expect((await call('POST', '/crm/v8/Contacts/upsert', { data: [{ Last_Name: 'x' }], duplicate_check_fields: ['Phone'] })).body).toMatchObject({
      code: 'INVALID_DATA',
      details: { param_name: 'duplicate_check_fields', api_name: 'Phone' },
    });
    const res = await call('POST', '/crm/v8/Contacts/upsert', { data: [{ Email: 'nobody@example.org' }] });
    expect(res.status).toBe(400);
    expect(res.body.data[0]).toMatchObject({ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Last_Name' } });
  });
});

describe('POST /crm/v8/Calls', () => {
  it('logs a call against a contact with Who_Id and returns it from GET /Calls/{id}', async () => {
    const { id: contactId } = await seededEmail();
    const res = await call('POST', '/crm/v8/Calls', {
      data: [{ Subject: 'Outbound call by the voice agent', Call_Type: 'Outbound', Call_Start_Time: '2026-03-01T10:00:00+01:00', Call_Duration: '03:25', Who_Id: { id: contactId }, $se_module: 'Contacts', Description: 'Booked a demo' }],
    });
    expect(res.status).toBe(201);
    const callId = res.body.data[0].details.id as string;
    const fetched = await call('GET', `/crm/v8/Calls/${callId}`);
    expect(fetched.body.data[0]).toMatchObject({
      id: callId,
      Subject: 'Outbound call by the voice agent',
      Call_Type: 'Outbound',
      Call_Start_Time: '2026-03-01T02:00:00-07:00',
      Call_Duration: '03:25',
      Call_Duration_In_Seconds: 205,
      Who_Id: { id: contactId, name: expect.any(String) },
      $se_module: 'Contacts',
      Description: 'Booked a demo',
    });
    const listed = await call('GET', '/crm/v8/Calls?fields=Subject,Who_Id');
    expect(listed.body.data).toEqual([{ id: callId, Subject: 'Outbound call by the voice agent', Who_Id: { id: contactId, name: expect.any(String) } }]);
  });

  it('finds calls by contact with GET /Calls/search, answering 204 when none matches and 400 for criteria it cannot read', async () => {
    const { id: contactId } = await seededEmail();
    const logged = await call('POST', '/crm/v8/Calls', {
      data: [{ Subject: 'Renewal: answered', Call_Type: 'Outbound', Call_Start_Time: '2026-03-01T10:00:00Z', Call_Duration: '01:05', Who_Id: { id: contactId }, Description: 'VoiceAgent call c-1' }],
    });
    const callId = logged.body.data[0].details.id as string;
    const found = await call('GET', `/crm/v8/Calls/search?criteria=${encodeURIComponent(`((Who_Id:equals:${contactId})and(Call_Type:equals:Outbound))`)}`);
    expect(found.status).toBe(200);
    expect(found.body.data.map((record: { id: string; Description: string }) => [record.id, record.Description])).toEqual([[callId, 'VoiceAgent call c-1']]);
    expect(found.body.info).toMatchObject({ count: 1, page: 1, more_records: false });
    const none = await call('GET', `/crm/v8/Calls/search?criteria=${encodeURIComponent('(Who_Id:equals:1111111000000000001)')}`);
    expect(none.status).toBe(204);
    for (const criteria of ['', '(Who_Id:starts_with:1)', '(Shoe_Size:equals:42)']) {
      expect((await call('GET', `/crm/v8/Calls/search?criteria=${encodeURIComponent(criteria)}`)).status).toBe(400);
    }
  });

  it('searches calls of several contacts with criteria joined by or, up to Zoho’s 10 criteria', async () => {
    const page = await call('GET', '/crm/v8/Contacts?fields=Last_Name&per_page=11');
    const ids = page.body.data.map((record: { id: string }) => record.id) as string[];
    const logged = await call('POST', '/crm/v8/Calls', {
      data: ids.slice(0, 3).map((id, i) => ({ Subject: `Call ${i}`, Call_Type: 'Missed', Call_Start_Time: '2026-03-01T10:00:00Z', Who_Id: { id }, Description: `VoiceAgent call c-${i}` })),
    });
    expect(logged.status).toBe(201);
    const either = `(${ids.slice(1, 3).map((id) => `(Who_Id:equals:${id})`).join('or')})`;
    const found = await call('GET', `/crm/v8/Calls/search?criteria=${encodeURIComponent(either)}`);
    expect(found.body.data.map((record: { Description: string }) => record.Description).sort()).toEqual(['VoiceAgent call c-1', 'VoiceAgent call c-2']);
    const eleven = `(${ids.map((id) => `(Who_Id:equals:${id})`).join('or')})`;
    const refused = await call('GET', `/crm/v8/Calls/search?criteria=${encodeURIComponent(eleven)}`);
    expect([refused.status, refused.body.code]).toEqual([400, 'LIMIT_EXCEEDED']);
    expect((await call('GET', `/crm/v8/Calls/search?criteria=${encodeURIComponent(`((Who_Id:equals:${ids[0]})or(Who_Id:equals:${ids[1]})and(Call_Type:equals:Missed))`)}`)).status).toBe(400);
  });

  it('fails only the record a record-error fault picks (207), writing the rest of the batch', async () => {
    const { id: contactId } = await seededEmail();
    h.admin.addFault({ kind: 'record-error', pathPrefix: '/crm/v8/Calls', recordContains: 'unlucky', count: 1 });
    const record = (description: string) => ({ Subject: 'x', Call_Type: 'Missed', Call_Start_Time: '2026-03-01T10:00:00Z', Who_Id: { id: contactId }, Description: description });
    const res = await call('POST', '/crm/v8/Calls', { data: [record('fine'), record('unlucky'), record('fine too')] });
    expect(res.status).toBe(207);
    expect(res.body.data.map((result: { status: string; code: string }) => [result.status, result.code])).toEqual([
      ['success', 'SUCCESS'],
      ['error', 'INTERNAL_ERROR'],
      ['success', 'SUCCESS'],
    ]);
    expect(h.admin.listFaults()).toEqual([]);
    expect(h.admin.counters().callsCreated).toBe(2);
  });

  it('refuses an unknown Who_Id, a missing duration and a missing subject', async () => {
    const res = await call('POST', '/crm/v8/Calls', {
      data: [
        { Subject: 'x', Call_Type: 'Inbound', Call_Start_Time: '2026-03-01T10:00:00Z', Call_Duration: '01:00', Who_Id: { id: '1111111000000000001' } },
        { Subject: 'x', Call_Type: 'Inbound', Call_Start_Time: '2026-03-01T10:00:00Z' },
        { Call_Type: 'Missed', Call_Start_Time: '2026-03-01T10:00:00Z' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.data[0]).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'Who_Id' }, message: 'the id given seems to be invalid' });
    expect(res.body.data[1]).toMatchObject({ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Call_Duration' } });
    expect(res.body.data[2]).toMatchObject({ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Subject' } });
  });
});
