import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { TAgentDetail, ZCreateAgentBody } from '../agents';
import { buildEndpointPath, type EndpointInput, type EndpointParsedInput, type EndpointResult } from './endpoint';
import { ENDPOINT_LIST, endpoints } from './endpoints';
import { ERROR_STATUS, ZApiError } from './error-codes';

describe('the endpoint table', () => {
  it('names each operation once, and each method and path once', () => {
    const ids = ENDPOINT_LIST.map((endpoint) => endpoint.operationId);
    const routes = ENDPOINT_LIST.map((endpoint) => `${endpoint.method} ${endpoint.path}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(routes).size).toBe(routes.length);
    for (const [name, endpoint] of Object.entries(endpoints)) expect(endpoint.operationId).toBe(name);
  });

  it('lists every endpoint in ENDPOINT_LIST, the document order', () => {
    expect(new Set(ENDPOINT_LIST)).toEqual(new Set(Object.values(endpoints)));
    expect(ENDPOINT_LIST).toHaveLength(Object.values(endpoints).length);
  });

  it('declares a path parameter schema exactly for the parameters its path has', () => {
    for (const endpoint of ENDPOINT_LIST) {
      const inPath = [...endpoint.path.matchAll(/:(\w+)/g)].map((match) => match[1]).sort();
      const declared = Object.keys(endpoint.request.params?.shape ?? {}).sort();
      expect({ operation: endpoint.operationId, params: declared }).toEqual({ operation: endpoint.operationId, params: inPath });
    }
  });

  it('lists only error codes the contract knows', () => {
    for (const endpoint of ENDPOINT_LIST) for (const code of endpoint.errors) expect(ERROR_STATUS).toHaveProperty(code);
  });

  it('types a call from the declaration: what the client sends and what it gets back', () => {
    expectTypeOf<EndpointInput<typeof endpoints.createAgent>['body']>().toEqualTypeOf<z.input<typeof ZCreateAgentBody>>();
    expectTypeOf<EndpointResult<typeof endpoints.getAgent>>().toEqualTypeOf<TAgentDetail>();
    expectTypeOf<EndpointParsedInput<typeof endpoints.getAgent>['params']>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<EndpointInput<typeof endpoints.listCrmCredentials>['body']>().toEqualTypeOf<undefined>();
  });
});

describe('buildEndpointPath', () => {
  it('fills and percent-encodes path parameters', () => {
    expect(buildEndpointPath('/api/v1/crm/:platform/contacts', { platform: 'zoho' })).toBe('/api/v1/crm/zoho/contacts');
    expect(buildEndpointPath('/api/v1/agents/:id', { id: 'a b/c' })).toBe('/api/v1/agents/a%20b%2Fc');
  });

  it('refuses a missing parameter instead of calling a wrong URL', () => {
    expect(() => buildEndpointPath('/api/v1/agents/:id', {})).toThrow(/missing path parameter "id"/);
  });
});

describe('ZApiError', () => {
  it('accepts the codes of the contract and refuses others', () => {
    expect(ZApiError.safeParse({ error: { code: 'crm_not_connected', message: 'x' } }).success).toBe(true);
    expect(ZApiError.safeParse({ error: { code: 'made_up', message: 'x' } }).success).toBe(false);
  });
});
