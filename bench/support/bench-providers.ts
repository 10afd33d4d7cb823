import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HUBSPOT_DEFAULT_APP, HUBSPOT_DEFAULT_PORTAL, startHubSpotSandbox, startZohoSandbox, zohoAccountsServerUrl } from '@voiceagent/crm-sandbox';
import { startEmbeddedPostgres } from '@voiceagent/backend/db/embedded-postgres';
import { approveConsent } from '@voiceagent/backend/test-support/sandbox-consent';
import { createTestBrowser } from '@voiceagent/backend/test-support/test-browser';

// The backend package's folder, found through the workspace dependency (src/worker.ts → ../..).
const BACKEND_DIR = fileURLToPath(new URL('../', import.meta.resolve('@voiceagent/backend/worker')));

export type BenchProviders = Awaited<ReturnType<typeof startBenchProviders>>;

/**
 * What the sync and write-back benchmarks run against: a database (DATABASE_URL or an embedded
 * one), a Zoho and a HubSpot sandbox configured as the product's real provider apps (HubSpot at
 * its published 100 requests / 10 s), and the environment that points the product at them.
 */
export async function startBenchProviders(options: { name: string; zohoContacts: number; hubspotContacts: number; zohoApp: { clientId: string; clientSecret: string } }) {
  const dataDir = await mkdtemp(path.join(tmpdir(), `voiceagent-bench-${options.name}-`));
  const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres') });
  const databaseUrl = process.env.DATABASE_URL ?? embedded!.connectionString;
  const zoho = await startZohoSandbox({ apps: [], accounts: [{ name: 'Bench Zoho', dataCentre: 'us', contactCount: options.zohoContacts, edition: 'ultimate' }] });
  const hubspot = await startHubSpotSandbox({
    defaultApp: { ...HUBSPOT_DEFAULT_APP, redirectUris: [] },
    defaultPortal: { ...HUBSPOT_DEFAULT_PORTAL, contactCount: options.hubspotContacts },
  });
  const providerEnv = {
    HUBSPOT_CLIENT_ID: HUBSPOT_DEFAULT_APP.clientId!,
    HUBSPOT_CLIENT_SECRET: HUBSPOT_DEFAULT_APP.clientSecret!,
    HUBSPOT_API_URL: hubspot.url,
    HUBSPOT_AUTHORIZE_URL: `${hubspot.url}/oauth/authorize`,
    ZOHO_CLIENT_ID: options.zohoApp.clientId,
    ZOHO_CLIENT_SECRET: options.zohoApp.clientSecret,
    ZOHO_ACCOUNTS_URL: zohoAccountsServerUrl(zoho.url, 'us'),
    CRM_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  return {
    dataDir,
    zoho,
    hubspot,
    providerEnv,
    /** Registers the bench's Zoho app once the product's callback URL is known. */
    registerZohoApp(productUrl: string) {
      zoho.admin.createApp({ name: `${options.name} bench`, redirectUris: [`${productUrl}/api/v1/crm/zoho/callback`], ...options.zohoApp });
    },
    async stop(): Promise<void> {
      await Promise.all([zoho.close(), hubspot.close()]);
      await embedded?.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** `pnpm worker` as its own process, as production runs it. */
export function startBenchWorker(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], { cwd: BACKEND_DIR, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  return {
    /** VmRSS: the resident memory now. */
    async rssKb(): Promise<number> {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    },
    /** VmHWM: the most resident memory the process has had. */
    async rssPeakKb(): Promise<number> {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
      return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    },
    async stop(): Promise<void> {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Connects a CRM through its consent page as a browser would: the callback completes only in the
 * browser that started the flow, so one cookie jar carries the start and the callback.
 */
export async function connectBenchCrm(productUrl: string, token: string, platform: 'hubspot' | 'zoho' | 'salesforce'): Promise<void> {
  const browser = createTestBrowser();
  const start = await browser.fetch(`${productUrl}/api/v1/crm/${platform}/oauth`, { headers: { authorization: `Bearer ${token}` } });
  const { url } = (await start.json()) as { url: string };
  const callback = await approveConsent(url, platform === 'zoho' ? { zohoDataCentre: 'us' } : {});
  const landing = await browser.fetch(callback, { redirect: 'manual' });
  if (!landing.headers.get('location')?.includes(`connected=${platform}`)) throw new Error(`connecting ${platform} failed: ${landing.headers.get('location')}`);
}
