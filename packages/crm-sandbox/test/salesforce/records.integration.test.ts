import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, q, START, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let token: string;
let instance: string;
let orgId: string;
beforeAll(async () => {
  h = await startHarness();
  orgId = h.orgs[0]!.id;
  instance = h.orgs[0]!.instanceUrl;
  token = h.admin.mintToken(orgId).access_token;
});
afterAll(async () => {
  await h.close();
});

describe('/sobjects/<Type>', () => {
  it('creates, reads, updates and deletes a Contact, moving SystemModstamp and sending deleted ones to the recycle bin', async () => {
    const created = await api(instance, token, '/sobjects/Contact', { method: 'POST', body: { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@engine.example.com', MailingCountry: 'United Kingdom' } });
    expect(created).toMatchObject({ status: 201, body: { id: expect.stringMatching(/^003\w{15}$/), success: true, errors: [] } });
    const id = created.body.id as string;
    const read = await api(instance, token, `/sobjects/Contact/${id}`);
    expect(read.body).toMatchObject({ attributes: { type: 'Contact' }, Id: id, LastName: 'Lovelace', DoNotCall: false, IsDeleted: false, CreatedDate: '2026-01-20T12:00:00.000+0000' });
    h.clock.now += 5000;
    expect((await api(instance, token, `/sobjects/Contact/${id}`, { method: 'PATCH', body: { title: 'Analyst', DoNotCall: true } })).status).toBe(204);
    const updated = await api(instance, token, `/sobjects/Contact/${id}?fields=Title,DoNotCall,SystemModstamp`);
    expect(updated.body).toEqual({ attributes: expect.any(Object), Title: 'Analyst', DoNotCall: true, SystemModstamp: '2026-01-20T12:00:05.000+0000' });
    expect((await api(instance, token, `/sobjects/Contact/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(instance, token, `/sobjects/Contact/${id}`)).body).toEqual([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist', fields: [] }]);
    expect((await api(instance, token, `/sobjects/Contact/${id}`, { method: 'PATCH', body: { Title: 'x' } })).body[0].errorCode).toBe('ENTITY_IS_DELETED');
    const bin = await api(instance, token, `/queryAll?q=${encodeURIComponent(`SELECT Id, IsDeleted FROM Contact WHERE Id = '${id}'`)}`);
    expect(bin.body.records).toEqual([expect.objectContaining({ Id: id, IsDeleted: true })]);
  });

  it('answers 404 NOT_FOUND for an unknown id and REQUIRED_FIELD_MISSING with the fields for a Lead without LastName and Company', async () => {
    expect((await api(instance, token, '/sobjects/Contact/003000000000000AAA')).body[0].errorCode).toBe('NOT_FOUND');
    const missing = await api(instance, token, '/sobjects/Lead', { method: 'POST', body: { FirstName: 'No' } });
    expect(missing).toMatchObject({ status: 400, body: [{ errorCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName', 'Company'] }] });
    const bad = await api(instance, token, '/sobjects/Contact', { method: 'POST', body: { LastName: 'X', Nope__c: 1 } });
    expect(bad.body[0].errorCode).toBe('INVALID_FIELD');
    const readOnly = await api(instance, token, '/sobjects/Lead', { method: 'POST', body: { LastName: 'X', Company: 'Y', IsConverted: true } });
    expect(readOnly.body[0].errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
  });

  it('refuses a Contact whose Email a live Contact already has with DUPLICATES_DETECTED naming the match', async () => {
    const existing = (await api(instance, token, q("SELECT Id, Email FROM Contact WHERE Email != null ORDER BY Id LIMIT 1"))).body.records[0];
    const res = await api(instance, token, '/sobjects/Contact', { method: 'POST', body: { LastName: 'Copy', Email: existing.Email.toUpperCase() } });
    expect(res.status).toBe(400);
    expect(res.body[0]).toMatchObject({ errorCode: 'DUPLICATES_DETECTED', message: 'Use one of these records?', fields: [], duplicateResult: { matchResults: [{ entityType: 'Contact', matchRecords: [{ record: { Id: existing.Id } }] }] } });
    // A Lead with the same email is another object: allowed.
    expect((await api(instance, token, '/sobjects/Lead', { method: 'POST', body: { LastName: 'Copy', Company: 'C', Email: existing.Email } })).status).toBe(201);
  });

  it('describes Lead with its fields, types and picklist values', async () => {
    const res = await api(instance, token, '/sobjects/Lead/describe');
    expect(res.body).toMatchObject({ name: 'Lead', label: 'Lead' });
    const byName = Object.fromEntries((res.body.fields as { name: string; picklistValues: { value: string }[] }[]).map((field) => [field.name, field]));
    expect(byName.Company).toMatchObject({ type: 'string', nillable: false, createable: true });
    expect(byName.IsConverted).toMatchObject({ type: 'boolean', createable: false });
    expect(byName.Status!.picklistValues.map((value) => value.value)).toContain('Closed - Converted');
  });
});

describe('POST /composite/sobjects', () => {
  it('writes each valid record and reports each failure in order, with mixed types, when allOrNone is false', async () => {
    const contact = (await api(instance, token, q('SELECT Id FROM Contact ORDER BY Id LIMIT 1'))).body.records[0].Id as string;
    const res = await api(instance, token, '/composite/sobjects', {
      method: 'POST',
      body: {
        allOrNone: false,
        records: [
          { attributes: { type: 'Task' }, Subject: 'Call', WhoId: contact, TaskSubtype: 'Call', CallType: 'Outbound', CallDurationInSeconds: 42, Status: 'Completed', ActivityDate: '2026-01-20' },
          { attributes: { type: 'Task' }, Subject: 'Call', WhoId: '003000000000000AAA' },
          { attributes: { type: 'Lead' }, LastName: 'Mixed', Company: 'Types Inc' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { id: expect.stringMatching(/^00T/), success: true, errors: [] },
      { success: false, errors: [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: expect.any(String), fields: ['WhoId'] }] },
      { id: expect.stringMatching(/^00Q/), success: true, errors: [] },
    ]);
    const tasks = h.admin.listTasks(orgId);
    expect(tasks).toEqual([expect.objectContaining({ Id: res.body[0].id, WhoId: contact, CallDurationInSeconds: 42, TaskSubtype: 'Call' })]);
  });

  it('rolls every record back when allOrNone is true and one fails', async () => {
    const before = h.admin.listTasks(orgId).length;
    const res = await api(instance, token, '/composite/sobjects', {
      method: 'POST',
      body: { allOrNone: true, records: [{ attributes: { type: 'Task' }, Subject: 'ok' }, { attributes: { type: 'Task' }, Subject: 'bad', CallDurationInSeconds: 'long' }] },
    });
    expect(res.body.map((r: { success: boolean; errors: { statusCode: string }[] }) => [r.success, r.errors[0]?.statusCode])).toEqual([
      [false, 'ALL_OR_NONE_OPERATION_ROLLED_BACK'],
      [false, 'INVALID_TYPE_ON_FIELD_IN_RECORD'],
    ]);
    expect(h.admin.listTasks(orgId)).toHaveLength(before);
  });

  it('refuses more than 200 records with EXCEEDED_ID_LIMIT', async () => {
    const records = Array.from({ length: 201 }, () => ({ attributes: { type: 'Task' }, Subject: 's' }));
    const res = await api(instance, token, '/composite/sobjects', { method: 'POST', body: { allOrNone: false, records } });
    expect(res.status).toBe(400);
    expect(res.body[0].errorCode).toBe('EXCEEDED_ID_LIMIT');
  });

  it('gives records written together one SystemModstamp', async () => {
    const res = await api(instance, token, '/composite/sobjects', { method: 'POST', body: { records: [{ attributes: { type: 'Task' }, Subject: 'a' }, { attributes: { type: 'Task' }, Subject: 'b' }] } });
    const stamps = res.body.map((r: { id: string }) => h.admin.getRecord(orgId, 'Task', r.id).SystemModstamp);
    expect(stamps[0]).toBe(stamps[1]);
  });
});

describe('DELETE /composite/sobjects', () => {
  it('deletes each record it can and reports each failure in order, when allOrNone is false', async () => {
    const lead = h.admin.createRecord(orgId, 'Lead', { LastName: 'Bin', Company: 'B' });
    const gone = h.admin.createRecord(orgId, 'Lead', { LastName: 'Gone', Company: 'B' });
    h.admin.deleteRecord(orgId, 'Lead', gone.Id as string);
    const res = await api(instance, token, `/composite/sobjects?ids=${lead.Id},${gone.Id},nonsense&allOrNone=false`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { id: lead.Id, success: true, errors: [] },
      { id: gone.Id, success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: expect.any(String), fields: [] }] },
      { id: 'nonsense', success: false, errors: [{ statusCode: 'MALFORMED_ID', message: expect.any(String), fields: [] }] },
    ]);
    expect(h.admin.getRecord(orgId, 'Lead', lead.Id as string).IsDeleted).toBe(true);
  });

  it('deletes nothing when allOrNone is true and one id fails, and refuses more than 200 ids', async () => {
    const lead = h.admin.createRecord(orgId, 'Lead', { LastName: 'Kept', Company: 'K' });
    const res = await api(instance, token, `/composite/sobjects?ids=${lead.Id},nonsense&allOrNone=true`, { method: 'DELETE' });
    expect(res.body.map((r: { errors: { statusCode: string }[] }) => r.errors[0]?.statusCode)).toEqual(['ALL_OR_NONE_OPERATION_ROLLED_BACK', 'MALFORMED_ID']);
    expect(h.admin.getRecord(orgId, 'Lead', lead.Id as string).IsDeleted).toBe(false);
    const tooMany = await api(instance, token, `/composite/sobjects?ids=${Array.from({ length: 201 }, () => lead.Id).join(',')}`, { method: 'DELETE' });
    expect(tooMany).toMatchObject({ status: 400, body: [{ errorCode: 'EXCEEDED_ID_LIMIT' }] });
  });
});

describe('updated / deleted replication', () => {
  it('lists ids changed and records deleted within the window, and refuses a start older than 30 days', async () => {
    // Earlier tests wrote at the current instant: start the window after them.
    h.clock.now += 60_000;
    const start = new Date(h.clock.now).toISOString();
    h.clock.now += 60_000;
    const lead = h.admin.createRecord(orgId, 'Lead', { LastName: 'Window', Company: 'W' });
    const victim = (await api(instance, token, q('SELECT Id FROM Contact ORDER BY Id DESC LIMIT 1'))).body.records[0].Id as string;
    h.admin.deleteRecord(orgId, 'Contact', victim);
    h.clock.now += 120_000;
    const end = new Date(h.clock.now).toISOString();
    const updated = await api(instance, token, `/sobjects/Lead/updated/?start=${start}&end=${end}`);
    expect(updated.body.ids).toEqual([lead.Id]);
    expect(updated.body.latestDateCovered).toMatch(/\+0000$/);
    const deleted = await api(instance, token, `/sobjects/Contact/deleted/?start=${start}&end=${end}`);
    expect(deleted.body.deletedRecords).toEqual([{ id: victim, deletedDate: expect.stringMatching(/^2026-01-20T12:\d\d:\d\d\.\d{3}\+0000$/) }]);
    expect(deleted.body.earliestDateAvailable).toBeDefined();
    const tooOld = await api(instance, token, `/sobjects/Lead/updated/?start=${new Date(START - 31 * 86_400_000).toISOString()}&end=${end}`);
    expect(tooOld).toMatchObject({ status: 400, body: [{ errorCode: 'INVALID_REPLICATION_DATE' }] });
  });
});

describe('admin lead conversion', () => {
  it('converts a lead into a new Contact, moving both SystemModstamps', async () => {
    const lead = (await api(instance, token, q('SELECT Id, Email FROM Lead WHERE IsConverted = false ORDER BY Id LIMIT 1'))).body.records[0];
    h.clock.now += 1000;
    const { contactId } = h.admin.convertLead(orgId, lead.Id);
    const after = h.admin.getRecord(orgId, 'Lead', lead.Id);
    expect(after).toMatchObject({ IsConverted: true, ConvertedContactId: contactId, Status: 'Closed - Converted' });
    expect(h.admin.getRecord(orgId, 'Contact', contactId)).toMatchObject({ Email: lead.Email, SystemModstamp: after.SystemModstamp });
  });
});
