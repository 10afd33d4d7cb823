import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, q, startHarness } from './harness';
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

type Described = { name: string; type: string; custom: boolean; calculated: boolean; updateable: boolean; createable: boolean; picklistValues: { value: string; label: string; active: boolean }[] };

async function describeFields(type: 'Contact' | 'Lead'): Promise<Map<string, Described>> {
  const res = await api(instance, token, `/sobjects/${type}/describe`);
  expect(res.status).toBe(200);
  return new Map((res.body.fields as Described[]).map((field) => [field.name, field]));
}

async function bulkCsv(soql: string): Promise<string> {
  const job = await api(instance, token, '/jobs/query', { method: 'POST', body: { operation: 'query', query: soql } });
  expect(job.status).toBe(200);
  for (let i = 0; i < 100; i++) {
    const status = await api(instance, token, `/jobs/query/${job.body.id}`);
    if (status.body.state === 'JobComplete') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return (await api(instance, token, `/jobs/query/${job.body.id}/results`)).text;
}

describe('custom fields in describe', () => {
  it('lists the standard fields as before and custom fields of every type, some on Contact only, some on Lead only', async () => {
    const contact = await describeFields('Contact');
    const lead = await describeFields('Lead');
    expect(contact.get('Email')).toMatchObject({ type: 'email', custom: false, calculated: false });
    const types = Object.fromEntries([...contact.values()].filter((field) => field.custom).map((field) => [field.name, field.type]));
    expect(types).toEqual({
      Time_Zone__c: 'string',
      Preferred_Language__c: 'picklist',
      Call_Consent__c: 'boolean',
      Plan__c: 'picklist',
      Renewal_Date__c: 'date',
      Last_Purchase_At__c: 'datetime',
      Interests__c: 'multipicklist',
      Backup_Phone__c: 'phone',
      Billing_Email__c: 'email',
      Seats__c: 'double',
      Account_Notes__c: 'textarea',
      Customer_Number__c: 'string',
      Health_Score__c: 'double',
    });
    expect(contact.get('Plan__c')!.picklistValues).toEqual([
      { active: true, defaultValue: false, label: 'Starter', validFor: null, value: 'starter' },
      { active: true, defaultValue: false, label: 'Pro', validFor: null, value: 'pro' },
      { active: true, defaultValue: false, label: 'Enterprise', validFor: null, value: 'enterprise' },
      { active: false, defaultValue: false, label: 'Legacy (retired)', validFor: null, value: 'legacy' },
    ]);
    expect(contact.get('Health_Score__c')).toMatchObject({ custom: true, calculated: true, updateable: false, createable: false, calculatedFormula: expect.stringContaining('Seats__c') });
    expect(contact.get('Customer_Number__c')).toMatchObject({ custom: true, calculated: false, autoNumber: true, updateable: false });
    expect(lead.get('Budget__c')).toMatchObject({ type: 'currency', custom: true, scale: 2 });
    expect(lead.has('Seats__c')).toBe(false);
    expect(contact.has('Trial_Ends_On__c')).toBe(false);
  });
});

describe('custom field values', () => {
  it('come back typed over REST (numbers, booleans, dates, datetimes, "a;b") and as strings in Bulk CSV', async () => {
    const soql = 'SELECT Id, Plan__c, Seats__c, Health_Score__c, Call_Consent__c, Renewal_Date__c, Last_Purchase_At__c, Interests__c, Customer_Number__c FROM Contact WHERE Seats__c != null AND Interests__c != null AND Last_Purchase_At__c != null ORDER BY Id LIMIT 5';
    const rest = await api(instance, token, q(soql));
    expect(rest.status).toBe(200);
    expect(rest.body.records).toHaveLength(5);
    const first = rest.body.records[0];
    expect(first).toMatchObject({
      Plan__c: expect.stringMatching(/^(starter|pro|enterprise)$/),
      Seats__c: expect.any(Number),
      Health_Score__c: expect.any(Number),
      Call_Consent__c: expect.any(Boolean),
      Renewal_Date__c: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      Last_Purchase_At__c: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+0000$/),
      Interests__c: expect.stringMatching(/^(voice|sms|email|analytics)(;(voice|sms|email|analytics))*$/),
      Customer_Number__c: expect.stringMatching(/^CN-\d{6}$/),
    });
    const csv = await bulkCsv(soql.replace(' LIMIT 5', ''));
    const [header, line] = csv.split('\n');
    expect(header).toBe('"Id","Plan__c","Seats__c","Health_Score__c","Call_Consent__c","Renewal_Date__c","Last_Purchase_At__c","Interests__c","Customer_Number__c"');
    expect(line).toBe(
      `"${first.Id}","${first.Plan__c}","${first.Seats__c}","${first.Health_Score__c}","${first.Call_Consent__c}","${first.Renewal_Date__c}","${new Date(first.Last_Purchase_At__c.replace('+0000', 'Z')).toISOString()}","${first.Interests__c}","${first.Customer_Number__c}"`,
    );
  });

  it('are the same on every read and empty on some records', async () => {
    const soql = 'SELECT Id, Time_Zone__c, Billing_Email__c FROM Contact ORDER BY Id LIMIT 200';
    const once = await api(instance, token, q(soql));
    const again = await api(instance, token, q(soql));
    expect(again.body.records).toEqual(once.body.records);
    const zones = once.body.records.map((record: { Time_Zone__c: string | null }) => record.Time_Zone__c);
    expect(zones.filter((zone: string | null) => zone === null).length).toBeGreaterThan(0);
    expect(zones.filter((zone: string | null) => zone !== null).length).toBeGreaterThan(100);
  });

  it('are written by PATCH, checked by type, and move SystemModstamp so an incremental read sees them', async () => {
    const target = (await api(instance, token, q('SELECT Id, SystemModstamp FROM Contact ORDER BY Id LIMIT 1'))).body.records[0];
    h.clock.now += 60_000;
    const patch = { DoNotCall: false, Plan__c: 'enterprise', Seats__c: 120, Interests__c: 'voice;sms', Last_Purchase_At__c: '2026-01-15T09:30:00Z', Call_Consent__c: false, Renewal_Date__c: '2026-03-01' };
    expect((await api(instance, token, `/sobjects/Contact/${target.Id}`, { method: 'PATCH', body: patch })).status).toBe(204);
    const read = await api(instance, token, `/sobjects/Contact/${target.Id}?fields=Plan__c,Seats__c,Health_Score__c,Interests__c,Last_Purchase_At__c,Call_Consent__c,Renewal_Date__c,SystemModstamp`);
    expect(read.body).toMatchObject({ Plan__c: 'enterprise', Seats__c: 120, Health_Score__c: 64, Interests__c: 'voice;sms', Last_Purchase_At__c: '2026-01-15T09:30:00.000+0000', Call_Consent__c: false, Renewal_Date__c: '2026-03-01' });
    expect(read.body.SystemModstamp > target.SystemModstamp).toBe(true);
    const changed = await api(instance, token, q(`SELECT Id, Plan__c FROM Contact WHERE SystemModstamp >= ${read.body.SystemModstamp} ORDER BY SystemModstamp, Id`));
    expect(changed.body.records).toEqual([expect.objectContaining({ Id: target.Id, Plan__c: 'enterprise' })]);

    const refusals = await Promise.all([
      api(instance, token, `/sobjects/Contact/${target.Id}`, { method: 'PATCH', body: { Plan__c: 'platinum' } }),
      api(instance, token, `/sobjects/Contact/${target.Id}`, { method: 'PATCH', body: { Plan__c: 'legacy' } }),
      api(instance, token, `/sobjects/Contact/${target.Id}`, { method: 'PATCH', body: { Seats__c: 'many' } }),
      api(instance, token, `/sobjects/Contact/${target.Id}`, { method: 'PATCH', body: { Last_Purchase_At__c: 'yesterday' } }),
      api(instance, token, `/sobjects/Contact/${target.Id}`, { method: 'PATCH', body: { Health_Score__c: 99 } }),
      api(instance, token, `/sobjects/Contact/${target.Id}`, { method: 'PATCH', body: { Billing_Email__c: 'not-an-email' } }),
    ]);
    expect(refusals.map((res) => [res.status, res.body[0].errorCode])).toEqual([
      [400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'],
      [400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'],
      [400, 'INVALID_TYPE_ON_FIELD_IN_RECORD'],
      [400, 'INVALID_TYPE_ON_FIELD_IN_RECORD'],
      [400, 'INVALID_FIELD_FOR_INSERT_UPDATE'],
      [400, 'INVALID_EMAIL_ADDRESS'],
    ]);
  });

  it('refuses a SOQL query naming a field the object does not have with 400 INVALID_FIELD', async () => {
    const res = await api(instance, token, q('SELECT Id, Seats__c FROM Lead'));
    expect(res.status).toBe(400);
    expect(res.body[0]).toMatchObject({ errorCode: 'INVALID_FIELD', message: expect.stringContaining("No such column 'Seats__c' on entity 'Lead'") });
  });
});

describe('admin custom fields', () => {
  it('creates a field that describe lists, SOQL reads and writes take; relabels it; deletes it and its values', async () => {
    const created = h.admin.createContactField(orgId, { objectType: 'lead', name: 'Tier', label: 'Tier', type: 'enumeration', options: [{ value: 'gold', label: 'Gold' }, { value: 'silver', label: 'Silver' }] });
    expect(created).toMatchObject({ name: 'Tier__c', label: 'Tier', type: 'picklist', custom: true, calculated: false, updateable: true, picklistValues: [{ value: 'gold', label: 'Gold', active: true }, { value: 'silver', label: 'Silver', active: true }] });
    expect((await describeFields('Lead')).get('Tier__c')).toMatchObject({ type: 'picklist' });
    expect((await describeFields('Contact')).has('Tier__c')).toBe(false);

    const lead = (await api(instance, token, q('SELECT Id, Tier__c FROM Lead ORDER BY Id LIMIT 1'))).body.records[0];
    expect(lead.Tier__c).toBeNull();
    h.admin.updateRecord(orgId, 'Lead', lead.Id, { Tier__c: 'gold' });
    expect((await api(instance, token, `/sobjects/Lead/${lead.Id}?fields=Tier__c`)).body.Tier__c).toBe('gold');

    expect(h.admin.updateContactField(orgId, 'Tier__c', { objectType: 'lead', label: 'Customer Tier' })).toMatchObject({ name: 'Tier__c', label: 'Customer Tier' });
    expect((await describeFields('Lead')).get('Tier__c')).toMatchObject({ label: 'Customer Tier' });

    h.admin.deleteContactField(orgId, 'Tier__c', { objectType: 'lead' });
    expect((await describeFields('Lead')).has('Tier__c')).toBe(false);
    expect((await api(instance, token, q('SELECT Id, Tier__c FROM Lead LIMIT 1'))).body[0].errorCode).toBe('INVALID_FIELD');
    expect(h.admin.getRecord(orgId, 'Lead', lead.Id)).not.toHaveProperty('Tier__c');
    // Created again, the field starts empty: the old values went with the old field.
    h.admin.createContactField(orgId, { objectType: 'lead', name: 'Tier__c', label: 'Tier', type: 'string' });
    expect((await api(instance, token, `/sobjects/Lead/${lead.Id}?fields=Tier__c`)).body.Tier__c).toBeNull();
    h.admin.deleteContactField(orgId, 'Tier__c', { objectType: 'lead' });
  });

  it('deletes a seeded field: its seeded values are gone, even when a field of that name comes back', async () => {
    const soql = "SELECT Id, Time_Zone__c FROM Lead WHERE Time_Zone__c != null ORDER BY Id LIMIT 1";
    const before = (await api(instance, token, q(soql))).body.records[0];
    expect(before.Time_Zone__c).toEqual(expect.any(String));
    h.admin.deleteContactField(orgId, 'Time_Zone__c', { objectType: 'lead' });
    // Contact keeps its own Time_Zone__c.
    expect((await describeFields('Contact')).has('Time_Zone__c')).toBe(true);
    h.admin.createContactField(orgId, { objectType: 'lead', name: 'Time_Zone__c', label: 'Time Zone', type: 'string' });
    expect((await api(instance, token, `/sobjects/Lead/${before.Id}?fields=Time_Zone__c`)).body.Time_Zone__c).toBeNull();
  });

  it('answers over HTTP under /_admin, refusing a duplicate (409), a standard field (400) and a bad name (400)', async () => {
    const admin = (path: string, method: string, body?: unknown) =>
      fetch(`${h.loginUrl}/_admin/orgs/${orgId}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const created = await admin('/fields', 'POST', { name: 'Score_Note', label: 'Score Note', type: 'string' });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: 'Score_Note__c', type: 'string', custom: true });
    expect((await admin('/fields', 'POST', { name: 'Score_Note__c', label: 'Again', type: 'string' })).status).toBe(409);
    expect((await admin('/fields', 'POST', { name: 'bad__name', label: 'Bad', type: 'string' })).status).toBe(400);
    expect((await admin('/fields', 'POST', { name: 'Pick', label: 'Pick', type: 'enumeration' })).status).toBe(400);
    const renamed = await admin('/fields/Score_Note__c', 'PATCH', { label: 'Score Notes' });
    expect(await renamed.json()).toMatchObject({ label: 'Score Notes' });
    expect((await admin('/fields/Email', 'DELETE')).status).toBe(400);
    expect((await admin('/fields/Score_Note__c', 'DELETE')).status).toBe(204);
    expect((await admin('/fields/Score_Note__c', 'DELETE')).status).toBe(404);
  });
});
