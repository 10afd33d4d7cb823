import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, startTestSandbox, type BatchBody, type ErrorBody, type HubSpotObject, type TestSandbox } from './helpers';

let sandbox: TestSandbox;
beforeEach(async () => {
  sandbox = await startTestSandbox({ defaultPortal: { name: 'Batch', contactCount: 200 } });
});
afterEach(() => sandbox.close());

const BATCH = '/crm/v3/objects/contacts/batch';
const batch = (verb: string, json: unknown, query = '') => call<BatchBody & ErrorBody>(sandbox.url, `${BATCH}/${verb}${query}`, { token: sandbox.token, json });

async function emailOf(id: string): Promise<string> {
  return (await call<HubSpotObject>(sandbox.url, `/crm/v3/objects/contacts/${id}?properties=email`, { token: sandbox.token })).body.properties.email!;
}

describe('contact batch endpoints', () => {
  it('reads a batch with 200, and with 207 plus an OBJECT_NOT_FOUND error naming the ids it could not find', async () => {
    const found = await batch('read', { inputs: [{ id: '3' }, { id: '4' }], properties: ['email', 'phone'] });
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ status: 'COMPLETE', results: expect.any(Array), startedAt: expect.any(String), completedAt: expect.any(String) });
    expect(found.body.results.map((contact) => contact.id)).toEqual(['3', '4']);
    expect(Object.keys(found.body.results[0]!.properties).sort()).toEqual(['createdate', 'email', 'hs_object_id', 'lastmodifieddate', 'phone']);

    const partial = await batch('read', { inputs: [{ id: '5' }, { id: '999999' }, { id: '201' }] });
    expect(partial.status).toBe(207);
    expect(partial.body.results.map((contact) => contact.id)).toEqual(['5']);
    expect(partial.body.numErrors).toBe(1);
    expect(partial.body.errors![0]).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND', context: { ids: ['999999', '201'] } });
  });

  it('reads by email with idProperty, and archived contacts only with archived=true', async () => {
    const email = await emailOf('8');
    const byEmail = await batch('read', { idProperty: 'email', inputs: [{ id: email }] });
    expect(byEmail.body.results.map((contact) => contact.id)).toEqual(['8']);
    await call(sandbox.url, '/crm/v3/objects/contacts/9', { method: 'DELETE', token: sandbox.token });
    expect((await batch('read', { inputs: [{ id: '9' }] })).status).toBe(207);
    const archived = await batch('read', { inputs: [{ id: '9' }] }, '?archived=true');
    expect(archived.body.results[0]).toMatchObject({ id: '9', archived: true });
  });

  it('creates a batch with 201, and refuses the whole batch with 409 when an email exists or repeats', async () => {
    const created = await batch('create', { inputs: [{ properties: { email: 'a@batch.test', firstname: 'A' } }, { properties: { email: 'b@batch.test' } }] });
    expect(created.status).toBe(201);
    expect(created.body.results.map((contact) => contact.properties.email)).toEqual(['a@batch.test', 'b@batch.test']);

    const existing = await emailOf('12');
    const conflict = await batch('create', { inputs: [{ properties: { email: 'c@batch.test' } }, { properties: { email: existing } }] });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ status: 'error', category: 'CONFLICT', message: 'Contact already exists. Existing ID: 12' });
    const repeated = await batch('create', { inputs: [{ properties: { email: 'd@batch.test' } }, { properties: { email: 'D@batch.test' } }] });
    expect(repeated.status).toBe(409);
    // Nothing of a refused batch was created.
    const search = await call<{ total: number }>(sandbox.url, '/crm/v3/objects/contacts/search', {
      token: sandbox.token,
      json: { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'IN', values: ['c@batch.test', 'd@batch.test'] }] }] },
    });
    expect(search.body.total).toBe(0);
  });

  it('updates a batch, reporting unknown ids with 207', async () => {
    sandbox.clock.advance(5000);
    const updated = await batch('update', { inputs: [{ id: '20', properties: { jobtitle: 'Dispatcher' } }, { id: '424242', properties: { jobtitle: 'Ghost' } }] });
    expect(updated.status).toBe(207);
    expect(updated.body.results).toHaveLength(1);
    expect(updated.body.results[0]!.properties).toMatchObject({ jobtitle: 'Dispatcher', lastmodifieddate: new Date(sandbox.clock.now()).toISOString() });
    expect(updated.body.errors![0]!.context.ids).toEqual(['424242']);
  });

  it('upserts by email: updates the existing contact and creates the new one, flagging which is new', async () => {
    const existing = await emailOf('30');
    const upserted = await batch('upsert', {
      inputs: [
        { id: existing, idProperty: 'email', properties: { phone: '+33 1 23 45 67 89' } },
        { id: 'brand.new@upsert.test', idProperty: 'email', properties: { firstname: 'Brand' } },
      ],
    });
    expect(upserted.status).toBe(200);
    expect(upserted.body.results.map((contact) => [contact.id === '30', contact.new])).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(upserted.body.results[1]!.properties.email).toBe('brand.new@upsert.test');
  });

  it('refuses more than 100 inputs on every batch endpoint', async () => {
    const ids = Array.from({ length: 101 }, (_, index) => ({ id: String(index + 1) }));
    const creates = Array.from({ length: 101 }, (_, index) => ({ properties: { email: `n${index}@batch.test` } }));
    const updates = ids.map((input) => ({ ...input, properties: { jobtitle: 'x' } }));
    for (const [verb, inputs] of [['read', ids], ['create', creates], ['update', updates], ['upsert', updates], ['archive', ids]] as const) {
      const refused = await batch(verb, { inputs });
      expect([verb, refused.status, refused.body.category]).toEqual([verb, 400, 'VALIDATION_ERROR']);
    }
    expect((await batch('read', { inputs: ids.slice(0, 100) })).status).toBe(200);
  });

  it('archives a batch with 204', async () => {
    expect((await batch('archive', { inputs: [{ id: '40' }, { id: '41' }] })).status).toBe(204);
    expect((await call(sandbox.url, '/crm/v3/objects/contacts/41', { token: sandbox.token })).status).toBe(404);
  });
});
