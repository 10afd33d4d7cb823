import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TApiError, TContact, TCrmFieldCatalogue, TFieldMappingsResponse, TSyncStartResponse } from '@voiceagent/shared';
import type { TestUser } from '../../support/test-users';
import { startSyncTestbed, waitForFirstSync, type Platform, type SyncTestbed } from '../sync/sync-testbed';

/**
 * The custom-fields contract, per CRM, against its sandbox over HTTP: a field created in the CRM
 * arrives in the catalogue when it is refreshed, is mapped, is backfilled onto every contact, follows
 * incremental changes, breaks its mapping (not the sync) when the CRM deletes it, and leaves the
 * contacts when it is unmapped.
 */
let testbed: SyncTestbed;

beforeAll(async () => {
  testbed = await startSyncTestbed({ hubspotContacts: 30, zohoContacts: 30, salesforceOrgs: [{ contacts: 30, leads: 10 }] });
}, 60_000);
afterAll(async () => {
  await testbed?.close();
});

/** What the test does to each CRM through its sandbox's admin API. */
type CrmAdmin = {
  /** The provider's spelling of a custom field's API name. */
  fieldName(base: string): string;
  /** The CRM's first-name field: a standard field a backfill must leave alone. */
  firstName: string;
  createField(spec: { name: string; label: string; type: 'date' | 'number' }): void;
  deleteField(name: string): void;
  setValue(externalId: string, name: string, value: string | null): void;
};

const admins: Record<Platform, () => CrmAdmin> = {
  hubspot: () => ({
    fieldName: (base) => base,
    firstName: 'firstname',
    createField: (spec) => void testbed.hubspot.admin.createContactField(testbed.portalId, spec),
    deleteField: (name) => void testbed.hubspot.admin.deleteContactField(testbed.portalId, name),
    setValue: (id, name, value) => void testbed.hubspot.admin.modifyContacts(testbed.portalId, { ids: [id], properties: { [name]: value } }),
  }),
  zoho: () => ({
    fieldName: (base) => base.split('_').map((part) => part[0]!.toUpperCase() + part.slice(1)).join('_'),
    firstName: 'First_Name',
    createField: (spec) => void testbed.zoho.admin.createContactField(testbed.zohoOrgId, spec),
    deleteField: (name) => void testbed.zoho.admin.deleteContactField(testbed.zohoOrgId, name),
    setValue: (id, name, value) => void testbed.zoho.admin.modifyContacts(testbed.zohoOrgId, { ids: [id], fields: { [name]: value } }),
  }),
  salesforce: () => ({
    fieldName: (base) => `${base.split('_').map((part) => part[0]!.toUpperCase() + part.slice(1)).join('_')}__c`,
    firstName: 'FirstName',
    createField: (spec) => void testbed.salesforce.admin.createContactField(testbed.salesforceOrgIds[0]!, spec),
    deleteField: (name) => void testbed.salesforce.admin.deleteContactField(testbed.salesforceOrgIds[0]!, name),
    setValue: (id, name, value) => void testbed.salesforce.admin.updateRecord(testbed.salesforceOrgIds[0]!, 'Contact', id, { [name]: value }),
  }),
};

async function json<T>(res: Response, status: number): Promise<T> {
  const body = await res.text();
  expect(res.status, body.slice(0, 500)).toBe(status);
  return JSON.parse(body) as T;
}

function putMappings(user: TestUser, platform: Platform, mappings: unknown[]): Promise<Response> {
  return testbed.api(user, `/crm/${platform}/field-mappings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mappings }) });
}

/** A live synced contact (not a lead) of the user on the platform: our id and the CRM's. */
async function someContact(user: TestUser, platform: Platform): Promise<{ id: string; externalId: string }> {
  const { rows } = await testbed.product.pool.query<{ id: string; external_id: string }>(
    `select id, external_id from crm_contacts where user_id = $1 and platform = $2 and object_type = 'contact' and deleted_at is null order by external_id limit 1`,
    [user.id, platform],
  );
  return { id: rows[0]!.id, externalId: rows[0]!.external_id };
}

async function contact(user: TestUser, id: string): Promise<TContact> {
  return json<TContact>(await testbed.api(user, `/crm/contacts/${id}`), 200);
}

async function latestBackfill(user: TestUser, platform: Platform): Promise<string> {
  const { rows } = await testbed.product.pool.query<{ id: string }>(
    `select id from sync_runs where user_id = $1 and platform = $2 and kind = 'backfill' order by queued_at desc limit 1`,
    [user.id, platform],
  );
  return rows[0]!.id;
}

async function syncNow(user: TestUser, platform: Platform): Promise<void> {
  const started = await json<TSyncStartResponse>(await testbed.api(user, `/crm/${platform}/sync`, { method: 'POST' }), 202);
  expect(await testbed.waitForRun(user, started.runId)).toMatchObject({ status: 'succeeded' });
}

describe.each(['hubspot', 'zoho', 'salesforce'] as const)('custom fields of %s', (platform) => {
  it('maps a field created in the CRM, backfills it, follows its changes, and survives its deletion', async () => {
    const crm = admins[platform]();
    const user = await testbed.signUp();
    await testbed.connect(user, platform);
    expect(await waitForFirstSync(testbed, user, platform)).toMatchObject({ status: 'succeeded' });

    // The first full sync read the catalogue: the CRM's defaults are mapped, nothing is saved yet.
    const defaults = await json<TFieldMappingsResponse>(await testbed.api(user, `/crm/${platform}/field-mappings`), 200);
    expect(defaults.savedAt).toBeNull();
    expect(defaults.mappings.some((mapping) => mapping.target.kind === 'standard')).toBe(true);
    const catalogue = await json<TCrmFieldCatalogue>(await testbed.api(user, `/crm/${platform}/fields`), 200);
    expect(catalogue.fields.some((field) => field.custom)).toBe(true);

    // A field created in the CRM arrives when the catalogue is refreshed.
    const name = crm.fieldName('contract_end');
    crm.createField({ name, label: 'Contract end', type: 'date' });
    const cached = await json<TCrmFieldCatalogue>(await testbed.api(user, `/crm/${platform}/fields`), 200);
    expect(cached.fields.some((field) => field.name === name)).toBe(false);
    const refreshed = await json<TCrmFieldCatalogue>(await testbed.api(user, `/crm/${platform}/fields/refresh`, { method: 'POST' }), 200);
    expect(refreshed.fields.find((field) => field.name === name)).toMatchObject({ objectType: 'contact', label: 'Contract end', type: 'date', custom: true });

    // Mapped, it is backfilled onto the contacts that hold a value. The backfill reads and writes
    // that field alone: a first name changed meanwhile waits for the next sync.
    const target = await someContact(user, platform);
    const firstNameBefore = (await contact(user, target.id)).firstName;
    crm.setValue(target.externalId, name, '2027-01-31');
    crm.setValue(target.externalId, crm.firstName, 'Backfillia');
    const kept = defaults.mappings.map(({ objectType, field, target: to }) => ({ objectType, field, target: to }));
    const saved = await json<TFieldMappingsResponse>(await putMappings(user, platform, [...kept, { field: name, target: { kind: 'custom', key: 'contract_end' } }]), 200);
    expect(saved.savedAt).not.toBeNull();
    expect(saved.mappings.find((mapping) => mapping.field === name)).toMatchObject({ status: 'ok', type: 'date', label: 'Contract end', invalidValues: 0 });
    expect(await testbed.waitForRun(user, saved.backfill!.runId)).toMatchObject({ kind: 'backfill', status: 'succeeded', counts: { created: 0, deleted: 0 } });
    const backfilled = await contact(user, target.id);
    expect(backfilled.customFields).toMatchObject({ contract_end: '2027-01-31' });
    expect(backfilled.firstName).toBe(firstNameBefore);

    // An incremental sync follows a change of the value (and brings the first name).
    crm.setValue(target.externalId, name, '2027-06-30');
    await syncNow(user, platform);
    expect(await contact(user, target.id)).toMatchObject({ firstName: 'Backfillia', customFields: { contract_end: '2027-06-30' } });

    // Deleted in the CRM, syncs go on. Zoho and Salesforce refuse a page that names the field: the
    // run reads the catalogue again, which breaks the mapping, and asks without it. HubSpot leaves
    // unknown names out silently; its mapping breaks at the next read of the catalogue.
    crm.deleteField(name);
    await syncNow(user, platform);
    const afterSync = await json<TFieldMappingsResponse>(await testbed.api(user, `/crm/${platform}/field-mappings`), 200);
    expect(afterSync.mappings.find((mapping) => mapping.field === name)?.status).toBe(platform === 'hubspot' ? 'ok' : 'broken');
    await json(await testbed.api(user, `/crm/${platform}/fields/refresh`, { method: 'POST' }), 200);
    const broken = await json<TFieldMappingsResponse>(await testbed.api(user, `/crm/${platform}/field-mappings`), 200);
    expect(broken.mappings.find((mapping) => mapping.field === name)?.status).toBe('broken');
    await syncNow(user, platform);

    // Back in the CRM, the mapping is mended by the next read of the catalogue, and a backfill refills it.
    crm.createField({ name, label: 'Contract end', type: 'date' });
    crm.setValue(target.externalId, name, '2027-07-01');
    await json(await testbed.api(user, `/crm/${platform}/fields/refresh`, { method: 'POST' }), 200);
    const mended = await latestBackfill(user, platform);
    expect(mended).not.toBe(saved.backfill!.runId);
    expect(await testbed.waitForRun(user, mended)).toMatchObject({ kind: 'backfill', status: 'succeeded' });
    expect((await contact(user, target.id)).customFields).toMatchObject({ contract_end: '2027-07-01' });

    // Unmapped, its values leave the contacts with the backfill.
    const remapped = await json<TFieldMappingsResponse>(await putMappings(user, platform, [...kept, { field: name, target: { kind: 'custom', key: 'contract_end' } }]), 200);
    // Mended by the refresh, the same mapping is no change: nothing to backfill.
    expect(remapped.backfill).toBeNull();
    await syncNow(user, platform);
    const unmapped = await json<TFieldMappingsResponse>(await putMappings(user, platform, kept), 200);
    await testbed.waitForRun(user, unmapped.backfill!.runId);
    expect((await contact(user, target.id)).customFields).not.toHaveProperty('contract_end');
  }, 120_000);
});

describe('the field mapping API', () => {
  it('refuses unknown fields, types that do not fit and bad keys with a 400 naming each', async () => {
    const user = await testbed.signUp();
    await testbed.connect(user, 'hubspot');
    await waitForFirstSync(testbed, user, 'hubspot');
    const catalogue = await json<TCrmFieldCatalogue>(await testbed.api(user, '/crm/hubspot/fields'), 200);
    const text = catalogue.fields.find((field) => field.type === 'string')!;
    const cases: Array<[unknown[], string]> = [
      [[{ field: 'no_such_property', target: { kind: 'custom', key: 'x' } }], 'mappings.0.field'],
      [[{ field: text.name, target: { kind: 'standard', field: 'doNotCall' } }], 'mappings.0.target.field'],
      [[{ field: text.name, target: { kind: 'custom', key: 'Bad Key' } }], 'mappings.0.target.key'],
      [[{ field: text.name, target: { kind: 'standard', field: 'favouriteColour' } }], 'mappings.0.target.field'],
      [[{ objectType: 'lead', field: text.name, target: { kind: 'custom', key: 'x' } }], 'mappings.0.field'],
    ];
    for (const [mappings, field] of cases) {
      const error = await json<TApiError>(await putMappings(user, 'hubspot', mappings), 400);
      expect(error.error.code).toBe('validation_failed');
      expect(JSON.stringify(error.error.details), JSON.stringify(mappings)).toContain(field);
    }
  }, 60_000);

  it('shows a user only their own mapping, and a CRM they have not connected as not connected', async () => {
    const alice = await testbed.signUp();
    await testbed.connect(alice, 'hubspot');
    await waitForFirstSync(testbed, alice, 'hubspot');
    const bob = await testbed.signUp();
    for (const path of ['/crm/hubspot/fields', '/crm/hubspot/field-mappings']) {
      const error = await json<TApiError>(await testbed.api(bob, path), 404);
      expect(error.error.code).toBe('crm_not_connected');
    }
    expect((await putMappings(bob, 'hubspot', [])).status).toBe(404);
    // Through SQL as Bob: Alice's catalogue and mapping are not there.
    const client = await testbed.product.pool.connect();
    try {
      await client.query('begin');
      await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: bob.id, role: 'authenticated' })]);
      const { rows } = await client.query<{ n: number }>('select (select count(*) from crm_field_mappings)::int + (select count(*) from crm_field_catalogues)::int as n');
      expect(rows[0]!.n).toBe(0);
    } finally {
      await client.query('rollback');
      client.release();
    }
    const own = await json<TFieldMappingsResponse>(await testbed.api(alice, '/crm/hubspot/field-mappings'), 200);
    expect(own.mappings.length).toBeGreaterThan(0);
  }, 60_000);
});
