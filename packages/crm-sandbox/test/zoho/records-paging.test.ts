import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, startHarness } from './sandbox-harness';
import type { Harness } from './sandbox-harness';

let h: Harness;
let accountId: string;
let apiDomain: string;
let token: string;
const get = (path: string, headers?: Record<string, string>) => api(apiDomain, token, path, { headers });

beforeAll(async () => {
  h = await startHarness({ accounts: [{ name: 'Paging Org', dataCentre: 'us', contactCount: 2537 }] });
  accountId = h.admin.listAccounts()[0]?.id ?? '';
});
// A fresh token per test: one test moves the clock a day ahead.
beforeEach(() => {
  const minted = h.admin.mintToken(accountId);
  apiDomain = minted.api_domain;
  token = minted.access_token;
});
afterAll(() => h.close());

describe('GET /crm/v8/Contacts paging', () => {
  it('visits every record exactly once: page up to 2,000 records, then page_token', async () => {
    const seen: string[] = [];
    let nextToken: string | null = null;
    for (let page = 1; page <= 10; page++) {
      const res = await get(`/crm/v8/Contacts?fields=Last_Name,Email&per_page=200&page=${page}`);
      expect(res.status).toBe(200);
      expect(res.body.info).toMatchObject({ per_page: 200, count: 200, page, more_records: true, sort_by: 'id', sort_order: 'desc' });
      seen.push(...res.body.data.map((record: { id: string }) => record.id));
      nextToken = res.body.info.next_page_token;
    }
    expect(nextToken).toEqual(expect.any(String));
    let pages = 10;
    while (nextToken) {
      const res = await get(`/crm/v8/Contacts?fields=Last_Name,Email&per_page=200&page_token=${encodeURIComponent(nextToken)}`);
      expect(res.status).toBe(200);
      pages++;
      expect(res.body.info.page).toBe(pages);
      seen.push(...res.body.data.map((record: { id: string }) => record.id));
      nextToken = res.body.info.next_page_token;
      if (!res.body.info.more_records) expect(nextToken).toBeNull();
    }
    expect(seen).toHaveLength(2537);
    expect(new Set(seen).size).toBe(2537);
    // Default order: id descending.
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it('refuses page beyond the first 2,000 records with DISCRETE_PAGINATION_LIMIT_EXCEEDED', async () => {
    const res = await get('/crm/v8/Contacts?fields=Last_Name&per_page=200&page=11');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      code: 'DISCRETE_PAGINATION_LIMIT_EXCEEDED',
      details: { limit: 2000 },
      message: 'You can only get the first 2000 records without using page_token param.',
      status: 'error',
    });
  });

  it('returns only the requested fields, plus id, in Zoho’s record shape', async () => {
    const res = await get('/crm/v8/Contacts?fields=Full_Name,Owner,Modified_Time,Account_Name&per_page=5&sort_by=Modified_Time&sort_order=asc');
    expect(res.body.data).toHaveLength(5);
    for (const record of res.body.data) {
      expect(Object.keys(record).sort()).toEqual(['Account_Name', 'Full_Name', 'Modified_Time', 'Owner', 'id']);
      expect(record.id).toMatch(/^\d{19}$/);
      expect(record.Modified_Time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-07:00$/);
      expect(record.Owner).toEqual({ name: expect.any(String), id: expect.stringMatching(/^\d{19}$/), email: expect.any(String) });
    }
  });

  it('sorts by Modified_Time and Created_Time in either direction and pages through ties consistently', async () => {
    for (const sortBy of ['Modified_Time', 'Created_Time']) {
      for (const order of ['asc', 'desc']) {
        const ids = new Set<string>();
        const times: number[] = [];
        let url = `/crm/v8/Contacts?fields=${sortBy}&per_page=200&sort_by=${sortBy}&sort_order=${order}`;
        for (;;) {
          const res = await get(url);
          for (const record of res.body.data) {
            ids.add(record.id);
            times.push(Date.parse(record[sortBy]));
          }
          if (!res.body.info.next_page_token) break;
          url = `/crm/v8/Contacts?fields=${sortBy}&per_page=200&sort_by=${sortBy}&sort_order=${order}&page_token=${encodeURIComponent(res.body.info.next_page_token)}`;
        }
        expect(ids.size).toBe(2537);
        const sorted = [...times].sort((a, b) => (order === 'asc' ? a - b : b - a));
        expect(times).toEqual(sorted);
      }
    }
  });

  it('gives a previous_page_token that returns the page before', async () => {
    const first = await get('/crm/v8/Contacts?fields=Last_Name&per_page=50&sort_by=Modified_Time&sort_order=asc');
    const second = await get(`/crm/v8/Contacts?fields=Last_Name&per_page=50&sort_by=Modified_Time&sort_order=asc&page_token=${encodeURIComponent(first.body.info.next_page_token)}`);
    expect(first.body.info.previous_page_token).toBeNull();
    expect(second.body.info.page).toBe(2);
    const back = await get(`/crm/v8/Contacts?fields=Last_Name&per_page=50&sort_by=Modified_Time&sort_order=asc&page_token=${encodeURIComponent(second.body.info.previous_page_token)}`);
    expect(back.body.info.page).toBe(1);
    expect(back.body.data.map((r: { id: string }) => r.id)).toEqual(first.body.data.map((r: { id: string }) => r.id));
  });

  it('refuses a page_token used with other parameters, together with page, forged or expired', async () => {
    const first = await get('/crm/v8/Contacts?fields=Last_Name&per_page=100');
    const pageToken = encodeURIComponent(first.body.info.next_page_token);
    const altered = await get(`/crm/v8/Contacts?fields=Last_Name,Email&per_page=100&page_token=${pageToken}`);
    expect(altered.status).toBe(400);
    expect(altered.body).toMatchObject({ code: 'TOKEN_BOUND_DATA_MISMATCH', details: { param_name: 'page_token' }, status: 'error' });
    const both = await get(`/crm/v8/Contacts?fields=Last_Name&per_page=100&page=2&page_token=${pageToken}`);
    expect(both.body).toMatchObject({ code: 'AMBIGUITY_DURING_PROCESSING', details: { ambiguity_due_to: [{ param_name: 'page' }, { param_name: 'page_token' }] } });
    const forged = await get(`/crm/v8/Contacts?fields=Last_Name&per_page=100&page_token=${pageToken.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))}`);
    expect(forged.body).toMatchObject({ code: 'INVALID_DATA', details: { param_name: 'page_token' } });
    expect(first.body.info.page_token_expiry).toMatch(/-07:00$/);
    h.clock.advance(86_400_000);
    token = h.admin.mintToken(accountId).access_token;
    const expired = await get(`/crm/v8/Contacts?fields=Last_Name&per_page=100&page_token=${pageToken}`);
    expect(expired.body).toMatchObject({ code: 'EXPIRED_VALUE', details: { param_name: 'page_token' } });
  });

  it('validates fields, per_page, sort_by and sort_order as Zoho does', async () => {
    expect((await get('/crm/v8/Contacts')).body).toEqual({ code: 'REQUIRED_PARAM_MISSING', details: { param_name: 'fields' }, message: 'One of the expected parameter is missing', status: 'error' });
    expect((await get('/crm/v8/Contacts?fields=Last_Name&per_page=201')).body).toMatchObject({ code: 'INVALID_DATA', details: { param_name: 'per_page' } });
    expect((await get('/crm/v8/Contacts?fields=Last_Name&sort_by=Email')).body).toMatchObject({
      code: 'INVALID_DATA',
      details: { param_name: 'sort_by', supported_values: ['id', 'Created_Time', 'Modified_Time'] },
    });
    expect((await get('/crm/v8/Contacts?fields=Last_Name&sort_order=up')).body).toMatchObject({ code: 'INVALID_DATA', details: { param_name: 'sort_order' } });
    expect((await get('/crm/v8/Contacts?fields=Nope')).body).toMatchObject({ code: 'INVALID_DATA', details: { param_name: 'fields', api_name: 'Nope' } });
    const tooMany = Array.from({ length: 51 }, (_, i) => `F${i}`).join(',');
    expect((await get(`/crm/v8/Contacts?fields=${tooMany}`)).body).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 50, param_name: 'fields' } });
    expect((await get('/crm/v8/Leads?fields=Last_Name')).body).toMatchObject({ code: 'INVALID_MODULE', details: { resource_path_index: 0 } });
  });
});

describe('page_token chain limit', () => {
  it('stops a chain of page tokens at the configured record limit with PAGINATION_LIMIT_EXCEEDED', async () => {
    const small = await startHarness({ accounts: [{ name: 'Chain', dataCentre: 'us', contactCount: 700 }], limits: { pageTokenMaxRecords: 500 } });
    try {
      const minted = small.admin.mintToken(small.admin.listAccounts()[0]?.id ?? '');
      let url = '/crm/v8/Contacts?fields=Last_Name&per_page=200';
      let served = 0;
      let last;
      for (;;) {
        last = await api(minted.api_domain, minted.access_token, url);
        if (last.status !== 200) break;
        served += last.body.data.length;
        url = `/crm/v8/Contacts?fields=Last_Name&per_page=200&page_token=${encodeURIComponent(last.body.info.next_page_token)}`;
      }
      expect(served).toBe(500);
      expect(last.body).toEqual({ code: 'PAGINATION_LIMIT_EXCEEDED', details: { param_name: 'page_token' }, message: 'You can only get up to first 500 records using page_token param.', status: 'error' });
    } finally {
      await small.close();
    }
  });
});

describe('a 1,000,000-contact org', () => {
  it('serves pages by page_token and by Modified_Time without building the org', async () => {
    const big = await startHarness({ accounts: [{ name: 'Huge', dataCentre: 'eu', contactCount: 1_000_000 }] });
    try {
      const minted = big.admin.mintToken(big.admin.listAccounts()[0]?.id ?? '');
      const started = performance.now();
      const byId = await api(minted.api_domain, minted.access_token, '/crm/v8/Contacts?fields=Last_Name,Email,Phone&per_page=200');
      expect(byId.body.data).toHaveLength(200);
      const deep = await api(minted.api_domain, minted.access_token, `/crm/v8/Contacts?fields=Last_Name,Email,Phone&per_page=200&page_token=${encodeURIComponent(byId.body.info.next_page_token)}`);
      expect(deep.body.info.page).toBe(2);
      const byTime = await api(minted.api_domain, minted.access_token, '/crm/v8/Contacts?fields=Modified_Time&per_page=100&sort_by=Modified_Time&sort_order=asc', {
        headers: { 'If-Modified-Since': '2025-12-31T00:00:00+00:00' },
      });
      expect(byTime.status).toBe(200);
      for (const record of byTime.body.data) expect(Date.parse(record.Modified_Time)).toBeGreaterThanOrEqual(Date.parse('2025-12-31T00:00:00Z'));
      expect(big.admin.listAccounts()[0]?.contactCount).toBe(1_000_000);
      // Generating a million people takes about a minute; sorted timestamps take well under a few seconds.
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      await big.close();
    }
  });
});
