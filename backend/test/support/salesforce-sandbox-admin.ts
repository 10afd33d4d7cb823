import { expect } from 'vitest';
import { sandboxOriginOf } from './run-mode-sandboxes';
import type { TestProduct } from './start-test-product';

export type SalesforceTask = Record<string, unknown> & { Id: string; WhoId: string | null };

/** The admin API of the Salesforce sandbox the product started in run mode (`/_admin` on its login host). */
export type SalesforceSandboxAdmin = {
  addFault(rule: Record<string, unknown>): Promise<void>;
  listFaults(): Promise<unknown[]>;
  clearFaults(): Promise<void>;
  /** Requests per endpoint ("POST /services/data/vXX.X/composite/sobjects"). */
  requests(): Promise<Record<string, number>>;
  /** Every Task of the org, as its REST API would serve it. */
  tasks(orgId: string): Promise<SalesforceTask[]>;
  /** Ends every session of the org: the next call with a held access token gets 401 INVALID_SESSION_ID. */
  expireAccessTokens(orgId: string): Promise<number>;
};

export function salesforceSandboxAdmin(product: TestProduct): SalesforceSandboxAdmin {
  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${sandboxOriginOf(product, 'salesforce')}/_admin${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, `${method} /_admin${path}`).toBeLessThan(300);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  return {
    addFault: (rule) => admin('POST', '/faults', rule),
    listFaults: () => admin('GET', '/faults'),
    clearFaults: () => admin('DELETE', '/faults'),
    requests: async () => (await admin<{ requests: Record<string, number> }>('GET', '/counters')).requests,
    tasks: (orgId) => admin('GET', `/orgs/${orgId}/tasks`),
    expireAccessTokens: async (orgId) => (await admin<{ expired: number }>('POST', `/orgs/${orgId}/tokens/expire`, {})).expired,
  };
}
