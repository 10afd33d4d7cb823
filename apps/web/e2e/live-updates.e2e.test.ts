import { ZContactListResponse, ZCrmCredentialsResponse, ZSyncRun, ZSyncStartResponse } from '@voiceagent/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, getAccessToken, uniqueEmail } from './support/accounts';
import { createApi } from './support/api-client';
import { launchChromium } from './support/chromium';
import { contactsList, platformCard, toast } from './support/crm-pages';
import { connectAndWaitForFirstSyncs } from './support/crm-syncs';
import { usePagePerTest } from './support/page-per-test';
import { startProduct, type Product } from './support/product';
import { hubspotSandboxAdmin } from './support/sandbox-admin';
import { signInThroughForm } from './support/sign-in';

/**
 * The live stream in the browser: with the contacts screen open, a contact edited at the sandbox
 * HubSpot shows its new name without a reload, without a sync and without the page polling (the
 * sandbox's webhook, applied by the drain, announced on the stream); then a sync's progress bar
 * moves from stream events.
 */
let product: Product;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [product, browser] = await Promise.all([startProduct({ env: { CRM_SANDBOX_CONTACTS: '30' } }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

usePagePerTest({ label: 'live-updates', product: () => product, browser: () => browser, onPage: (created) => (page = created), viewport: { width: 1280, height: 900 } });

type Seen = { at: number; what: string };

describe('live updates on the contacts screen', () => {
  it('shows a contact edited at the CRM by its webhook, without a reload, a sync or polling, and moves a sync\'s progress bar from stream events', async () => {
    const email = uniqueEmail('live');
    await createAccount(product.url, email);
    const api = createApi(product.url, await getAccessToken(product.url, email));
    await signInThroughForm(page, email, '/crm');
    const { hubspotSandboxUrl } = await connectAndWaitForFirstSyncs(page, product.url, api, ['HubSpot']);
    const { connections } = await api('/crm/credentials', ZCrmCredentialsResponse);
    const portalId = connections.find((connection) => connection.platform === 'hubspot')!.accountId!;
    const list = await api('/crm/contacts?platform=hubspot&limit=1', ZContactListResponse);
    if (list.view !== 'unified') throw new Error('expected the unified view');
    const contact = list.items[0]!;

    // What the page receives on its stream (Chromium's own record of EventSource messages) and asks for.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const received: Seen[] = [];
    cdp.on('Network.eventSourceMessageReceived', (message) => received.push({ at: Date.now(), what: message.eventName }));
    const requested: Seen[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/v1/crm/contacts' || url.pathname === '/api/v1/crm/contacts/query') requested.push({ at: Date.now(), what: 'contacts list' });
      else if (url.pathname.startsWith('/api/v1/crm/sync/runs/')) requested.push({ at: Date.now(), what: 'sync run' });
    });
    const navigations: Seen[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push({ at: Date.now(), what: frame.url() });
    });
    await page.getByRole('status', { name: 'Live updates on' }).waitFor();
    await contactsList(page).getByRole('listitem').first().waitFor();

    // The edit reaches the open screen by the CRM's webhook alone: no sync is started.
    const sandbox = hubspotSandboxAdmin(hubspotSandboxUrl);
    const newName = { first: `Livia${Date.now() % 100_000}`, last: 'Aaltonen' };
    const editedAt = Date.now();
    await sandbox.editContacts(portalId, [contact.externalId], { firstname: newName.first, lastname: newName.last });
    await contactsList(page).getByText(new RegExp(newName.first)).waitFor({ timeout: 60_000 });
    const shownAt = Date.now();
    const beforeSync = received.filter((event) => event.at >= editedAt && event.at <= shownAt);
    expect(beforeSync.some((event) => event.what === 'contacts_changed')).toBe(true);
    expect(beforeSync.filter((event) => event.what === 'sync_run')).toEqual([]);

    // A sync slow enough that a polling page would have asked several times while it runs.
    await sandbox.slowDownContacts(1_500);
    const syncStartedAt = Date.now();
    const { runId } = await api('/crm/hubspot/sync', ZSyncStartResponse, { method: 'POST' });

    // The bar: it shows the run and moves past "waiting" with counts read, and the run ends.
    const bar = platformCard(page, 'HubSpot').getByRole('progressbar');
    await bar.waitFor();
    const barTexts = new Set<string>();
    const watchBar = setInterval(() => void bar.getAttribute('aria-valuetext', { timeout: 500 }).then((text) => text && barTexts.add(text), () => undefined), 100);
    // Every request of the run waits 1.5 s at the sandbox; a loaded machine adds to that (quietly the
    // run takes about 5 s; two clean-clone CI runs went past 113 s and 120 s, cause unknown: the
    // message below says whether the run or the page was behind).
    await toast(page, 'HubSpot sync finished').waitFor({ timeout: 240_000 }).catch(async (error: unknown) => {
      // Which side stalled: the run itself, or the page that should have heard it end.
      const run = await api(`/crm/sync/runs/${runId}`, ZSyncRun);
      const shown = await bar.getAttribute('aria-valuetext', { timeout: 1_000 }).catch(() => 'no bar');
      throw new Error(`no "HubSpot sync finished" toast; the run is ${run.status} (${JSON.stringify(run.counts)}, pages ${run.pagesDone}, started ${run.startedAt}, finished ${run.finishedAt}, error ${JSON.stringify(run.error)}); the bar says ${shown}; stream events seen: ${received.length}`, { cause: error });
    });
    clearInterval(watchBar);
    await sandbox.clearFaults();
    const doneAt = Date.now();
    console.log(`the slowed sync: started → "finished" toast in ${doneAt - syncStartedAt} ms`);

    // Nothing reloaded or moved the page from the edit on (the connect flow's own URL clean-up came before).
    expect(navigations.filter((navigation) => navigation.at >= editedAt)).toEqual([]);
    expect([...barTexts].some((text) => /\bread\b/.test(text)), [...barTexts].join(' | ')).toBe(true);
    const during = (seen: Seen[]) => seen.filter((item) => item.at >= editedAt && item.at <= doneAt);
    const events = during(received);
    expect(events.filter((event) => event.what === 'sync_run').length).toBeGreaterThanOrEqual(2);
    expect(events.some((event) => event.what === 'contacts_changed')).toBe(true);
    // No polling: the run was read at most once as its bar appeared and once as it ended (the
    // stream carried its progress), and every read of the list followed an event that asked for it.
    const reads = during(requested);
    expect(reads.filter((read) => read.what === 'sync run').length).toBeLessThanOrEqual(2);
    const listReads = reads.filter((read) => read.what === 'contacts list');
    expect(listReads.length).toBeGreaterThanOrEqual(1);
    for (const read of listReads) {
      const cause = events.filter((event) => event.at <= read.at && event.at >= read.at - 3_000);
      expect(cause.length, `a contacts list read at +${read.at - editedAt} ms with no event in the 3 s before it`).toBeGreaterThan(0);
    }
    expect(listReads.length).toBeLessThanOrEqual(events.length);
  }, 480_000);

  it('reports a sync started elsewhere that ends while its bar is still being read', async () => {
    const email = uniqueEmail('live-quick');
    await createAccount(product.url, email);
    const api = createApi(product.url, await getAccessToken(product.url, email));
    await signInThroughForm(page, email, '/crm');
    const { hubspotSandboxUrl } = await connectAndWaitForFirstSyncs(page, product.url, api, ['HubSpot']);
    await page.getByRole('status', { name: 'Live updates on' }).waitFor();
    // The race a loaded machine makes, made every time: the connections are read only after the
    // run has ended, so they never name it, and every read of the run answers 3 s late (as the
    // server had it when asked). The page learns of the run from the stream alone, and must still
    // say how it ended. (Without following the stream's runs, this waited 180 s for its toast.)
    let reportEnded = () => {};
    const runEnded = new Promise<void>((resolve) => (reportEnded = resolve));
    await page.route(
      (url) => url.pathname === '/api/v1/crm/credentials',
      async (route) => {
        await runEnded;
        await route.continue().catch(() => undefined);
      },
    );
    await page.route(
      (url) => /^\/api\/v1\/crm\/sync\/runs\/[0-9a-f-]{36}$/.test(url.pathname),
      async (route) => {
        const response = await route.fetch();
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        await route.fulfill({ response }).catch(() => undefined);
      },
    );
    const sandbox = hubspotSandboxAdmin(hubspotSandboxUrl);
    await sandbox.slowDownContacts(500);
    const { runId } = await api('/crm/hubspot/sync', ZSyncStartResponse, { method: 'POST' });
    for (;;) {
      const run = await api(`/crm/sync/runs/${runId}`, ZSyncRun);
      if (run.status !== 'queued' && run.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    reportEnded();
    // Quietly a few seconds; a clean-clone run at full load went past 60 s.
    await toast(page, 'HubSpot sync finished').waitFor({ timeout: 180_000 });
    await sandbox.clearFaults();
  }, 400_000);
});
