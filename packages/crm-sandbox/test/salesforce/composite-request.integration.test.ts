import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
let token: string;
let instance: string;
let orgId: string;
beforeAll(async () => {
  h = await startHarness({ orgs: [{ name: 'Composite Co', contactCount: 30, leadCount: 10, seed: 3 }] });
  orgId = h.orgs[0]!.id;
  instance = h.orgs[0]!.instanceUrl;
  token = h.admin.mintToken(orgId).access_token;
});
afterAll(async () => {
  await h.close();
});

const subquery = (referenceId: string, resource: 'query' | 'queryAll', soql: string) => ({ method: 'GET', url: `/services/data/v62.0/${resource}?q=${encodeURIComponent(soql)}`, referenceId });
type Composite = { compositeResponse: Array<{ body: { totalSize?: number; records?: Array<Record<string, unknown>> } | Array<{ errorCode: string }>; httpStatusCode: number; referenceId: string }> };

describe('POST /composite (query subrequests)', () => {
  it('answers every query subrequest in order, and counts as one call against the allowance and in the counters', async () => {
    const usedBefore = h.admin.listOrgs()[0]!.apiUsage.used;
    const requestsBefore = h.admin.counters().requests['POST /services/data/vXX.X/composite'] ?? 0;
    const res = await api(instance, token, '/composite', {
      method: 'POST',
      body: { allOrNone: false, compositeRequest: [subquery('contacts', 'query', 'SELECT Id FROM Contact ORDER BY Id LIMIT 2'), subquery('leads', 'query', 'SELECT COUNT() FROM Lead')] },
    });
    expect(res.status).toBe(200);
    const { compositeResponse } = res.body as Composite;
    expect(compositeResponse.map((sub) => [sub.referenceId, sub.httpStatusCode])).toEqual([
      ['contacts', 200],
      ['leads', 200],
    ]);
    expect((compositeResponse[0]!.body as { records: unknown[] }).records).toHaveLength(2);
    expect((compositeResponse[1]!.body as { totalSize: number }).totalSize).toBe(10);
    expect(h.admin.listOrgs()[0]!.apiUsage.used - usedBefore).toBe(1);
    expect((h.admin.counters().requests['POST /services/data/vXX.X/composite'] ?? 0) - requestsBefore).toBe(1);
  });

  it('sees a deleted record through queryAll, newest first by SystemModstamp', async () => {
    const [contact] = (((await api(instance, token, `/query?q=${encodeURIComponent('SELECT Id FROM Contact ORDER BY Id LIMIT 1')}`)).body as { records: Array<{ Id: string }> }).records);
    h.clock.now += 60_000;
    h.admin.deleteRecord(orgId, 'Contact', contact!.Id);
    const soql = 'SELECT Id, SystemModstamp FROM Contact ORDER BY SystemModstamp DESC LIMIT 1';
    const res = await api(instance, token, '/composite', { method: 'POST', body: { compositeRequest: [subquery('all', 'queryAll', soql), subquery('live', 'query', soql)] } });
    const [all, live] = (res.body as Composite).compositeResponse;
    expect((all!.body as { records: Array<{ Id: string }> }).records[0]!.Id).toBe(contact!.Id);
    expect((live!.body as { records: Array<{ Id: string }> }).records[0]!.Id).not.toBe(contact!.Id);
  });

  it('answers a bad or unsupported subrequest with its own error, and a malformed request with 400', async () => {
    const res = await api(instance, token, '/composite', {
      method: 'POST',
      body: { compositeRequest: [subquery('bad', 'query', 'SELECT Nope FROM Contact'), { method: 'PATCH', url: '/services/data/v62.0/sobjects/Contact/003000000000001', referenceId: 'write' }] },
    });
    expect(res.status).toBe(200);
    const [bad, write] = (res.body as Composite).compositeResponse;
    expect([bad!.httpStatusCode, (bad!.body as Array<{ errorCode: string }>)[0]!.errorCode]).toEqual([400, 'INVALID_FIELD']);
    expect([write!.httpStatusCode, (write!.body as Array<{ errorCode: string }>)[0]!.errorCode]).toEqual([400, 'NOT_SUPPORTED']);

    const tooManyQueries = Array.from({ length: 6 }, (_, i) => subquery(`q${i}`, 'query', 'SELECT Id FROM Contact LIMIT 1'));
    expect((await api(instance, token, '/composite', { method: 'POST', body: { compositeRequest: tooManyQueries } })).status).toBe(400);
    expect((await api(instance, token, '/composite', { method: 'POST', body: { compositeRequest: [] } })).status).toBe(400);
  });
});
