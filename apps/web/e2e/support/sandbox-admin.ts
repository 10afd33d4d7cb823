/**
 * The sandbox HubSpot's admin API (/__sandbox), reached at the origin of its consent page: the
 * product starts the sandbox itself on a port only the consent redirect reveals.
 */
export type HubSpotSandboxAdmin = {
  /** Every contacts request waits this long first, so a sync lasts long enough to watch. */
  slowDownContacts: (latencyMs: number) => Promise<void>;
  /** Every contacts request answers 500, as during a HubSpot outage. */
  failContacts: () => Promise<void>;
  clearFaults: () => Promise<void>;
  /** As if the person removed the app in HubSpot: every access and refresh token stops working. */
  revokeAllTokens: () => Promise<void>;
  /** As if someone edited contacts in HubSpot: sets these properties (firstname, lastname, …) on the contacts with these ids in the portal. */
  editContacts: (portalId: string, ids: string[], properties: Record<string, string>) => Promise<void>;
};

export function hubspotSandboxAdmin(sandboxUrl: string): HubSpotSandboxAdmin {
  const call = async (method: 'POST' | 'DELETE', path: string, body?: unknown) => {
    const response = await fetch(`${sandboxUrl}/__sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status} ${await response.text()}`);
  };
  return {
    slowDownContacts: (latencyMs) => call('POST', '/faults', { kind: 'latency', latencyMs, pathPrefix: '/crm/v3/objects/contacts' }),
    failContacts: () => call('POST', '/faults', { kind: 'status', status: 500, pathPrefix: '/crm/v3/objects/contacts' }),
    clearFaults: () => call('DELETE', '/faults'),
    revokeAllTokens: () => call('POST', '/tokens/revoke', {}),
    editContacts: (portalId, ids, properties) => call('POST', `/accounts/${encodeURIComponent(portalId)}/contacts/modify`, { ids, properties }),
  };
}

/**
 * The sandbox Salesforce's admin API (/_admin on its production login host, the origin of its
 * consent page), for what the org itself holds: the numbers the CRM screen must agree with.
 */
export async function countSalesforceRecords(loginOrigin: string, orgName: string): Promise<{ contacts: number; leads: number }> {
  const admin = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${loginOrigin}/_admin${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`sandbox Salesforce ${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const orgs = await admin<Array<{ id: string; name: string }>>('GET', '/orgs');
  const org = orgs.find((candidate) => candidate.name === orgName);
  if (!org) throw new Error(`the sandbox Salesforce has no org ${orgName} (it has ${orgs.map((o) => o.name).join(', ')})`);
  const token = await admin<{ access_token: string; instance_url: string }>('POST', `/orgs/${org.id}/tokens`, {});
  // Counted as any API client would, by SOQL: converted leads and deleted records are not the org's live people.
  const count = async (soql: string) => {
    const response = await fetch(`${token.instance_url}/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, { headers: { Authorization: `Bearer ${token.access_token}` } });
    if (!response.ok) throw new Error(`sandbox Salesforce ${soql}: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { totalSize: number }).totalSize;
  };
  return { contacts: await count('SELECT COUNT() FROM Contact'), leads: await count('SELECT COUNT() FROM Lead WHERE IsConverted = false') };
}
