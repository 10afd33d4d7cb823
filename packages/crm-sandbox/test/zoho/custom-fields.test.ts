import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { admin, api, startHarness } from './sandbox-harness';
import type { Harness } from './sandbox-harness';

// One sandbox for the file: each test resets it, which is cheaper than starting a server per test.
let h: Harness;
let accountId: string;
let apiDomain: string;
let token: string;
const call = (method: string, path: string, body?: unknown) => api(apiDomain, token, path, { method, body });

type FieldMeta = { api_name: string; field_label: string; data_type: string; custom_field: boolean; read_only: boolean; field_read_only: boolean; pick_list_values: { actual_value: string; display_value: string }[] };
const fieldsOf = async (): Promise<FieldMeta[]> => (await call('GET', '/crm/v8/settings/fields?module=Contacts')).body.fields;
const CUSTOM = 'Renewal_Date,Plan,Seats,Preferred_Language,Do_Not_Call,Time_Zone,Last_Purchase_At,Interests,Account_Notes,Backup_Phone,Billing_Email,Annual_Value,Health_Score,Customer_Number';

beforeAll(async () => {
  h = await startHarness({ accounts: [{ name: 'Fields Org', dataCentre: 'us', contactCount: 400, timeZone: { name: 'Asia/Kolkata', offsetMinutes: 330 } }] });
});
beforeEach(() => {
  h.admin.reset();
  accountId = h.admin.listAccounts()[0]?.id ?? '';
  ({ api_domain: apiDomain, access_token: token } = h.admin.mintToken(accountId));
});
afterAll(() => h.close());

describe('GET /crm/v8/settings/fields?module=Contacts', () => {
  it('describes standard and custom fields in Zoho’s field metadata shape', async () => {
    const res = await call('GET', '/crm/v8/settings/fields?module=Contacts');
    expect(res.status).toBe(200);
    const byName = new Map((res.body.fields as FieldMeta[]).map((field) => [field.api_name, field]));
    expect(byName.get('Last_Name')).toMatchObject({ field_label: 'Last Name', display_label: 'Last Name', data_type: 'text', json_type: 'string', custom_field: false, system_mandatory: true, id: expect.stringMatching(/^\d{19}$/) });
    expect(byName.get('Owner')).toMatchObject({ data_type: 'ownerlookup', json_type: 'jsonobject', field_read_only: true, read_only: false });
    expect(byName.get('Plan')).toMatchObject({ data_type: 'picklist', custom_field: true, read_only: false });
    expect(byName.get('Plan')?.pick_list_values.map((v) => [v.actual_value, v.display_value])).toEqual([['-None-', '-None-'], ['starter', 'Starter'], ['pro', 'Pro'], ['enterprise', 'Enterprise']]);
    expect(byName.get('Plan')?.pick_list_values[1]).toEqual({ display_value: 'Starter', sequence_number: 2, reference_value: 'starter', colour_code: null, actual_value: 'starter', id: expect.stringMatching(/^\d{19}$/), type: 'used' });
    expect(byName.get('Interests')).toMatchObject({ data_type: 'multiselectpicklist', json_type: 'jsonarray' });
    expect(byName.get('Health_Score')).toMatchObject({ data_type: 'formula', json_type: 'double', read_only: true, formula: { return_type: 'double', expression: expect.any(String) } });
    expect(byName.get('Customer_Number')).toMatchObject({ data_type: 'autonumber', read_only: true, field_read_only: true });
    const types = Object.fromEntries(CUSTOM.split(',').map((name) => [name, byName.get(name)?.data_type]));
    expect(types).toEqual({
      Renewal_Date: 'date', Plan: 'picklist', Seats: 'integer', Preferred_Language: 'text', Do_Not_Call: 'boolean', Time_Zone: 'picklist', Last_Purchase_At: 'datetime',
      Interests: 'multiselectpicklist', Account_Notes: 'textarea', Backup_Phone: 'phone', Billing_Email: 'email', Annual_Value: 'currency', Health_Score: 'formula', Customer_Number: 'autonumber',
    });
  });

  it('needs a settings scope (401 OAUTH_SCOPE_MISMATCH without), a module, and a module it knows', async () => {
    const narrow = h.admin.mintToken(accountId, { scopes: ['ZohoCRM.modules.ALL'] }).access_token;
    const refused = await api(apiDomain, narrow, '/crm/v8/settings/fields?module=Contacts');
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('OAUTH_SCOPE_MISMATCH');
    for (const scope of ['ZohoCRM.settings.ALL', 'ZohoCRM.settings.fields.ALL', 'zohocrm.settings.fields.read']) {
      const granted = h.admin.mintToken(accountId, { scopes: [scope] }).access_token;
      expect((await api(apiDomain, granted, '/crm/v8/settings/fields?module=Contacts')).status).toBe(200);
    }
    expect((await call('GET', '/crm/v8/settings/fields')).body).toMatchObject({ code: 'REQUIRED_PARAM_MISSING', details: { param_name: 'module' } });
    expect((await call('GET', '/crm/v8/settings/fields?module=Potatoes')).body.code).toBe('INVALID_MODULE');
  });
});

describe('custom values on GET /crm/v8/Contacts', () => {
  it('come typed as Zoho sends them, some empty, and the same on every read', async () => {
    const first = await call('GET', `/crm/v8/Contacts?fields=${CUSTOM}&per_page=200&sort_by=id&sort_order=asc`);
    expect(first.status).toBe(200);
    const records = first.body.data as Record<string, unknown>[];
    for (const record of records) {
      expect(record.Renewal_Date === null || /^\d{4}-\d{2}-\d{2}$/.test(record.Renewal_Date as string)).toBe(true);
      expect([null, 'starter', 'pro', 'enterprise']).toContain(record.Plan);
      expect(record.Seats === null || Number.isInteger(record.Seats)).toBe(true);
      expect(typeof record.Do_Not_Call).toBe('boolean');
      // The org keeps India's time: date-times carry +05:30.
      expect(record.Last_Purchase_At === null || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+05:30$/.test(record.Last_Purchase_At as string)).toBe(true);
      expect(record.Interests === null || (Array.isArray(record.Interests) && record.Interests.length > 0)).toBe(true);
      expect(record.Health_Score).toBe(typeof record.Seats === 'number' ? Math.min(100, record.Seats * 2.5) : null);
      expect(record.Customer_Number).toMatch(/^CUS-\d{7}$/);
    }
    for (const name of ['Renewal_Date', 'Plan', 'Seats', 'Time_Zone', 'Last_Purchase_At', 'Interests', 'Account_Notes', 'Billing_Email']) {
      expect(records.some((record) => record[name] === null), `${name} empty somewhere`).toBe(true);
      expect(records.some((record) => record[name] !== null), `${name} set somewhere`).toBe(true);
    }
    expect(records.some((record) => record.Do_Not_Call === true)).toBe(true);
    const again = await call('GET', `/crm/v8/Contacts?fields=${CUSTOM}&per_page=200&sort_by=id&sort_order=asc`);
    expect(again.body.data).toEqual(records);
  });

  it('refuses a field name the catalogue does not have with INVALID_DATA naming it', async () => {
    const res = await call('GET', '/crm/v8/Contacts?fields=Last_Name,No_Such_Field');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 'INVALID_DATA', details: { param_name: 'fields', api_name: 'No_Such_Field' }, message: 'invalid data', status: 'error' });
  });
});

describe('writing custom values', () => {
  it('stores typed values through PUT, bumps Modified_Time and recomputes the formula', async () => {
    h.clock.advance(60_000);
    const [id] = h.admin.modifyContacts(accountId, { count: 1 }).ids;
    h.clock.advance(60_000);
    const res = await call('PUT', `/crm/v8/Contacts/${id}`, {
      data: [{ Plan: 'enterprise', Seats: 30, Renewal_Date: '2026-09-30', Last_Purchase_At: '2026-02-01T10:00:00Z', Interests: ['Webinars', 'Case studies'], Do_Not_Call: true, Health_Score: 1 }],
    });
    expect(res.body.data[0].code).toBe('SUCCESS');
    const read = await call('GET', `/crm/v8/Contacts/${id}?fields=Plan,Seats,Renewal_Date,Last_Purchase_At,Interests,Do_Not_Call,Health_Score,Modified_Time`);
    expect(read.body.data[0]).toEqual({
      id,
      Plan: 'enterprise',
      Seats: 30,
      Renewal_Date: '2026-09-30',
      Last_Purchase_At: '2026-02-01T15:30:00+05:30',
      Interests: ['Webinars', 'Case studies'],
      Do_Not_Call: true,
      // A formula is the CRM's to compute: the value written for it is ignored.
      Health_Score: 75,
      Modified_Time: '2026-03-01T17:32:00+05:30',
    });
  });

  it('refuses values of the wrong type with INVALID_DATA naming the field and its type', async () => {
    const res = await call('POST', '/crm/v8/Contacts', {
      data: [{ Last_Name: 'A', Seats: 'many' }, { Last_Name: 'B', Plan: 'platinum' }, { Last_Name: 'C', Renewal_Date: '30/09/2026' }, { Last_Name: 'D', Interests: 'Webinars' }, { Last_Name: 'E', Billing_Email: 'nope' }],
    });
    expect(res.status).toBe(400);
    expect(res.body.data.map((item: { details: { api_name: string; expected_data_type: string } }) => [item.details.api_name, item.details.expected_data_type])).toEqual([
      ['Seats', 'integer'],
      ['Plan', 'picklist'],
      ['Renewal_Date', 'date'],
      ['Interests', 'multiselectpicklist'],
      ['Billing_Email', 'email'],
    ]);
  });

  it('lets the admin set a custom value, which an If-Modified-Since read then finds', async () => {
    const since = new Date(h.clock.now + 1000).toISOString().replace('.000Z', '+00:00');
    h.clock.advance(5000);
    const [id] = h.admin.modifyContacts(accountId, { count: 1, fields: { Plan: 'starter', Seats: 2 } }).ids;
    const changed = await api(apiDomain, token, '/crm/v8/Contacts?fields=Plan,Seats,Health_Score', { headers: { 'If-Modified-Since': since } });
    expect(changed.body.data).toEqual([{ id, Plan: 'starter', Seats: 2, Health_Score: 5 }]);
    expect(() => h.admin.modifyContacts(accountId, { count: 1, fields: { Seats: 2.5 } })).toThrow(/Seats/);
  });
});

describe('/__sandbox/accounts/:id/contact-fields', () => {
  it('creates a field in our type names, which reads then return (empty until written)', async () => {
    const created = await admin(h, 'POST', `/accounts/${accountId}/contact-fields`, {
      name: 'Contract_Tier', label: 'Contract tier', type: 'enumeration', options: [{ value: 'gold', label: 'Gold' }, { value: 'silver', label: 'Silver' }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ api_name: 'Contract_Tier', field_label: 'Contract tier', data_type: 'picklist', custom_field: true });
    expect((await fieldsOf()).find((field) => field.api_name === 'Contract_Tier')?.pick_list_values.map((v) => v.actual_value)).toEqual(['-None-', 'gold', 'silver']);
    const page = await call('GET', '/crm/v8/Contacts?fields=Contract_Tier&per_page=5');
    expect(page.body.data.map((record: { Contract_Tier: unknown }) => record.Contract_Tier)).toEqual([null, null, null, null, null]);
    const [id] = h.admin.modifyContacts(accountId, { count: 1, fields: { Contract_Tier: 'gold' } }).ids;
    expect((await call('GET', `/crm/v8/Contacts/${id}?fields=Contract_Tier`)).body.data[0].Contract_Tier).toBe('gold');

    const cases = [['string', 'text'], ['number', 'double'], ['boolean', 'boolean'], ['date', 'date'], ['datetime', 'datetime'], ['phone', 'phone'], ['email', 'email']] as const;
    for (const [type, dataType] of cases) {
      expect(h.admin.createContactField(accountId, { name: `F_${type}`, label: type, type }).data_type).toBe(dataType);
    }
    expect(h.admin.createContactField(accountId, { name: 'Tags2', label: 'Tags', type: 'multi_select', options: [{ value: 'a', label: 'A' }] }).data_type).toBe('multiselectpicklist');
  });

  it('refuses a taken name, a lead field, options on a text field and a choice field without options', async () => {
    expect((await admin(h, 'POST', `/accounts/${accountId}/contact-fields`, { name: 'Plan', label: 'Plan', type: 'string' })).status).toBe(409);
    expect((await admin(h, 'POST', `/accounts/${accountId}/contact-fields`, { objectType: 'lead', name: 'X', label: 'X', type: 'string' })).status).toBe(400);
    expect((await admin(h, 'POST', `/accounts/${accountId}/contact-fields`, { name: 'X', label: 'X', type: 'string', options: [{ value: 'a', label: 'A' }] })).status).toBe(400);
    expect((await admin(h, 'POST', `/accounts/${accountId}/contact-fields`, { name: 'X', label: 'X', type: 'enumeration' })).status).toBe(400);
    expect((await admin(h, 'POST', `/accounts/${accountId}/contact-fields`, { name: '1bad', label: 'X', type: 'string' })).status).toBe(400);
  });

  it('relabels a field, keeping its API name and values', async () => {
    const before = await call('GET', '/crm/v8/Contacts?fields=Seats&per_page=20&sort_by=id&sort_order=asc');
    const renamed = await admin(h, 'PATCH', `/accounts/${accountId}/contact-fields/Seats`, { label: 'Licensed seats' });
    expect(renamed.body).toMatchObject({ api_name: 'Seats', field_label: 'Licensed seats', display_label: 'Licensed seats' });
    expect((await fieldsOf()).find((field) => field.api_name === 'Seats')?.field_label).toBe('Licensed seats');
    expect((await call('GET', '/crm/v8/Contacts?fields=Seats&per_page=20&sort_by=id&sort_order=asc')).body.data).toEqual(before.body.data);
    expect((await admin(h, 'PATCH', `/accounts/${accountId}/contact-fields/Last_Name`, { label: 'Surname' })).status).toBe(400);
    expect((await admin(h, 'PATCH', `/accounts/${accountId}/contact-fields/Nope`, { label: 'Nope' })).status).toBe(404);
  });

  it('deletes a field: gone from the catalogue and from reads, and naming it is then an unknown field', async () => {
    const [id] = h.admin.modifyContacts(accountId, { count: 1, fields: { Account_Notes: 'Call after 5pm' } }).ids;
    expect((await admin(h, 'DELETE', `/accounts/${accountId}/contact-fields/Account_Notes`)).status).toBe(204);
    expect((await fieldsOf()).some((field) => field.api_name === 'Account_Notes')).toBe(false);
    const full = await call('GET', `/crm/v8/Contacts/${id}`);
    expect(full.body.data[0]).not.toHaveProperty('Account_Notes');
    expect(full.body.data[0]).toHaveProperty('Plan');
    expect((await call('GET', '/crm/v8/Contacts?fields=Last_Name,Account_Notes')).body).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'Account_Notes' } });
    // A new field of the same name starts empty, as a new Zoho field would.
    h.admin.createContactField(accountId, { name: 'Account_Notes', label: 'Account notes', type: 'string' });
    expect((await call('GET', `/crm/v8/Contacts/${id}?fields=Account_Notes`)).body.data[0].Account_Notes).toBeNull();
    expect((await admin(h, 'DELETE', `/accounts/${accountId}/contact-fields/Email`)).status).toBe(400);
  });
});
