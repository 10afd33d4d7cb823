import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, startTestSandbox, type ErrorBody, type HubSpotObject, type TestSandbox } from './helpers';

let sandbox: TestSandbox;
beforeEach(async () => {
  sandbox = await startTestSandbox({ defaultPortal: { name: 'Crud', contactCount: 300 } });
});
afterEach(() => sandbox.close());

const CONTACTS = '/crm/v3/objects/contacts';

async function seededEmail(): Promise<{ id: string; email: string }> {
  for (let id = 1; ; id += 1) {
    const contact = await call<HubSpotObject>(sandbox.url, `${CONTACTS}/${id}?properties=email`, { token: sandbox.token });
    if (contact.body.properties.email) return { id: String(id), email: contact.body.properties.email };
  }
}

describe('contacts read and write', () => {
  it('creates a contact with an id above the seeded range and returns it with 201', async () => {
    const created = await call<HubSpotObject>(sandbox.url, CONTACTS, {
      token: sandbox.token,
      json: { properties: { email: 'Zoë.Müller@example.de', firstname: 'Zoë', lastname: 'Müller', phone: '+49 30 1234567' } },
    });
    expect(created.status).toBe(201);
    const now = new Date(sandbox.clock.now()).toISOString();
    expect(created.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      properties: {
        email: 'Zoë.Müller@example.de',
        firstname: 'Zoë',
        lastname: 'Müller',
        phone: '+49 30 1234567',
        createdate: now,
        hs_object_id: created.body.id,
        lastmodifieddate: now,
      },
      createdAt: now,
      updatedAt: now,
      archived: false,
    });
    expect(Number(created.body.id)).toBeGreaterThan(1_000_000);
    const read = await call<HubSpotObject>(sandbox.url, `${CONTACTS}/${created.body.id}?properties=phone`, { token: sandbox.token });
    expect(read.body.properties.phone).toBe('+49 30 1234567');
  });

  it('refuses an email that already exists with 409 and HubSpot\'s conflict body, whatever its case', async () => {
    const existing = await seededEmail();
    const conflict = await call<ErrorBody>(sandbox.url, CONTACTS, { token: sandbox.token, json: { properties: { email: existing.email.toUpperCase() } } });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toEqual({ status: 'error', message: `Contact already exists. Existing ID: ${existing.id}`, correlationId: expect.any(String), category: 'CONFLICT' });

    const created = await call<HubSpotObject>(sandbox.url, CONTACTS, { token: sandbox.token, json: { properties: { email: 'once@example.com' } } });
    const again = await call<ErrorBody>(sandbox.url, CONTACTS, { token: sandbox.token, json: { properties: { email: 'once@example.com' } } });
    expect(again.body.message).toBe(`Contact already exists. Existing ID: ${created.body.id}`);
  });

  it('updates a contact, moving lastmodifieddate to now, and finds it by email', async () => {
    const existing = await seededEmail();
    sandbox.clock.advance(60_000);
    const updated = await call<HubSpotObject>(sandbox.url, `${CONTACTS}/${existing.id}`, { method: 'PATCH', token: sandbox.token, json: { properties: { jobtitle: 'Head of Calls', phone: '' } } });
    expect(updated.status).toBe(200);
    const now = new Date(sandbox.clock.now()).toISOString();
    expect(updated.body.properties).toMatchObject({ jobtitle: 'Head of Calls', phone: null, lastmodifieddate: now });
    expect(updated.body.updatedAt).toBe(now);

    const byEmail = await call<HubSpotObject>(sandbox.url, `${CONTACTS}/${encodeURIComponent(existing.email)}?idProperty=email&properties=jobtitle,hs_lastmodifieddate`, { token: sandbox.token });
    expect(byEmail.body).toMatchObject({ id: existing.id, properties: { jobtitle: 'Head of Calls', hs_lastmodifieddate: now } });
  });

  it('refuses unknown properties, read-only properties, bad enumeration options and invalid emails', async () => {
    const refused = await call<ErrorBody>(sandbox.url, CONTACTS, {
      token: sandbox.token,
      json: { properties: { favourite_colour: 'blue', hs_object_id: '5', lifecyclestage: 'royalty', email: 'not-an-email' } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.category).toBe('VALIDATION_ERROR');
    expect(refused.body.message).toMatch(/^Property values were not valid: \[/);
    const problems = JSON.parse(refused.body.message.replace('Property values were not valid: ', '')) as { error: string; name: string }[];
    expect(problems.map((problem) => [problem.name, problem.error])).toEqual([
      ['favourite_colour', 'PROPERTY_DOESNT_EXIST'],
      ['hs_object_id', 'READ_ONLY_VALUE'],
      ['lifecyclestage', 'INVALID_OPTION'],
      ['email', 'INVALID_EMAIL'],
    ]);
  });

  it('archives with 204; the contact is then gone unless archived=true is asked for', async () => {
    expect((await call(sandbox.url, `${CONTACTS}/17`, { method: 'DELETE', token: sandbox.token })).status).toBe(204);
    const gone = await call<ErrorBody>(sandbox.url, `${CONTACTS}/17`, { token: sandbox.token });
    expect([gone.status, gone.body.category]).toEqual([404, 'OBJECT_NOT_FOUND']);
    const archived = await call<HubSpotObject>(sandbox.url, `${CONTACTS}/17?archived=true`, { token: sandbox.token });
    expect(archived.body).toMatchObject({ id: '17', archived: true, archivedAt: new Date(sandbox.clock.now()).toISOString() });
    expect((await call(sandbox.url, `${CONTACTS}/17`, { method: 'PATCH', token: sandbox.token, json: { properties: { jobtitle: 'x' } } })).status).toBe(404);
  });

  it('answers 404 for an id that was never a contact', async () => {
    expect((await call(sandbox.url, `${CONTACTS}/301`, { token: sandbox.token })).status).toBe(404);
    expect((await call(sandbox.url, `${CONTACTS}/nobody@example.com?idProperty=email`, { token: sandbox.token })).status).toBe(404);
  });

  it('refuses a malformed JSON body with VALIDATION_ERROR', async () => {
    const response = await fetch(`${sandbox.url}${CONTACTS}`, { method: 'POST', headers: { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/json' }, body: '{"properties":' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).category).toBe('VALIDATION_ERROR');
  });
});
