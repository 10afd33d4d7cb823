import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../../src/http/app-error';
import type { ConnectionInfo, ProviderSession, TokenSet } from '../../../src/crm/crm-service';
import type { ProviderHttpSettings } from '../../../src/crm/provider-http/provider-http-client';

/** Retries that take milliseconds, so a test of five retries stays well under a second. */
export const FAST_HTTP: Partial<ProviderHttpSettings> = { timeoutMs: 2000, retries: 3, baseDelayMs: 5, maxDelayMs: 50 };

export type TestSession = ProviderSession & {
  /** The stale tokens refreshAccessToken was called with, in order. */
  refreshCalls: string[];
  currentToken(): string;
};

/**
 * What the credentials module gives a provider client, minus the database: the current token,
 * and a refresh that replaces it unless someone already did. `refresh` is the provider's.
 */
export function createTestSession(connection: ConnectionInfo, accessToken: string, refresh: () => Promise<Pick<TokenSet, 'accessToken'>>): TestSession {
  let token = accessToken;
  const refreshCalls: string[] = [];
  return {
    connection,
    refreshCalls,
    currentToken: () => token,
    getAccessToken: async () => token,
    async refreshAccessToken(staleToken) {
      refreshCalls.push(staleToken);
      if (staleToken !== token) return token;
      token = (await refresh()).accessToken;
      return token;
    },
  };
}

/** The AppError a promise rejects with (failing the test if it resolves or throws something else). */
export async function rejectionOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the call to fail with an AppError');
}

export type RecordedRequest = { method: string; url: string; at: number; body: string };
export type ScriptedServer = { url: string; requests: RecordedRequest[]; close(): Promise<void> };

/**
 * A real HTTP server answering each request with the next step of a script (the last step repeats),
 * for what neither sandbox does: Retry-After headers, and a stranger's host receiving requests.
 */
export async function startScriptedServer(steps: Array<(res: ServerResponse) => void>): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', at: Date.now(), body });
      const step = steps[Math.min(requests.length - 1, steps.length - 1)];
      step?.(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): (res: ServerResponse) => void {
  return (res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
}
