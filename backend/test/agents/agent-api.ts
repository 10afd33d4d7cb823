import type { TAgentContact, TAgentContactListResponse, TCreateAgentBody, TCreateAgentResponse } from '@voiceagent/shared';

export type ApiResponse = { status: number; body: unknown };

/** The agents API as one user sees it (by their Authorization header). */
export function createAgentsApi(baseUrl: string, authorization: { authorization: string }) {
  async function call(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<ApiResponse> {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { ...authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  }

  /** POST /agents expecting 201. */
  async function createAgent(body: TCreateAgentBody): Promise<TCreateAgentResponse> {
    const { status, body: created } = await call('POST', '/agents', body);
    if (status !== 201) throw new Error(`POST /agents → ${status}: ${JSON.stringify(created)}`);
    return created as TCreateAgentResponse;
  }

  /** Every contact of an agent's snapshot, following nextCursor with pages of `limit`. */
  async function listAllAgentContacts(agentId: string, limit = 50): Promise<{ pages: TAgentContact[][] }> {
    const pages: TAgentContact[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const { status, body } = await call('GET', `/agents/${agentId}/contacts?${query}`);
      if (status !== 200) throw new Error(`GET /agents/${agentId}/contacts → ${status}: ${JSON.stringify(body)}`);
      const page = body as TAgentContactListResponse;
      pages.push(page.items);
      cursor = page.nextCursor;
      if (pages.length > 1000) throw new Error('paging does not end');
    } while (cursor);
    return { pages };
  }

  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown) => call('POST', path, body),
    patch: (path: string, body: unknown) => call('PATCH', path, body),
    createAgent,
    listAllAgentContacts,
  };
}

export type AgentsApi = ReturnType<typeof createAgentsApi>;

/** The fields every test agent needs besides its contacts. */
export const agentFields = (name = 'Renewal caller') => ({
  name,
  voice: 'sage' as const,
  greeting: 'Hi, this is Sage from Acme.',
  instructions: 'Ask whether they want to renew.',
});
