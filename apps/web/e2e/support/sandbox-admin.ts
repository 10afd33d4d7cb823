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
  };
}
