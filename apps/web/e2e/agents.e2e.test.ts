import {
  ZAgentContactListResponse,
  ZContactListResponse,
  type TContact,
  type TContactListResponse,
} from '@voiceagent/shared';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSeriousViolations } from './support/accessibility';
import { createAccount, getAccessToken, uniqueEmail } from './support/accounts';
import { launchChromium } from './support/chromium';
import { toast } from './support/crm-pages';
import { usePagePerTest } from './support/page-per-test';
import { startProduct, type Product } from './support/product';
import { saveScreenshot } from './support/screenshots';
import { createApi, type Api } from './support/api-client';
import { connectAndWaitForFirstSyncs } from './support/crm-syncs';
import { signInThroughForm } from './support/sign-in';

/**
 * Agents in the real product: the sandbox HubSpot and Zoho are connected through their consent
 * pages and synced (the product's own first sync), then an agent is created in the browser.
 */
let product: Product;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [product, browser] = await Promise.all([startProduct(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

usePagePerTest({ label: 'agents', product: () => product, browser: () => browser, onPage: (created) => (page = created), viewport: { width: 1280, height: 900 } });

async function listContacts(api: Api, query: string): Promise<Extract<TContactListResponse, { view: 'unified' }>> {
  const response = await api(`/crm/contacts?${query}`, ZContactListResponse);
  if (response.view !== 'unified') throw new Error('expected the unified view');
  return response;
}

async function listAllContacts(api: Api, query: string): Promise<TContact[]> {
  const all: TContact[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof listContacts>> = await listContacts(api, `${query}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

const listbox = () => page.getByRole('listbox', { name: 'Contacts' });
/** A contact's row: its element id ends with the contact's id. */
const option = (contact: TContact) => listbox().locator(`[role="option"][id$="${contact.id}"]`);
const optionContactId = async (row: Locator) => (await row.getAttribute('id'))!.slice(-36);
/** The selector's Contacts / Leads filter. */
async function chooseType(label: 'All types' | 'Contacts' | 'Leads'): Promise<void> {
  await page.getByRole('textbox', { name: 'Type' }).click();
  await page.getByRole('option', { name: label, exact: true }).click();
}
const selectedCount = () => page.getByRole('region', { name: 'Selected contacts' }).getByRole('status');

async function search(term: string): Promise<void> {
  await page.getByLabel('Search contacts').fill(term);
  // The list shows the new search once the debounce has passed and its first page arrived.
  await page.getByText('Searching…').waitFor({ state: 'detached' });
}

/** A callable contact of `platform` whose name, searched, lists it among a screenful of rows. */
async function pickSearchable(api: Api, platform: 'hubspot' | 'zoho', avoid: Set<string>): Promise<TContact> {
  const candidates = (await listContacts(api, `platform=${platform}&callable=true&limit=60`)).items;
  for (const contact of candidates) {
    if (!contact.lastName || !contact.fullName || avoid.has(contact.lastName)) continue;
    const matches = await listContacts(api, `q=${encodeURIComponent(contact.fullName)}&limit=1`);
    if (matches.counts.total <= 5) return contact;
  }
  throw new Error(`no ${platform} contact with a distinctive last name`);
}

/** A search term whose callable matches span both platforms and a few pages' worth of picks. */
async function pickMatchingTerm(api: Api, avoid: Set<string>): Promise<{ term: string; total: number }> {
  const candidates = (await listContacts(api, 'callable=true&limit=200&sort=updated')).items;
  for (const contact of candidates) {
    const term = contact.lastName;
    if (!term || term.length < 3 || avoid.has(term)) continue;
    const { counts } = await listContacts(api, `q=${encodeURIComponent(term)}&callable=true&limit=1`);
    if (!counts.isEstimate && counts.total >= 4 && counts.total <= 60 && (counts.byPlatform.hubspot ?? 0) > 0 && (counts.byPlatform.zoho ?? 0) > 0) {
      return { term, total: counts.total };
    }
  }
  throw new Error('no search term matching callable contacts of both platforms');
}

describe('agents', () => {
  it('creates an agent from contacts picked by search on both platforms plus all matching a search, and shows them', { timeout: 420_000 }, async () => {
    const email = uniqueEmail('agents');
    await createAccount(product.url, email);
    const api = createApi(product.url, await getAccessToken(product.url, email));

    // No agents yet: the list leads to the first one.
    await signInThroughForm(page, email, '/agents');
    await page.getByRole('heading', { name: 'Create your first agent' }).waitFor();
    await saveScreenshot(page, 'agents-empty');
    const violations = await findSeriousViolations(page, '/agents (empty)');

    await page.goto('/crm');
    await connectAndWaitForFirstSyncs(page, product.url, api, ['HubSpot', 'Zoho CRM']);
    const hubspotPick = await pickSearchable(api, 'hubspot', new Set());
    const zohoPick = await pickSearchable(api, 'zoho', new Set([hubspotPick.lastName!]));
    const matching = await pickMatchingTerm(api, new Set([hubspotPick.lastName!, zohoPick.lastName!]));
    const uncallableContact = (await listContacts(api, 'callable=false&limit=1')).items[0]!;

    await page.goto('/agents');
    await page.getByRole('link', { name: 'New agent' }).click();
    await page.waitForURL((url) => url.pathname === '/agents/new');
    await page.getByRole('heading', { level: 1, name: 'New agent' }).waitFor();
    await page.getByLabel(/^Name/).fill('Spring renewals');
    await page.getByRole('textbox', { name: 'Voice' }).click();
    await page.getByRole('option', { name: /^Verse/ }).click();
    await page.getByLabel('Greeting').fill('Hello, this is Verse calling about your renewal.');
    await page.getByLabel('Instructions').fill('Confirm the renewal date; offer a call back when it is a bad time.');

    // Contacts without a callable number are listed, disabled, with the reason.
    await listbox().waitFor();
    await saveScreenshot(page, 'agents-new-selector');
    await search(uncallableContact.fullName!);
    const uncallable = option(uncallableContact);
    expect(await uncallable.getAttribute('aria-disabled')).toBe('true');
    expect(await uncallable.textContent()).toContain('No valid phone number');
    // Playwright will not click what is marked disabled; a person can, and nothing may happen.
    await uncallable.click({ force: true });
    expect(await uncallable.getAttribute('aria-selected')).toBe('false');
    expect(await selectedCount().textContent()).toBe('No contacts selected');

    // One HubSpot contact by search, with the mouse.
    await search(hubspotPick.fullName!);
    await option(hubspotPick).click();
    expect(await option(hubspotPick).getAttribute('aria-selected')).toBe('true');
    expect(await selectedCount().textContent()).toBe('1 contact selected');

    // One Zoho contact by another search, with the keyboard only: arrows to its row, Space.
    await search(zohoPick.fullName!);
    const zohoRow = option(zohoPick);
    const position = Number(await zohoRow.getAttribute('aria-posinset'));
    await listbox().focus();
    await page.keyboard.press('Home');
    for (let i = 1; i < position; i += 1) await page.keyboard.press('ArrowDown');
    expect(await listbox().getAttribute('aria-activedescendant')).toBe(await zohoRow.getAttribute('id'));
    await page.keyboard.press('Space');
    expect(await zohoRow.getAttribute('aria-selected')).toBe('true');
    expect(await selectedCount().textContent()).toBe('2 contacts selected');
    // The first pick is kept across the new search, as a chip.
    await page.getByRole('button', { name: `Remove ${hubspotPick.fullName}` }).waitFor();

    // Then every callable contact (not lead) matching a third search, counted by the server, less one unticked.
    await search(matching.term);
    // Leads are Salesforce's: HubSpot and Zoho records are contacts, and the selector says there is no lead.
    await chooseType('Leads');
    await listbox().waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: `No leads match “${matching.term}”.` }).waitFor();
    await chooseType('Contacts');
    await page.getByRole('button', { name: `Select all ${matching.total.toLocaleString('en')} matching` }).click();
    // Untick one the filter brought in (not one of the picks, which stay picked).
    const picks = [hubspotPick, zohoPick].map((pick) => `:not([id$="${pick.id}"])`).join('');
    const firstSelected = listbox().locator(`[role="option"][aria-selected="true"]${picks}`).first();
    const uncheckedId = await optionContactId(firstSelected);
    await firstSelected.click();
    expect(await listbox().locator(`[id$="${uncheckedId}"]`).getAttribute('aria-selected')).toBe('false');
    await page.getByRole('button', { name: `Remove all contacts matching “${matching.term.toLowerCase()}”` }).waitFor();
    expect(await page.getByLabel('Search contacts').isDisabled()).toBe(true);
    expect(await page.getByRole('textbox', { name: 'Type' }).isDisabled()).toBe(true);
    expect(await selectedCount().textContent()).toBe(`up to ${(matching.total + 1).toLocaleString('en')} contacts selected`);
    await saveScreenshot(page, 'agents-new-selected');
    violations.push(...(await findSeriousViolations(page, '/agents/new (with a selection)')));

    // What the agent should call, by the API: the two picks and the term's callable matches but the unticked one.
    const matched = await listAllContacts(api, `q=${encodeURIComponent(matching.term)}&callable=true`);
    const expected = new Set([hubspotPick.id, zohoPick.id, ...matched.map((c) => c.id).filter((id) => id !== uncheckedId)]);

    const createRequest = page.waitForRequest((request) => request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/agents');
    await page.getByRole('button', { name: 'Create agent' }).click();
    // "All matching" went with the type it was chosen under, so the server took contacts only.
    expect((await createRequest).postDataJSON()).toMatchObject({ contacts: { filter: { q: matching.term, objectType: 'contact', callable: true } } });
    await page.waitForURL((url) => /^\/agents\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByRole('heading', { level: 1, name: 'Spring renewals' }).waitFor();
    const notice = page.getByRole('status').filter({ hasText: 'Agent created' });
    expect(await notice.textContent()).toContain(`It will call ${expected.size} contacts.`);
    const table = page.getByRole('table').filter({ hasText: 'Phone' });
    await table.getByRole('caption').filter({ hasText: `of ${expected.size} contacts shown` }).waitFor();
    for (const pick of [hubspotPick, zohoPick]) {
      await table.getByRole('row').filter({ hasText: pick.fullName! }).filter({ hasText: pick.platform === 'hubspot' ? 'HubSpot' : 'Zoho CRM' }).waitFor();
    }
    expect(await page.getByText('Verse', { exact: true }).isVisible()).toBe(true);
    await saveScreenshot(page, 'agent-detail');

    const agentId = new URL(page.url()).pathname.split('/').at(-1)!;
    const snapshot = await api(`/agents/${agentId}/contacts?limit=200`, ZAgentContactListResponse);
    expect(new Set(snapshot.items.map((c) => c.crmContactId))).toEqual(expected);

    // Edit what it says: a blank name is refused in place, then the new greeting and voice show; the contacts stay.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit agent' });
    await dialog.getByLabel(/^Name/).fill('   ');
    await dialog.getByLabel('Greeting').fill('Hello, this is Acme about your renewal.');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Enter a name').waitFor();
    expect(await dialog.getByLabel(/^Name/).evaluate((element) => element === document.activeElement)).toBe(true);
    violations.push(...(await findSeriousViolations(page, '/agents/:id (edit dialog)')));
    await dialog.getByLabel(/^Name/).fill('Spring renewals, take two');
    await dialog.getByRole('textbox', { name: 'Voice' }).click();
    await page.getByRole('option', { name: /^Sage/ }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await toast(page, 'Agent saved').waitFor();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 1, name: 'Spring renewals, take two' }).waitFor();
    await page.getByText('Hello, this is Acme about your renewal.').waitFor();
    expect(await page.getByText('Sage', { exact: true }).isVisible()).toBe(true);
    await table.getByRole('caption').filter({ hasText: `of ${expected.size} contacts shown` }).waitFor();

    // The list shows it with its count.
    await page.getByRole('link', { name: '← All agents' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Spring renewals, take two' });
    await row.waitFor();
    expect(await row.textContent()).toContain(String(expected.size));
    expect(await row.textContent()).toContain('Sage');
    await saveScreenshot(page, 'agents-list');
    violations.push(...(await findSeriousViolations(page, '/agents (with an agent)')));

    expect(violations).toEqual([]);
  });

  it('keeps the form, names the problem and takes focus to it when nothing is filled in', async () => {
    const email = uniqueEmail('agents-empty-form');
    await createAccount(product.url, email);
    await signInThroughForm(page, email, '/agents/new');
    await page.getByRole('heading', { level: 1, name: 'New agent' }).waitFor();
    // A new account has no contacts: the selector says where they come from.
    await page.getByText('You have no contacts yet.').waitFor();

    await page.getByRole('button', { name: 'Create agent' }).click();

    expect(await page.evaluate(() => document.activeElement?.getAttribute('id'))).toBe(await page.getByLabel(/^Name/).getAttribute('id'));
    await page.getByText('Enter a name').waitFor();
    await page.getByText('Choose a voice').first().waitFor();
    await page.getByRole('alert').filter({ hasText: 'Select at least one contact to call.' }).waitFor();
    await saveScreenshot(page, 'agents-new-errors');
    expect(await findSeriousViolations(page, '/agents/new (empty, with errors)')).toEqual([]);
  });

  it("shows the server's message when the agent cannot be created", async () => {
    const email = uniqueEmail('agents-fail');
    await createAccount(product.url, email);
    // Routed before signing in: the picker asks for contacts as soon as the page opens, and a read
    // that went out before the route was the real (empty) list, so the picker had no option to pick.
    await page.route((url) => url.pathname === '/api/v1/crm/contacts', async (route) => {
      const contact = {
        id: '00000000-0000-4000-8000-000000000001', platform: 'hubspot', objectType: 'contact', externalId: '1', firstName: 'Ada', lastName: 'Lovelace',
        fullName: 'Ada Lovelace', email: null, phone: null, phoneE164: '+14155550101', mobilePhone: null, mobilePhoneE164: null,
        isCallable: true, notCallableReason: null, company: null, jobTitle: null, lifecycleStage: null, leadStatus: null, crmUpdatedAt: null, deletedAt: null, duplicateGroup: null,
        standardFields: { timeZone: null, preferredLanguage: null, doNotCall: null, callConsent: null, preferredCallTime: null, accountOwner: null },
        customFields: {},
        fieldIssues: {},
      };
      await route.fulfill({ json: { view: 'unified', items: [contact], nextCursor: null, counts: { byPlatform: { hubspot: 1 }, total: 1, isEstimate: false } } });
    });
    await page.route((url) => url.pathname === '/api/v1/agents', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 503, json: { error: { code: 'service_unavailable', message: 'The database is not reachable' } } })
        : route.continue(),
    );
    await signInThroughForm(page, email, '/agents/new');
    await page.getByLabel(/^Name/).fill('Will fail');
    await page.getByRole('textbox', { name: 'Voice' }).click();
    await page.getByRole('option', { name: /^Alloy/ }).click();
    await listbox().getByRole('option').first().click();

    await page.getByRole('button', { name: 'Create agent' }).click();

    const alert = page.getByRole('alert').filter({ hasText: 'The agent was not created' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The database is not reachable');
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('The database is not reachable');
    expect(page.url()).toMatch(/\/agents\/new$/);
  });
});
