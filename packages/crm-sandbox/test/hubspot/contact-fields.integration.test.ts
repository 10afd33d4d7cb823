import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubSpotPropertyResponse } from '../../src/hubspot';
import { call, listAll, startTestSandbox, type BatchBody, type ErrorBody, type HubSpotObject, type SearchBody, type TestSandbox } from './helpers';

let sandbox: TestSandbox;
beforeEach(async () => {
  sandbox = await startTestSandbox({ defaultPortal: { name: 'Fields', contactCount: 200 } });
});
afterEach(() => sandbox.close());

const PROPERTIES = '/crm/v3/properties/contacts';
const CONTACTS = '/crm/v3/objects/contacts';
const CUSTOM = 'renewal_date,plan,seats,do_not_call,last_purchase_at,interests,account_notes,backup_phone,billing_email,preferred_call_time,health_score,erp_customer_id';

async function catalogue(): Promise<Map<string, HubSpotPropertyResponse>> {
  const response = await call<{ results: HubSpotPropertyResponse[] }>(sandbox.url, PROPERTIES, { token: sandbox.token });
  expect(response.status).toBe(200);
  return new Map(response.body.results.map((property) => [property.name, property]));
}

async function patchContact(id: string, properties: Record<string, unknown>) {
  return call<HubSpotObject & ErrorBody>(sandbox.url, `${CONTACTS}/${id}`, { method: 'PATCH', token: sandbox.token, json: { properties } });
}

describe('GET /crm/v3/properties/contacts', () => {
  it("lists HubSpot's own properties and custom ones of every type, in HubSpot's Property shape", async () => {
    const properties = await catalogue();
    const typeOf = (name: string) => {
      const property = properties.get(name)!;
      return `${property.type}/${property.fieldType}`;
    };
    expect(typeOf('email')).toBe('string/text');
    expect(typeOf('phone')).toBe('string/phonenumber');
    expect(typeOf('renewal_date')).toBe('date/date');
    expect(typeOf('plan')).toBe('enumeration/select');
    expect(typeOf('seats')).toBe('number/number');
    expect(typeOf('do_not_call')).toBe('bool/booleancheckbox');
    expect(typeOf('last_purchase_at')).toBe('datetime/date');
    expect(typeOf('interests')).toBe('enumeration/checkbox');
    expect(typeOf('account_notes')).toBe('string/textarea');
    expect(typeOf('backup_phone')).toBe('string/phonenumber');
    expect(typeOf('billing_email')).toBe('string/text');
    expect(typeOf('preferred_call_time')).toBe('enumeration/radio');
    expect(typeOf('health_score')).toBe('number/calculation_equation');

    expect(properties.get('plan')).toEqual({
      updatedAt: expect.any(String),
      createdAt: expect.any(String),
      name: 'plan',
      label: 'Plan',
      type: 'enumeration',
      fieldType: 'select',
      description: '',
      groupName: 'contactinformation',
      options: [
        { label: 'Starter', value: 'starter', displayOrder: 0, hidden: false },
        { label: 'Pro', value: 'pro', displayOrder: 1, hidden: false },
        { label: 'Enterprise', value: 'enterprise', displayOrder: 2, hidden: false },
      ],
      displayOrder: expect.any(Number),
      calculated: false,
      externalOptions: false,
      hasUniqueValue: false,
      hidden: false,
      modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false, readOnlyOptions: false },
      formField: true,
      archived: false,
    });
    expect(properties.get('email')).toMatchObject({ hubspotDefined: true, modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: false } });
    expect(properties.get('health_score')).toMatchObject({ calculated: true, modificationMetadata: { readOnlyValue: true } });
    expect(properties.get('erp_customer_id')).toMatchObject({ calculated: false, modificationMetadata: { readOnlyValue: true } });
    expect(properties.get('hs_object_id')).toMatchObject({ modificationMetadata: { readOnlyValue: true } });
    expect(properties.get('interests')!.options.filter((option) => option.hidden).map((option) => option.value)).toEqual(['legacy_addon']);
  });

  it('carries hs_timezone and hs_language as enumerations of HubSpot\'s values', async () => {
    const properties = await catalogue();
    expect(properties.get('hs_timezone')).toMatchObject({ type: 'enumeration', fieldType: 'select', hubspotDefined: true });
    expect(properties.get('hs_timezone')!.options.map((option) => option.value)).toContain('america_slash_new_york');
    expect(properties.get('hs_language')!.options.map((option) => option.value)).toEqual(['en', 'de', 'fr', 'es', 'pl', 'pt-br']);
    expect(properties.get('hubspot_owner_id')).toMatchObject({ type: 'enumeration', externalOptions: true });
  });

  it('reads one property by name, and answers 404 for a name the portal does not have', async () => {
    const one = await call<HubSpotPropertyResponse>(sandbox.url, `${PROPERTIES}/seats`, { token: sandbox.token });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ name: 'seats', type: 'number', label: 'Seats' });
    const missing = await call<ErrorBody>(sandbox.url, `${PROPERTIES}/no_such_field`, { token: sandbox.token });
    expect(missing.status).toBe(404);
    expect(missing.body.category).toBe('OBJECT_NOT_FOUND');
  });

  it('refuses a token without crm.schemas.contacts.read with 403 MISSING_SCOPES, while contacts stay readable', async () => {
    const token = sandbox.admin.mintToken(sandbox.portalId, { scopes: ['oauth', 'crm.objects.contacts.read'] }).access_token;
    const refused = await call<ErrorBody>(sandbox.url, PROPERTIES, { token });
    expect(refused.status).toBe(403);
    expect(refused.body.category).toBe('MISSING_SCOPES');
    expect(refused.body.errors?.[0]?.context).toEqual({ requiredScopes: ['crm.schemas.contacts.read'] });
    expect((await call(sandbox.url, `${CONTACTS}?limit=1`, { token })).status).toBe(200);
  });
});

describe('custom property values on contacts', () => {
  it('gives seeded contacts deterministic values in HubSpot\'s string formats, some left empty', async () => {
    const contacts = await listAll(sandbox.url, sandbox.token, `&properties=${CUSTOM},hs_timezone,hs_language`);
    expect(contacts).toHaveLength(200);
    const again = await listAll(sandbox.url, sandbox.token, `&properties=${CUSTOM},hs_timezone,hs_language`);
    expect(again.map((contact) => contact.properties)).toEqual(contacts.map((contact) => contact.properties));
    const values = (name: string) => contacts.map((contact) => contact.properties[name]);
    const formats: Record<string, RegExp> = {
      renewal_date: /^\d{4}-\d{2}-\d{2}$/,
      plan: /^(starter|pro|enterprise)$/,
      seats: /^\d+$/,
      do_not_call: /^(true|false)$/,
      last_purchase_at: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/,
      interests: /^[a-z_]+(;[a-z_]+)*$/,
      billing_email: /^[^@\s]+@[^@\s]+$/,
      hs_timezone: /^[a-z]+_slash_[a-z_]+$/,
      hs_language: /^(en|de|fr|es|pl|pt-br)$/,
      health_score: /^\d+$/,
    };
    for (const [name, format] of Object.entries(formats)) {
      const present = values(name).filter((value) => value !== null);
      expect(present.length, name).toBeGreaterThan(20);
      expect(present.length, name).toBeLessThan(200);
      for (const value of present) expect(value, name).toMatch(format);
    }
    expect(values('interests').some((value) => value?.includes(';'))).toBe(true);
  });

  it('writes custom values checked by type, stores them as HubSpot returns them, and moves the modification time', async () => {
    const before = await call<HubSpotObject>(sandbox.url, `${CONTACTS}/7?properties=hs_lastmodifieddate`, { token: sandbox.token });
    sandbox.clock.advance(60_000);
    const written = await patchContact('7', {
      plan: 'enterprise',
      seats: 42,
      do_not_call: true,
      renewal_date: '2026-09-30',
      last_purchase_at: '2026-01-10T08:30:00Z',
      interests: 'analytics;voice_ai',
      account_notes: 'Line one\nLine two',
    });
    expect(written.status).toBe(200);
    expect(written.body.properties).toMatchObject({
      plan: 'enterprise',
      seats: '42',
      do_not_call: 'true',
      renewal_date: '2026-09-30',
      last_purchase_at: '2026-01-10T08:30:00.000Z',
      interests: 'analytics;voice_ai',
      account_notes: 'Line one\nLine two',
    });
    const read = await call<HubSpotObject>(sandbox.url, `${CONTACTS}/7?properties=plan,seats,hs_lastmodifieddate`, { token: sandbox.token });
    expect(read.body.properties).toMatchObject({ plan: 'enterprise', seats: '42', hs_lastmodifieddate: new Date(sandbox.clock.now()).toISOString() });
    expect(read.body.properties.hs_lastmodifieddate).not.toBe(before.body.properties.hs_lastmodifieddate);

    const cleared = await patchContact('7', { plan: '' });
    expect(cleared.body.properties.plan).toBeNull();
  });

  it('refuses values that do not fit their property, naming each, as HubSpot does', async () => {
    const refused = await patchContact('8', { seats: 'many', plan: 'platinum', do_not_call: 'maybe', renewal_date: '30/09/2026', interests: 'voice_ai;golf', health_score: '99' });
    expect(refused.status).toBe(400);
    expect(refused.body.category).toBe('VALIDATION_ERROR');
    const problems = JSON.parse(refused.body.message.replace('Property values were not valid: ', '')) as { name: string; error: string }[];
    expect(problems.map((problem) => [problem.name, problem.error])).toEqual([
      ['seats', 'INVALID_DOUBLE'],
      ['plan', 'INVALID_OPTION'],
      ['do_not_call', 'INVALID_OPTION'],
      ['renewal_date', 'INVALID_DATE'],
      ['interests', 'INVALID_OPTION'],
      ['health_score', 'READ_ONLY_VALUE'],
    ]);
  });

  it('silently leaves unknown names out of list, search and batch reads', async () => {
    const listed = await call<{ results: HubSpotObject[] }>(sandbox.url, `${CONTACTS}?limit=1&properties=plan,not_a_field`, { token: sandbox.token });
    expect(Object.keys(listed.body.results[0]!.properties).sort()).toEqual(['createdate', 'hs_object_id', 'lastmodifieddate', 'plan']);
    const searched = await call<SearchBody>(sandbox.url, `${CONTACTS}/search`, { token: sandbox.token, json: { limit: 1, properties: ['seats', 'not_a_field'] } });
    expect(searched.body.results[0]!.properties).not.toHaveProperty('not_a_field');
    expect(searched.body.results[0]!.properties).toHaveProperty('seats');
    const batch = await call<BatchBody>(sandbox.url, `${CONTACTS}/batch/read`, { token: sandbox.token, json: { inputs: [{ id: '3' }], properties: ['interests', 'not_a_field'] } });
    expect(batch.status).toBe(200);
    expect(batch.body.results[0]!.properties).toHaveProperty('interests');
    expect(batch.body.results[0]!.properties).not.toHaveProperty('not_a_field');
  });
});

describe('admin contact fields', () => {
  it('creates a field that appears in the catalogue, takes values and reads them back', async () => {
    const created = await call<HubSpotPropertyResponse>(sandbox.url, `/__sandbox/accounts/${sandbox.portalId}/contact-fields`, {
      json: { name: 'contract_tier', label: 'Contract tier', type: 'multi_select', options: [{ value: 'gold', label: 'Gold' }, { value: 'silver', label: 'Silver' }] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'contract_tier', type: 'enumeration', fieldType: 'checkbox', archived: false, createdAt: new Date(sandbox.clock.now()).toISOString() });
    expect(created.body).not.toHaveProperty('hubspotDefined');
    expect((await catalogue()).get('contract_tier')).toEqual(created.body);

    // Seeded contacts have no value for a field made after them.
    const unset = await call<HubSpotObject>(sandbox.url, `${CONTACTS}/5?properties=contract_tier`, { token: sandbox.token });
    expect(unset.body.properties.contract_tier).toBeNull();
    sandbox.admin.modifyContacts(sandbox.portalId, { ids: ['5'], properties: { contract_tier: 'silver;gold' } });
    const set = await call<HubSpotObject>(sandbox.url, `${CONTACTS}/5?properties=contract_tier`, { token: sandbox.token });
    expect(set.body.properties.contract_tier).toBe('silver;gold');

    const duplicate = await call<{ error: { code: string } }>(sandbox.url, `/__sandbox/accounts/${sandbox.portalId}/contact-fields`, { json: { name: 'plan', label: 'Plan again', type: 'string' } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('field_exists');
  });

  it('makes each of our types the HubSpot type a sync maps back to it', () => {
    const made = (type: string, options?: { value: string; label: string }[]) =>
      sandbox.admin.createContactField(sandbox.portalId, { name: `f_${type}`, label: type, type: type as 'string', ...(options ? { options } : {}) });
    const choice = [{ value: 'a', label: 'A' }];
    expect([
      made('string'),
      made('number'),
      made('boolean'),
      made('date'),
      made('datetime'),
      made('enumeration', choice),
      made('multi_select', choice),
      made('phone'),
      made('email'),
    ].map((property) => `${property.type}/${property.fieldType}`)).toEqual([
      'string/text',
      'number/number',
      'bool/booleancheckbox',
      'date/date',
      'datetime/date',
      'enumeration/select',
      'enumeration/checkbox',
      'string/phonenumber',
      'string/text',
    ]);
  });

  it('renames a field, and refuses to redefine one of HubSpot\'s own', async () => {
    const renamed = await call<HubSpotPropertyResponse>(sandbox.url, `/__sandbox/accounts/${sandbox.portalId}/contact-fields/seats`, { method: 'PATCH', json: { label: 'Licensed seats' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.label).toBe('Licensed seats');
    expect((await catalogue()).get('seats')!.label).toBe('Licensed seats');
    expect(() => sandbox.admin.updateContactField(sandbox.portalId, 'email', { label: 'E-mail' })).toThrow(/HubSpot-defined/);
  });

  it('deletes a field: gone from the catalogue, its values gone from reads, its name unknown to reads and writes', async () => {
    sandbox.admin.modifyContacts(sandbox.portalId, { ids: ['9'], properties: { plan: 'pro' } });
    const deleted = await call(sandbox.url, `/__sandbox/accounts/${sandbox.portalId}/contact-fields/plan`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect((await catalogue()).has('plan')).toBe(false);
    const archived = await call<{ results: HubSpotPropertyResponse[] }>(sandbox.url, `${PROPERTIES}?archived=true`, { token: sandbox.token });
    expect(archived.body.results.map((property) => [property.name, property.archived])).toEqual([['plan', true]]);

    const read = await call<HubSpotObject>(sandbox.url, `${CONTACTS}/9?properties=plan,seats`, { token: sandbox.token });
    expect(read.body.properties).not.toHaveProperty('plan');
    expect(read.body.properties).toHaveProperty('seats');
    const write = await patchContact('9', { plan: 'pro' });
    expect(write.status).toBe(400);
    expect(write.body.message).toContain('PROPERTY_DOESNT_EXIST');

    // Made again, it starts empty: neither the seeded values nor the old edit come back.
    sandbox.admin.createContactField(sandbox.portalId, { name: 'plan', label: 'Plan', type: 'string' });
    const fresh = await listAll(sandbox.url, sandbox.token, '&properties=plan');
    expect(fresh.every((contact) => contact.properties.plan === null)).toBe(true);

    expect(() => sandbox.admin.deleteContactField(sandbox.portalId, 'email')).toThrow(/cannot be archived/);
    expect(() => sandbox.admin.deleteContactField(sandbox.portalId, 'nope')).toThrow(/No contact property/);
    expect(() => sandbox.admin.deleteContactField(sandbox.portalId, 'seats', { objectType: 'lead' as 'contact' })).toThrow(/not valid/);
  });
});
