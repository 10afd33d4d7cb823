import { ZAgentContactListResponse, ZContactListResponse, ZCrmCredentialsResponse, type TContact } from '@voiceagent/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSeriousViolations } from './support/accessibility';
import { createAccount, getAccessToken, uniqueEmail } from './support/accounts';
import { launchChromium } from './support/chromium';
import { acceptZohoConsent, allowSalesforceAccess, contactsList, contactsSection, grantHubSpotConsent, platformCard, toast } from './support/crm-pages';
import { usePagePerTest } from './support/page-per-test';
import { startProduct, type Product } from './support/product';
import { countSalesforceRecords } from './support/sandbox-admin';
import { saveScreenshot } from './support/screenshots';
import { createApi, type Api } from './support/api-client';
import { waitForIdleSyncs } from './support/crm-syncs';
import { signInThroughForm } from './support/sign-in';

/**
 * Salesforce in the real product: run mode starts the sandbox Salesforce with a production org
 * ("Acme Corp", at the login host) and a sandbox org ("Acme Corp (UAT)", at the test login host),
 * each holding contacts and leads. A person connects it through its consent page beside HubSpot
 * and Zoho, browses what was synced, and gives an agent one of its leads.
 */
let product: Product;
let browser: Browser;
let page: Page;

// Small accounts: this spec is about what Salesforce adds, not about volume (crm.e2e scrolls 10,200).
const CONTACTS_PER_ACCOUNT = 200;
const PRODUCTION_ORG = 'Acme Corp';
const SANDBOX_ORG = 'Acme Corp (UAT)';
const countText = (n: number) => n.toLocaleString('en');

beforeAll(async () => {
  [product, browser] = await Promise.all([startProduct({ env: { CRM_SANDBOX_CONTACTS: String(CONTACTS_PER_ACCOUNT) } }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

usePagePerTest({ label: 'salesforce', product: () => product, browser: () => browser, onPage: (created) => (page = created), viewport: { width: 1280, height: 900 } });

async function signUpAndSignIn(label: string): Promise<Api> {
  const email = uniqueEmail(label);
  await createAccount(product.url, email);
  await signInThroughForm(page, email, '/crm');
  await platformCard(page, 'Salesforce').waitFor();
  return createApi(product.url, await getAccessToken(product.url, email));
}

async function waitForCrmPage(): Promise<void> {
  await page.waitForURL((url) => url.href.startsWith(product.url) && url.pathname === '/crm');
}

async function listContacts(api: Api, query: string): Promise<TContact[]> {
  const response = await api(`/crm/contacts?${query}`, ZContactListResponse);
  if (response.view !== 'unified') throw new Error('expected the unified view');
  return response.items;
}

/** Mantine's Select: a read-only textbox that opens a listbox of options. */
async function choose(scope: Page | ReturnType<typeof contactsSection>, label: string, option: string | RegExp): Promise<void> {
  await scope.getByRole('textbox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
}

/** The Lead badges among a list's rendered rows, and how many rows there are. */
async function countLeadRows(listName: string): Promise<{ rows: number; leads: number }> {
  const list = contactsList(page, listName);
  await list.getByRole('listitem').first().waitFor();
  const rows = await list.getByRole('listitem').count();
  const leads = await list.getByRole('listitem').filter({ has: page.getByText('Lead', { exact: true }) }).count();
  return { rows, leads };
}

describe('Salesforce', () => {
  it('connects the production org beside HubSpot and Zoho, shows its contacts and leads, and gives a new agent one of its leads', { timeout: 420_000 }, async () => {
    const api = await signUpAndSignIn('salesforce');
    const section = contactsSection(page);
    const violations: string[] = [];

    for (const name of ['HubSpot', 'Zoho CRM'] as const) {
      await platformCard(page, name).getByRole('button', { name: `Connect ${name}` }).click();
      await page.waitForURL((url) => !url.href.startsWith(product.url));
      if (name === 'HubSpot') await grantHubSpotConsent(page);
      else await acceptZohoConsent(page, 'com');
      await waitForCrmPage();
    }
    await waitForIdleSyncs(api, ['hubspot', 'zoho']);
    await section.getByText(`${countText(2 * CONTACTS_PER_ACCOUNT)} contacts · HubSpot`, { exact: false }).waitFor();
    // Neither HubSpot nor Zoho has leads: a Contacts / Leads choice would mean nothing yet.
    expect(await section.getByRole('textbox', { name: 'Type', exact: true }).count()).toBe(0);

    const salesforce = platformCard(page, 'Salesforce');
    await salesforce.getByText('Not connected', { exact: true }).waitFor();
    // The badge says the product's own stand-in answers here; the radio of the same word is a Salesforce sandbox org.
    expect(await salesforce.locator('.mantine-Badge-root').filter({ hasText: /^Sandbox$/ }).isVisible()).toBe(true);
    const loginChoice = salesforce.getByRole('radiogroup', { name: /Salesforce login/ });
    expect(await loginChoice.getByRole('radio', { name: /Production/ }).isChecked()).toBe(true);

    // A malformed My Domain host is refused on the card, before anything leaves for Salesforce.
    const starts: URL[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/crm/salesforce/oauth')) starts.push(new URL(request.url()));
    });
    await loginChoice.getByRole('radio', { name: /My Domain/ }).check();
    const host = salesforce.getByRole('textbox', { name: /My Domain host/ });
    await host.fill('acme my salesforce');
    await salesforce.getByRole('button', { name: 'Connect Salesforce' }).click();
    await salesforce.getByText('“acme my salesforce” is not a host name.', { exact: false }).waitFor();
    expect(await host.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await host.getAttribute('aria-invalid')).toBe('true');
    expect(starts).toEqual([]);
    violations.push(...(await findSeriousViolations(page, 'CRM, Salesforce login host with an error')));
    await saveScreenshot(page, 'salesforce-login-host-error');

    // Production: login.salesforce.com's consent page, which offers the production org's users only.
    await loginChoice.getByRole('radio', { name: /Production/ }).check();
    await salesforce.getByRole('button', { name: 'Connect Salesforce' }).click();
    await page.waitForURL((url) => !url.href.startsWith(product.url));
    expect(starts.map((url) => url.searchParams.get('loginHost'))).toEqual(['production']);
    expect(await page.getByText(SANDBOX_ORG, { exact: false }).count()).toBe(0);
    const { username, isSandboxOrg, loginOrigin } = await allowSalesforceAccess(page, PRODUCTION_ORG);
    expect(isSandboxOrg).toBe(false);
    await waitForCrmPage();
    await toast(page, 'Salesforce connected').waitFor();
    await salesforce.getByText(`Connected to ${username}`).waitFor();
    await waitForIdleSyncs(api, ['hubspot', 'zoho', 'salesforce']);

    // The CRM screen agrees with the org's own counts: its contacts plus its unconverted leads.
    const org = await countSalesforceRecords(loginOrigin, PRODUCTION_ORG);
    expect(org.leads).toBeGreaterThan(0);
    const salesforceTotal = org.contacts + org.leads;
    await salesforce.getByText(`${countText(salesforceTotal)} contacts`).waitFor();
    await salesforce.getByText(/^Last synced/).waitFor();
    const total = 2 * CONTACTS_PER_ACCOUNT + salesforceTotal;
    await section
      .getByText(`${countText(total)} contacts · HubSpot ${countText(CONTACTS_PER_ACCOUNT)} · Zoho CRM ${countText(CONTACTS_PER_ACCOUNT)} · Salesforce ${countText(salesforceTotal)}`)
      .waitFor();
    await saveScreenshot(page, 'salesforce-connected');

    // Leads: only Salesforce's leads, each badged; Contacts: everyone else, none badged.
    await choose(section, 'Type', 'Leads');
    await section.getByText(`${countText(org.leads)} leads`, { exact: true }).waitFor();
    const leadRows = await countLeadRows('Contacts');
    expect(leadRows.rows).toBeGreaterThan(0);
    expect(leadRows.leads).toBe(leadRows.rows);
    violations.push(...(await findSeriousViolations(page, 'CRM, leads only')));
    await saveScreenshot(page, 'salesforce-leads');
    await choose(section, 'Type', 'Contacts');
    await section.getByText(`${countText(total - org.leads)} contacts`, { exact: false }).first().waitFor();
    expect((await countLeadRows('Contacts')).leads).toBe(0);
    await choose(section, 'Type', 'All types');

    // By platform: a group per connected CRM, three of them; under Leads, only Salesforce's has rows.
    await section.getByText('By platform', { exact: true }).click();
    const groups = section.getByRole('region', { name: / contacts$/ });
    await section.getByRole('region', { name: 'Salesforce contacts', exact: true }).getByText(`${countText(salesforceTotal)} contacts`, { exact: true }).waitFor();
    expect(await groups.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label')))).toEqual(['HubSpot contacts', 'Zoho CRM contacts', 'Salesforce contacts']);
    await saveScreenshot(page, 'salesforce-by-platform');
    await choose(section, 'Type', 'Leads');
    await section.getByRole('region', { name: 'Salesforce contacts', exact: true }).getByText(`${countText(org.leads)} leads`, { exact: true }).waitFor();
    for (const name of ['HubSpot', 'Zoho CRM']) {
      await section.getByRole('region', { name: `${name} contacts`, exact: true }).getByText(`No lead in ${name} matches these filters.`).waitFor();
    }
    const groupLeads = await countLeadRows('Salesforce contacts');
    expect(groupLeads.leads).toBe(groupLeads.rows);
    violations.push(...(await findSeriousViolations(page, 'CRM, leads by platform')));
    await saveScreenshot(page, 'salesforce-leads-by-platform');

    // A new agent gets one callable lead, found under Leads in CRMContactSelector.
    const [lead] = (await listContacts(api, 'platform=salesforce&objectType=lead&callable=true&limit=1')).filter((c) => c.fullName);
    if (!lead) throw new Error('the production org has no callable lead with a name');
    await page.goto('/agents/new');
    await page.getByRole('heading', { level: 1, name: 'New agent' }).waitFor();
    await page.getByLabel(/^Name/).fill('Lead follow-up');
    await choose(page, 'Voice', /^Verse/);
    const listbox = page.getByRole('listbox', { name: 'Contacts' });
    await listbox.waitFor();
    await choose(page, 'Type', 'Leads');
    await page.getByLabel('Search contacts').fill(lead.fullName!);
    await page.getByText('Searching…').waitFor({ state: 'detached' });
    const options = listbox.getByRole('option');
    await options.first().waitFor();
    expect(await options.count()).toBe(await options.filter({ has: page.getByText('Lead', { exact: true }) }).count());
    const leadOption = listbox.locator(`[role="option"][id$="${lead.id}"]`);
    await leadOption.click();
    expect(await leadOption.getAttribute('aria-selected')).toBe('true');
    // The row's Lead badge reads in full, not cut to "LE…".
    const leadBadge = leadOption.locator('.mantine-Badge-label').filter({ hasText: /^Lead$/ });
    expect(await leadBadge.evaluate((label) => label.scrollWidth <= label.clientWidth)).toBe(true);
    expect(await page.getByRole('region', { name: 'Selected contacts' }).getByRole('status').textContent()).toBe('1 contact selected');
    // Checked once "Select all" is enabled: a disabled button is exempt from contrast, an enabled one is not.
    await page.locator('button:not([disabled])', { hasText: 'Select all 1 matching' }).waitFor();
    violations.push(...(await findSeriousViolations(page, '/agents/new, a lead selected')));
    await saveScreenshot(page, 'salesforce-agent-lead-selected');

    await page.getByRole('button', { name: 'Create agent' }).click();
    await page.waitForURL((url) => /^\/agents\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByRole('heading', { level: 1, name: 'Lead follow-up' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Agent created' }).textContent()).toContain('It will call 1 contact.');
    await page.getByRole('table').getByRole('row').filter({ hasText: lead.fullName! }).filter({ hasText: 'Salesforce' }).waitFor();
    await saveScreenshot(page, 'salesforce-agent-detail');

    const agentId = new URL(page.url()).pathname.split('/').at(-1)!;
    const snapshot = await api(`/agents/${agentId}/contacts?limit=10`, ZAgentContactListResponse);
    expect(snapshot.items.map(({ crmContactId, platform, externalId }) => ({ crmContactId, platform, externalId }))).toEqual([
      { crmContactId: lead.id, platform: 'salesforce', externalId: lead.externalId },
    ]);
    // 00Q: Salesforce's key prefix for Lead records.
    expect(lead.externalId.startsWith('00Q')).toBe(true);
    expect(violations).toEqual([]);
  });

  it('connects the sandbox org at the Sandbox login host, with its own contacts and leads', { timeout: 240_000 }, async () => {
    const api = await signUpAndSignIn('salesforce-uat');
    const salesforce = platformCard(page, 'Salesforce');
    await salesforce.getByRole('radiogroup', { name: /Salesforce login/ }).getByRole('radio', { name: /Sandbox/ }).check();
    await salesforce.getByRole('button', { name: 'Connect Salesforce' }).click();
    await page.waitForURL((url) => !url.href.startsWith(product.url));
    // test.salesforce.com's consent page: the sandbox org's users, not production's.
    expect(await page.locator('label.account small').allTextContents()).toEqual(expect.arrayContaining([`${SANDBOX_ORG} (sandbox)`]));
    expect(await page.locator('label.account small').filter({ hasText: new RegExp(`^${PRODUCTION_ORG}$`) }).count()).toBe(0);
    const { username, isSandboxOrg } = await allowSalesforceAccess(page, SANDBOX_ORG);
    expect(isSandboxOrg).toBe(true);
    await waitForCrmPage();
    await toast(page, 'Salesforce connected').waitFor();
    await salesforce.getByText(`Connected to ${username}`).waitFor();
    await waitForIdleSyncs(api, ['salesforce']);

    const { connections } = await api('/crm/credentials', ZCrmCredentialsResponse);
    const connection = connections.find((c) => c.platform === 'salesforce')!;
    const leads = await api('/crm/contacts?objectType=lead&limit=1', ZContactListResponse);
    expect(leads.counts.total).toBeGreaterThan(0);
    expect(leads.counts.total).toBeLessThan(connection.contactCount);
    const section = contactsSection(page);
    await section.getByText(`${countText(connection.contactCount)} contacts`, { exact: true }).waitFor();
    await choose(section, 'Type', 'Leads');
    await section.getByText(`${countText(leads.counts.total)} leads`, { exact: true }).waitFor();
    const rows = await countLeadRows('Contacts');
    expect(rows.leads).toBe(rows.rows);
    await saveScreenshot(page, 'salesforce-sandbox-org');
    expect(await findSeriousViolations(page, 'CRM, Salesforce sandbox org')).toEqual([]);
  });
});
