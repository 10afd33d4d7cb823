import type { TFilterNode } from '@voiceagent/shared';
import { describe, expect, it } from 'vitest';
import { createApiClient } from '../api-client';
import { fetchContactList, type ContactListRequest } from './list-contacts';

const emptyList = { view: 'unified', items: [], nextCursor: null, counts: { byPlatform: {}, total: 0, isEstimate: false } };

/** An API client whose fetch records what it was asked and answers an empty list. */
function recordingApi() {
  const requests: { method: string; url: URL; body: unknown }[] = [];
  const api = createApiClient({
    getAccessToken: async () => 'token',
    baseUrl: 'http://api.test',
    fetch: async (input, init) => {
      requests.push({ method: init?.method ?? 'GET', url: new URL(String(input)), body: init?.body ? JSON.parse(String(init.body)) : undefined });
      return new Response(JSON.stringify(emptyList), { status: 200, headers: { 'Content-Type': 'application/json' } });
    },
  });
  return { api, requests };
}

const base: ContactListRequest = { view: 'unified', sort: 'name', limit: 100, cursor: null, platforms: ['hubspot'], q: 'ada', callable: true, objectType: null, where: null };

describe('fetchContactList', () => {
  it('sends a short tree as the where parameter of GET /crm/contacts', async () => {
    const { api, requests } = recordingApi();
    const where: TFilterNode = { field: 'lifecycleStage', operator: 'eq', value: 'customer' };
    await fetchContactList(api, { ...base, where });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.method).toBe('GET');
    expect(requests[0]!.url.pathname).toBe('/api/v1/crm/contacts');
    expect(JSON.parse(requests[0]!.url.searchParams.get('where')!)).toEqual(where);
    expect(requests[0]!.url.searchParams.get('callable')).toBe('true');
  });

  it('sends a tree too long for a URL to POST /crm/contacts/query with the other filters', async () => {
    const { api, requests } = recordingApi();
    const where: TFilterNode = { field: 'company', operator: 'in', value: Array.from({ length: 400 }, (_, i) => `Company ${i}`) };
    await fetchContactList(api, { ...base, where, cursor: 'next' });
    expect(requests[0]!.method).toBe('POST');
    expect(requests[0]!.url.pathname).toBe('/api/v1/crm/contacts/query');
    expect(requests[0]!.body).toEqual({ view: 'unified', sort: 'name', limit: 100, cursor: 'next', platform: ['hubspot'], q: 'ada', callable: true, where });
  });
});
