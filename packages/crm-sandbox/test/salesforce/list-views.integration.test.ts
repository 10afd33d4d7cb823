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

describe('/sobjects/Contact/listviews', () => {
  it('lists the views of Contact, and describe gives a query whose results follow the contacts its filter matches', async () => {
    const some = await api(instance, token, q('SELECT Id FROM Contact ORDER BY Id LIMIT 4'));
    const ids = (some.body.records as { Id: string }[]).map((record) => record.Id);
    for (const id of ids.slice(0, 2)) h.admin.updateRecord(orgId, 'Contact', id, { Title: 'Listed' });
    const view = h.admin.createListView(orgId, { label: 'Listed people', where: "Title = 'Listed'" });

    const listed = await api(instance, token, '/sobjects/Contact/listviews');
    expect(listed.status).toBe(200);
    expect(listed.body.listviews).toContainEqual(expect.objectContaining({ id: view.id, label: 'Listed people', soqlCompatible: true }));
    expect(view.id).toMatch(/^00B\w{15}$/);

    const described = await api(instance, token, `/sobjects/Contact/listviews/${view.id}/describe`);
    expect(described.status).toBe(200);
    const run = async () => ((await api(instance, token, q(described.body.query as string))).body.records as { Id: string }[]).map((record) => record.Id);
    expect(await run()).toEqual(ids.slice(0, 2));

    h.admin.updateRecord(orgId, 'Contact', ids[0]!, { Title: 'Elsewhere' });
    h.admin.updateRecord(orgId, 'Contact', ids[3]!, { Title: 'Listed' });
    expect(await run()).toEqual([ids[1]!, ids[3]!]);
  });

  it('answers an unknown list view with 404 NOT_FOUND, and refuses a filter that is not SOQL', async () => {
    const missing = await api(instance, token, '/sobjects/Contact/listviews/00B000000000000AAA/describe');
    expect(missing.status).toBe(404);
    expect(() => h.admin.createListView(orgId, { label: 'Broken', where: 'Title ===' })).toThrow(/not SOQL/);
  });
});
