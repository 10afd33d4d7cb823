import { listen } from '../common/listen';
import type { ZohoSandboxAdmin } from './admin';
import { createZohoSandbox } from './create-zoho-sandbox';
import type { ZohoSandboxOptions } from './types';

export type StartZohoSandboxOptions = ZohoSandboxOptions & { port?: number; host?: string };
export type RunningZohoSandbox = { url: string; admin: ZohoSandboxAdmin; close(): Promise<void> };

/** Starts the sandbox on loopback (port 0 picks a free port) and tells it its own URL. */
export async function startZohoSandbox(options: StartZohoSandboxOptions = {}): Promise<RunningZohoSandbox> {
  const { port, host, ...sandboxOptions } = options;
  const sandbox = createZohoSandbox(sandboxOptions);
  const server = await listen(sandbox.app, port ?? 0, host);
  const url = options.publicUrl ?? server.url;
  sandbox.admin.setPublicUrl(url);
  return { url, admin: sandbox.admin, close: server.close };
}
