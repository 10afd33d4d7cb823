import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionInfo, CrmField } from '../../src/crm/crm-service';
import { createTestSession, rejectionOf } from './providers/provider-test-support';
import { runSync } from './providers/sync-run';
import { startZohoHarness, type ZohoHarness } from './providers/zoho-test-support';

// One sandbox org for the file; each test leaves the catalogue as it found it.
let h: ZohoHarness;
let clock = Date.UTC(2026, 2, 1, 12);

beforeAll(async () => {
  h = await startZohoHarness({ contactCount: 450, now: () => clock });
});
afterAll(() => h.sandbox.close());

const byName = (fields: CrmField[]) => new Map(fields.map((field) => [field.name, field]));
const MAPPED = ['Plan', 'Seats', 'Renewal_Date', 'Last_Purchase_At', 'Interests', 'Do_Not_Call', 'Health_Score'];

describe('ZohoService.listFields (sandbox over HTTP)', () => {
  it('lists standard and custom Contacts fields with our types, options and flags', async () => {
    const fields = byName(await h.createService().listFields(h.session));
    expect(fields.get('Last_Name')).toEqual({ objectType: 'contact', name: 'Last_Name', label: 'Last Name', type: 'string', options: [], custom: false, readOnly: false, calculated: false });
    expect(fields.get('Email')).toMatchObject({ type: 'email', custom: false });
    expect(fields.get('Lead_Source')).toMatchObject({ type: 'enumeration', custom: false });
    expect(fields.get('Modified_Time')).toMatchObject({ type: 'datetime', readOnly: true });
    expect(fields.get('Plan')).toEqual({
      objectType: 'contact', name: 'Plan', label: 'Plan', type: 'enumeration', custom: true, readOnly: false, calculated: false,
      options: [{ value: 'starter', label: 'Starter' }, { value: 'pro', label: 'Pro' }, { value: 'enterprise', label: 'Enterprise' }],
    });
    const types = Object.fromEntries([...fields.values()].filter((field) => field.custom).map((field) => [field.name, field.type]));
    expect(types).toEqual({
      Renewal_Date: 'date', Plan: 'enumeration', Seats: 'number', Preferred_Language: 'string', Do_Not_Call: 'boolean', Time_Zone: 'enumeration', Last_Purchase_At: 'datetime',
      Interests: 'multi_select', Account_Notes: 'string', Backup_Phone: 'phone', Billing_Email: 'email', Annual_Value: 'number', Health_Score: 'number', Customer_Number: 'string',
    });
    expect(fields.get('Time_Zone')?.options.map((option) => option.value)).toContain('America/New_York');
    expect(fields.get('Health_Score')).toMatchObject({ calculated: true, readOnly: true });
    expect(fields.get('Customer_Number')).toMatchObject({ calculated: false, readOnly: true });
  });

  it('shows a field created through the admin, and loses it once deleted', async () => {
    h.sandbox.admin.createContactField(h.orgId, { name: 'Churn_Risk', label: 'Churn risk', type: 'enumeration', options: [{ value: 'low', label: 'Low' }, { value: 'high', label: 'High' }] });
    const service = h.createService();
    expect(byName(await service.listFields(h.session)).get('Churn_Risk')).toMatchObject({ type: 'enumeration', custom: true, options: [{ value: 'low', label: 'Low' }, { value: 'high', label: 'High' }] });
    h.sandbox.admin.updateContactField(h.orgId, 'Churn_Risk', { label: 'Risk of churn' });
    expect(byName(await service.listFields(h.session)).get('Churn_Risk')?.label).toBe('Risk of churn');
    h.sandbox.admin.deleteContactField(h.orgId, 'Churn_Risk');
    expect(byName(await service.listFields(h.session)).has('Churn_Risk')).toBe(false);
  });

  it('tells a connection made without the settings scope to reconnect (a 422, not a refresh or a 500)', async () => {
    const minted = h.sandbox.admin.mintToken(h.orgId, { scopes: ['ZohoCRM.modules.contacts.ALL', 'ZohoCRM.org.READ'] });
    const connection: ConnectionInfo = { ...h.session.connection };
    const session = createTestSession(connection, minted.access_token, async () => ({ accessToken: minted.access_token }));
    const error = await rejectionOf(h.createService().listFields(session));
    expect(error.code).toBe('provider_rejected');
    expect(error.message).toMatch(/ZohoCRM\.settings\.fields\.READ.*Reconnect/);
    expect(error.details).toMatchObject({ providerCode: 'OAUTH_SCOPE_MISMATCH', missingScope: 'ZohoCRM.settings.fields.READ' });
    expect(session.refreshCalls).toEqual([]);
  });
});

describe('ZohoService.fetchContactsPage with mapped fields', () => {
  it('returns the mapped values in rawProperties as Zoho sent them, on every page of a full run, without extra requests', async () => {
    const service = h.createService();
    const requestsSoFar = () => Object.values(h.sandbox.admin.counters().requests).reduce((sum, count) => sum + count, 0);
    const start = requestsSoFar();
    const plain = await runSync((request) => service.fetchContactsPage(h.session, request), { kind: 'full', since: null });
    const afterPlain = requestsSoFar();
    const run = await runSync((request) => service.fetchContactsPage(h.session, request), { kind: 'full', since: null, fields: { contact: MAPPED, lead: [] } });
    expect(requestsSoFar() - afterPlain).toBe(afterPlain - start);
    expect(run.pages).toBe(plain.pages);
    expect(run.pages).toBeGreaterThan(1);
    expect(run.contacts).toHaveLength(450);

    const truth = await h.getJson<{ data: Array<Record<string, unknown>> }>(`/crm/v8/Contacts?fields=${MAPPED.join(',')}&per_page=200&sort_by=id&sort_order=asc`);
    const synced = new Map(run.contacts.map((contact) => [contact.externalId, contact.rawProperties]));
    for (const record of truth!.data) for (const name of MAPPED) expect(synced.get(record.id as string)?.[name], `${record.id as string} ${name}`).toEqual(record[name]);
    const raw = run.contacts.map((contact) => contact.rawProperties);
    expect(raw.some((properties) => typeof properties.Seats === 'number')).toBe(true);
    expect(raw.some((properties) => Array.isArray(properties.Interests))).toBe(true);
    expect(raw.some((properties) => properties.Plan === null)).toBe(true);
    // The standard mapping is untouched by the extra fields.
    expect(run.contacts.map((contact) => contact.email).sort()).toEqual(plain.contacts.map((contact) => contact.email).sort());
  });

  it('sees one changed custom value on the next incremental run', async () => {
    clock += 60_000;
    const since = new Date(clock);
    clock += 5000;
    const [id] = h.sandbox.admin.modifyContacts(h.orgId, { count: 1, fields: { Plan: 'enterprise', Seats: 40, Renewal_Date: '2027-01-31' } }).ids;
    const service = h.createService();
    const run = await runSync((request) => service.fetchContactsPage(h.session, request), { kind: 'incremental', since, fields: { contact: MAPPED, lead: [] } });
    expect(run.contacts.map((contact) => contact.externalId)).toEqual([id]);
    expect(run.contacts[0]!.rawProperties).toMatchObject({ id, Plan: 'enterprise', Seats: 40, Renewal_Date: '2027-01-31', Health_Score: 100 });
  });
});
