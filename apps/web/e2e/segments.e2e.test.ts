import { readFile } from 'node:fs/promises';
import { ZAgentDetail, ZContactListResponse, ZSegmentListResponse, type TFilterNode, type TSegment } from '@voiceagent/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSeriousViolations } from './support/accessibility';
import { createAccount, getAccessToken, uniqueEmail } from './support/accounts';
import { launchChromium } from './support/chromium';
import { usePagePerTest } from './support/page-per-test';
import { startProduct, type Product } from './support/product';
import { saveScreenshot } from './support/screenshots';
import { createApi } from './support/api-client';
import { connectAndWaitForFirstSyncs } from './support/crm-syncs';
import { signInThroughForm } from './support/sign-in';

/**
 * Segments in the real product: both sandbox CRMs connected and synced, a segment made on the
 * Segments screen through SaveSegmentDialog, listed with the API's counts per CRM, opened on the
 * contacts screen, and an agent created from it.
 */
let product: Product;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [product, browser] = await Promise.all([startProduct({ env: { CRM_SANDBOX_CONTACTS: '40' } }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

usePagePerTest({ label: 'segments', product: () => product, browser: () => browser, onPage: (created) => (page = created), viewport: { width: 1280, height: 900 } });

/** Creates an agent on /agents/new whose contacts are the named segment's. */
async function createAgentFromSegment(name: string, segmentOption: RegExp): Promise<string> {
  await page.goto('/agents/new');
  await page.getByRole('heading', { level: 1, name: 'New agent' }).waitFor();
  await page.getByLabel(/^Name/).fill(name);
  await page.getByRole('textbox', { name: 'Voice' }).click();
  await page.getByRole('option', { name: /^Sage/ }).click();
  await page.getByRole('radiogroup', { name: 'Contact source' }).getByText('From a segment').click();
  await page.getByRole('textbox', { name: 'Segment' }).click();
  await page.getByRole('option', { name: segmentOption }).click();
  await page.getByRole('button', { name: 'Create agent' }).click();
  await page.waitForURL((url) => /^\/agents\/[0-9a-f-]{36}$/.test(url.pathname));
  return new URL(page.url()).pathname.split('/').at(-1)!;
}

describe('segments', () => {
  it('saves a filter as a segment, lists it with the API\'s counts per CRM, opens it and creates an agent from it', { timeout: 300_000 }, async () => {
    const email = uniqueEmail('segments');
    await createAccount(product.url, email);
    const api = createApi(product.url, await getAccessToken(product.url, email));

    // No segments yet: the screen says how to make one.
    await signInThroughForm(page, email, '/segments');
    await page.getByText('No segments yet').waitFor();
    const violations = await findSeriousViolations(page, '/segments (empty)');

    await page.goto('/crm');
    await connectAndWaitForFirstSyncs(page, product.url, api, ['HubSpot', 'Zoho CRM']);

    // New segment: HubSpot's callable contacts, through SaveSegmentDialog with its simple filter.
    await page.getByRole('link', { name: 'Segments' }).click();
    await page.waitForURL((url) => url.pathname === '/segments');
    await page.getByRole('button', { name: 'New segment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save as segment' });
    await dialog.getByLabel(/^Name/).fill('Callable in HubSpot');
    await dialog.getByLabel(/^Description/).fill('Everyone HubSpot lets us call');
    await dialog.getByRole('textbox', { name: 'CRMs' }).click();
    await page.getByRole('option', { name: 'HubSpot' }).click();
    await dialog.getByRole('textbox', { name: 'Phone' }).click();
    await page.getByRole('option', { name: 'Callable only' }).click();
    await saveScreenshot(page, 'segments-new');
    await dialog.getByRole('button', { name: 'Save segment' }).click();
    await dialog.waitFor({ state: 'detached' });

    // Listed with the counts the API gives, which are the contacts list's own.
    const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Callable in HubSpot' }) });
    await item.waitFor();
    const { items } = await api('/segments', ZSegmentListResponse);
    const segment = items.find((s) => s.name === 'Callable in HubSpot') as TSegment;
    const list = await api('/crm/contacts?platform=hubspot&callable=true&limit=1', ZContactListResponse);
    expect(segment.counts).toEqual(list.counts);
    const hubspotCount = segment.counts!.byPlatform.hubspot!;
    expect(hubspotCount).toBeGreaterThan(0);
    expect(await item.getByLabel('Matching contacts').textContent()).toBe(`${hubspotCount} contacts` + `HubSpot: ${hubspotCount}`);
    expect(await item.textContent()).toContain('Everyone HubSpot lets us call');
    await saveScreenshot(page, 'segments-list');
    violations.push(...(await findSeriousViolations(page, '/segments')));

    // Open: the contacts screen with the segment's filter in its URL.
    await item.getByRole('link', { name: 'Open Callable in HubSpot' }).click();
    await page.waitForURL((url) => url.pathname === '/crm');
    const opened = new URL(page.url());
    expect(Object.fromEntries(opened.searchParams)).toEqual({ platform: 'hubspot', callable: 'true' });

    // An agent from the segment: it takes the segment's callable contacts, and its page names the segment.
    const agentId = await createAgentFromSegment('HubSpot caller', new RegExp(`^Callable in HubSpot \\(${hubspotCount} contacts`));
    const agent = await api(`/agents/${agentId}`, ZAgentDetail);
    expect(agent).toMatchObject({ contactSource: 'segment', contactCount: hubspotCount, segment: { id: segment.id, name: 'Callable in HubSpot' } });
    const source = page.getByText(/match now/);
    await source.waitFor();
    expect(await source.textContent()).toContain(`Segment Callable in HubSpot: ${hubspotCount} contacts: HubSpot ${hubspotCount} match now.`);
    expect(violations).toEqual([]);
  });

  it('builds a filter on the contacts screen, saves it as a segment there, creates an agent from it and exports the list', { timeout: 300_000 }, async () => {
    const email = uniqueEmail('segment-flow');
    await createAccount(product.url, email);
    const api = createApi(product.url, await getAccessToken(product.url, email));
    await signInThroughForm(page, email, '/crm');
    await connectAndWaitForFirstSyncs(page, product.url, api, ['HubSpot', 'Zoho CRM']);

    // The most common lifecycle stage, so that the filter keeps some contacts and leaves some out.
    const everyone = await api('/crm/contacts?limit=200', ZContactListResponse);
    if (everyone.view !== 'unified') throw new Error('expected the unified view');
    const stages = everyone.items.flatMap((contact) => (contact.lifecycleStage ? [contact.lifecycleStage] : []));
    const stage = [...new Set(stages)].sort((a, b) => stages.filter((s) => s === b).length - stages.filter((s) => s === a).length)[0]!;
    const tree: TFilterNode = { field: 'lifecycleStage', operator: 'eq', value: stage };
    const where = encodeURIComponent(JSON.stringify(tree));
    const matching = await api(`/crm/contacts?limit=1&where=${where}`, ZContactListResponse);
    const callable = await api(`/crm/contacts?limit=1&callable=true&where=${where}`, ZContactListResponse);
    expect(matching.counts.total).toBeGreaterThan(0);
    expect(matching.counts.total).toBeLessThan(everyone.counts.total);

    // Built in the filter builder on the contacts screen.
    await page.getByRole('button', { name: 'Add filter' }).click();
    const field = page.getByRole('textbox', { name: 'Field of condition 1', exact: true });
    await field.click();
    await field.fill('Lifecycle stage');
    await page.getByRole('option', { name: 'Lifecycle stage', exact: true }).click();
    await page.getByRole('textbox', { name: 'Operator of condition 1', exact: true }).click();
    await page.getByRole('option', { name: 'is', exact: true }).click();
    await page.getByRole('textbox', { name: 'Value of condition 1', exact: true }).fill(stage);
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await page.getByRole('list', { name: 'Active filters' }).getByText(`Lifecycle stage is ${stage}`).waitFor();

    // Saved as a segment from there: the segment holds the tree, counted as the list counts it.
    await page.getByRole('button', { name: 'Save as segment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save as segment' });
    await dialog.getByLabel(/^Name/).fill(`Stage ${stage}`);
    await dialog.getByRole('button', { name: 'Save segment' }).click();
    await dialog.waitFor({ state: 'detached' });
    const { items } = await api('/segments', ZSegmentListResponse);
    // The builder's top level is a group ("all of"), even around one condition.
    expect(items.map((segment) => [segment.name, segment.filter.where, segment.counts])).toEqual([[`Stage ${stage}`, { and: [tree] }, matching.counts]]);

    // Exported as CSV, every contact the filter matches (not only the rows on screen).
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines.length - 1).toBe(matching.counts.total);
    expect(download.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);

    // An agent from the segment takes its callable members.
    const agentId = await createAgentFromSegment('Stage caller', new RegExp(`^Stage ${stage} \\(`));
    const agent = await api(`/agents/${agentId}`, ZAgentDetail);
    expect(agent).toMatchObject({ contactSource: 'segment', contactCount: callable.counts.total, segment: { name: `Stage ${stage}` } });
  });

  it('imports a HubSpot list on the Segments screen, shows its CRM and members, and follows the list on Refresh', { timeout: 300_000 }, async () => {
    const email = uniqueEmail('segment-list');
    await createAccount(product.url, email);
    const api = createApi(product.url, await getAccessToken(product.url, email));
    await signInThroughForm(page, email, '/crm');
    const { hubspotSandboxUrl: sandboxUrl, hubspotAccountDomain: accountDomain } = await connectAndWaitForFirstSyncs(page, product.url, api, ['HubSpot']);

    // A list made in HubSpot (the sandbox's admin API) of three of the synced contacts.
    const accounts = (await (await fetch(`${sandboxUrl}/__sandbox/accounts`)).json()) as Array<{ id: number; domain: string }>;
    const account = accounts.find((candidate) => candidate.domain === accountDomain)!;
    const contacts = await api('/crm/contacts?platform=hubspot&limit=5', ZContactListResponse);
    if (contacts.view !== 'unified') throw new Error('expected the unified view');
    const ids = contacts.items.map((contact) => contact.externalId);
    const admin = async (path: string, body: unknown) => {
      const response = await fetch(`${sandboxUrl}/__sandbox/accounts/${account.id}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`sandbox ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as { listId: string };
    };
    const list = await admin('/lists', { name: 'Webinar attendees', memberIds: ids.slice(0, 3) });

    await page.getByRole('link', { name: 'Segments' }).click();
    await page.waitForURL((url) => url.pathname === '/segments');
    await page.getByRole('button', { name: 'Import a CRM list' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a CRM list' });
    await dialog.getByRole('textbox', { name: 'CRM' }).click();
    await page.getByRole('option', { name: 'HubSpot' }).click();
    await dialog.getByRole('textbox', { name: 'HubSpot list' }).click();
    await page.getByRole('option', { name: 'Webinar attendees (static, 3 members)' }).click();
    await saveScreenshot(page, 'segments-import-list');
    await dialog.getByRole('button', { name: 'Import' }).click();
    await dialog.waitFor({ state: 'detached' });

    const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Webinar attendees' }) });
    await item.waitFor();
    expect(await item.textContent()).toContain('HubSpot list · members read');
    expect(await item.getByLabel('Matching contacts').textContent()).toBe('3 contacts' + 'HubSpot: 3');
    const violations = await findSeriousViolations(page, '/segments (a list segment)');

    // Two more join the list in HubSpot: Refresh reads them now.
    await admin(`/lists/${list.listId}/members`, { add: ids.slice(3, 5) });
    await item.getByRole('button', { name: 'Refresh Webinar attendees from HubSpot' }).click();
    await item.getByLabel('Matching contacts').getByText('5 contacts').waitFor();
    const { items } = await api('/segments', ZSegmentListResponse);
    expect(items.find((segment) => segment.name === 'Webinar attendees')).toMatchObject({ kind: 'crm_list', source: { platform: 'hubspot', listId: list.listId }, counts: { total: 5 } });
    expect(violations).toEqual([]);
  });
});
