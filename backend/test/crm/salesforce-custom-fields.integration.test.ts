import { SALESFORCE_DEFAULT_APP, startSalesforceSandbox, type RunningSalesforceSandbox } from '@voiceagent/crm-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderAppConfig } from '../../src/config';
import type { CrmContactRecord, MappedFieldNames } from '../../src/crm/crm-records';
import { SalesforceService } from '../../src/crm/providers/salesforce/salesforce-service';
import { createTestSession, FAST_HTTP, rejectionOf, type TestSession } from './providers/provider-test-support';
import { runSync } from './providers/sync-run';

let sandbox: RunningSalesforceSandbox;
let session: TestSession;
let orgId: string;
let service: SalesforceService;
let app: ProviderAppConfig;

const MAPPED: MappedFieldNames = {
  contact: ['Plan__c', 'Seats__c', 'Health_Score__c', 'Call_Consent__c', 'Renewal_Date__c', 'Last_Purchase_At__c', 'Interests__c', 'Email'],
  lead: ['Plan__c', 'Budget__c', 'Trial_Ends_On__c'],
};

beforeAll(async () => {
  sandbox = await startSalesforceSandbox({
    apps: [SALESFORCE_DEFAULT_APP],
    orgs: [{ name: 'Custom Fields Inc', contactCount: 400, leadCount: 120, seed: 15 }],
    bulk: { inProgressAfterMs: 5, completeAfterMs: 20 },
  });
  const org = sandbox.orgs[0]!;
  orgId = org.id;
  app = { clientId: SALESFORCE_DEFAULT_APP.clientId, clientSecret: SALESFORCE_DEFAULT_APP.clientSecret, authorizeUrl: sandbox.loginUrl, apiBaseUrl: sandbox.loginUrl, sandboxLoginUrl: sandbox.testLoginUrl, isSandbox: true };
  const token = sandbox.admin.mintToken(orgId).access_token;
  session = createTestSession({ externalAccountId: orgId, accountName: 'admin', dataCentre: null, apiDomain: org.instanceUrl, accountsServer: sandbox.loginUrl }, token, async () => ({ accessToken: sandbox.admin.mintToken(orgId).access_token }));
  service = new SalesforceService(app, { http: FAST_HTTP });
});
afterAll(async () => {
  await sandbox?.close();
});

/** Every record of a SOQL query, as the sandbox answers it (one batch: the org is small). */
async function query(soql: string): Promise<Array<Record<string, unknown>>> {
  const org = sandbox.orgs[0]!;
  const res = await fetch(`${org.instanceUrl}/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, { headers: { authorization: `Bearer ${session.currentToken()}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { records: Array<Record<string, unknown>> }).records;
}

function byId(contacts: CrmContactRecord[]): Map<string, CrmContactRecord> {
  return new Map(contacts.map((contact) => [contact.externalId, contact]));
}

describe('SalesforceService.listFields', () => {
  it('lists Contact and Lead fields, standard and custom, with our types, options and flags', async () => {
    const fields = await service.listFields(session);
    const find = (objectType: string, name: string) => fields.find((field) => field.objectType === objectType && field.name === name);
    expect(find('contact', 'Email')).toEqual({ objectType: 'contact', name: 'Email', label: 'Email', type: 'email', options: [], custom: false, readOnly: false, calculated: false });
    expect(find('lead', 'Status')).toMatchObject({ type: 'enumeration', custom: false });
    expect(find('contact', 'Plan__c')).toEqual({
      objectType: 'contact',
      name: 'Plan__c',
      label: 'Plan',
      type: 'enumeration',
      options: [{ value: 'starter', label: 'Starter' }, { value: 'pro', label: 'Pro' }, { value: 'enterprise', label: 'Enterprise' }],
      custom: true,
      readOnly: false,
      calculated: false,
    });
    expect(find('contact', 'Interests__c')).toMatchObject({ type: 'multi_select', options: expect.arrayContaining([{ value: 'voice', label: 'Voice agents' }]) });
    expect(find('contact', 'Health_Score__c')).toMatchObject({ type: 'number', custom: true, readOnly: true, calculated: true });
    expect(find('contact', 'Customer_Number__c')).toMatchObject({ type: 'string', readOnly: true, calculated: false });
    const types = Object.fromEntries(fields.filter((field) => field.objectType === 'contact' && field.custom).map((field) => [field.name, field.type]));
    expect(types).toMatchObject({
      Time_Zone__c: 'string',
      Account_Notes__c: 'string',
      Seats__c: 'number',
      Call_Consent__c: 'boolean',
      Renewal_Date__c: 'date',
      Last_Purchase_At__c: 'datetime',
      Backup_Phone__c: 'phone',
      Billing_Email__c: 'email',
      Preferred_Language__c: 'enumeration',
    });
    expect(find('lead', 'Budget__c')).toMatchObject({ type: 'number', custom: true });
    expect(find('lead', 'Seats__c')).toBeUndefined();
    expect(service.standardFieldDefaults).toEqual(expect.arrayContaining([{ objectType: 'lead', field: 'DoNotCall', target: 'doNotCall' }, { objectType: 'contact', field: 'OwnerId', target: 'accountOwner' }]));
  });

  it('shows a field created through the admin, and no longer one deleted', async () => {
    sandbox.admin.createContactField(orgId, { objectType: 'lead', name: 'Region', label: 'Region', type: 'enumeration', options: [{ value: 'emea', label: 'EMEA' }, { value: 'amer', label: 'Americas' }] });
    const withRegion = await service.listFields(session);
    expect(withRegion.find((field) => field.name === 'Region__c')).toEqual({
      objectType: 'lead',
      name: 'Region__c',
      label: 'Region',
      type: 'enumeration',
      options: [{ value: 'emea', label: 'EMEA' }, { value: 'amer', label: 'Americas' }],
      custom: true,
      readOnly: false,
      calculated: false,
    });
    sandbox.admin.deleteContactField(orgId, 'Region__c', { objectType: 'lead' });
    expect((await service.listFields(session)).some((field) => field.name === 'Region__c')).toBe(false);
  });
});

describe('SalesforceService.fetchContactsPage with mapped fields', () => {
  it('returns mapped values in rawProperties as Salesforce sent them, by REST (typed JSON) and by Bulk API 2.0 (CSV text)', async () => {
    const bulkService = new SalesforceService(app, { http: FAST_HTTP, sync: { bulkThreshold: 0, bulkMaxRecords: 200 } });
    const viaRest = byId((await runSync((request) => service.fetchContactsPage(session, request), { kind: 'full', since: null, fields: MAPPED })).contacts);
    const viaBulk = byId((await runSync((request) => bulkService.fetchContactsPage(session, request), { kind: 'full', since: null, fields: MAPPED })).contacts);

    const truth = await query('SELECT Id, Plan__c, Seats__c, Health_Score__c, Call_Consent__c, Renewal_Date__c, Last_Purchase_At__c, Interests__c FROM Contact WHERE Seats__c != null AND Interests__c != null AND Last_Purchase_At__c != null ORDER BY Id LIMIT 3');
    expect(truth).toHaveLength(3);
    for (const record of truth) {
      const rest = viaRest.get(record.Id as string)!;
      expect(rest.rawProperties).toMatchObject({
        Plan__c: record.Plan__c,
        Seats__c: record.Seats__c,
        Health_Score__c: record.Health_Score__c,
        Call_Consent__c: record.Call_Consent__c,
        Renewal_Date__c: record.Renewal_Date__c,
        Last_Purchase_At__c: record.Last_Purchase_At__c,
        Interests__c: record.Interests__c,
      });
      expect(typeof rest.rawProperties.Seats__c).toBe('number');
      // CSV has no types: numbers and booleans arrive as their text, datetimes in CSV's Z form.
      expect(viaBulk.get(record.Id as string)!.rawProperties).toMatchObject({
        Plan__c: record.Plan__c,
        Seats__c: String(record.Seats__c),
        Call_Consent__c: String(record.Call_Consent__c),
        Renewal_Date__c: record.Renewal_Date__c,
        Last_Purchase_At__c: new Date((record.Last_Purchase_At__c as string).replace('+0000', 'Z')).toISOString(),
        Interests__c: record.Interests__c,
      });
    }
    const lead = [...viaRest.values()].find((contact) => contact.objectType === 'lead' && contact.rawProperties.Budget__c !== null)!;
    expect(lead.rawProperties).toHaveProperty('Trial_Ends_On__c');
    expect(lead.rawProperties).not.toHaveProperty('Seats__c');
    const leadTruth = (await query(`SELECT Budget__c FROM Lead WHERE Id = '${lead.externalId}'`))[0]!;
    expect(lead.rawProperties.Budget__c).toBe(leadTruth.Budget__c);
    // Empty values come as null either way.
    const empty = [...viaRest.values()].find((contact) => contact.objectType === 'contact' && contact.rawProperties.Plan__c === null)!;
    expect(viaBulk.get(empty.externalId)!.rawProperties.Plan__c).toBeNull();
  });

  it('sees a custom value changed through the admin in the next incremental page', async () => {
    const [target] = await query('SELECT Id FROM Contact ORDER BY Id LIMIT 1');
    const since = new Date(sandbox.admin.now() - 1000);
    sandbox.admin.updateRecord(orgId, 'Contact', target!.Id as string, { Plan__c: 'enterprise', Seats__c: 321, Interests__c: 'analytics' });
    const run = await runSync((request) => service.fetchContactsPage(session, request), { kind: 'incremental', since, deletionsSince: since, fields: MAPPED });
    const changed = run.contacts.find((contact) => contact.externalId === target!.Id);
    expect(changed?.rawProperties).toMatchObject({ Plan__c: 'enterprise', Seats__c: 321, Interests__c: 'analytics' });
  });

  it('fails with provider_rejected, never a 500, when a mapped field is not on the object', async () => {
    const error = await rejectionOf(service.fetchContactsPage(session, { kind: 'full', since: null, cursor: null, fields: { contact: ['Gone__c'], lead: [] } }));
    expect(error.code).toBe('provider_rejected');
    expect(error.message).toContain("No such column 'Gone__c' on entity 'Contact'");
  });
});
