import { ZAgentDetail, ZContactListResponse, type TContact, type TFilterNode } from '@voiceagent/shared';
import type { Browser, Page } from 'playwright-core';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSeriousViolations } from './support/accessibility';
import { createAccount, getAccessToken, uniqueEmail } from './support/accounts';
import { launchChromium } from './support/chromium';
import { contactsList, contactsScroller } from './support/crm-pages';
import { usePagePerTest } from './support/page-per-test';
import { startProduct, type Product } from './support/product';
import { saveScreenshot } from './support/screenshots';
import { createApi, type Api } from './support/api-client';
import { connectAndWaitForFirstSyncs } from './support/crm-syncs';
import { signInThroughForm } from './support/sign-in';

/**
 * The filter builder in the real product: the sandbox HubSpot connected and synced, a filter
 * built in the browser on the contacts screen (kept in the URL) and in the agent's contact
 * selector, every list compared with what the API answers for the same tree.
 */
let product: Product;
let browser: Browser;
let page: Page;

const CONTACTS = 60;

beforeAll(async () => {
  [product, browser] = await Promise.all([startProduct({ env: { CRM_SANDBOX_CONTACTS: String(CONTACTS) } }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

usePagePerTest({ label: 'contact-filters', product: () => product, browser: () => browser, onPage: (created) => (page = created), viewport: { width: 1280, height: 900 } });

/** Every contact the list gives for these parameters, all pages. */
async function listAll(api: Api, query: string): Promise<{ items: TContact[]; total: number }> {
  const items: TContact[] = [];
  let cursor: string | null = null;
  let total = 0;
  do {
    const response: z.output<typeof ZContactListResponse> = await api(`/crm/contacts?${query}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, ZContactListResponse);
    if (response.view !== 'unified') throw new Error('expected the unified view');
    items.push(...response.items);
    total = response.counts.total;
    cursor = response.nextCursor;
  } while (cursor);
  return { items, total };
}

const whereQuery = (tree: TFilterNode) => `where=${encodeURIComponent(JSON.stringify(tree))}`;
/** The name a row shows (ContactRow's displayName). */
const shownName = (contact: TContact) => contact.fullName ?? contact.email ?? contact.phone ?? contact.mobilePhone ?? 'Unnamed contact';
const sorted = (names: string[]) => [...names].sort((a, b) => a.localeCompare(b));

/** Picks a field in a condition row's searchable field select. */
async function chooseField(row: number, label: string): Promise<void> {
  const input = page.getByRole('textbox', { name: `Field of condition ${row}`, exact: true });
  await input.click();
  await input.fill(label);
  await page.getByRole('option', { name: label, exact: true }).click();
}

async function chooseOperator(row: number, label: string): Promise<void> {
  await page.getByRole('textbox', { name: `Operator of condition ${row}`, exact: true }).click();
  await page.getByRole('option', { name: label, exact: true }).click();
}

/** The tree the contacts screen's URL holds. */
function whereInUrl(): TFilterNode | null {
  const text = new URL(page.url()).searchParams.get('where');
  return text === null ? null : (JSON.parse(text) as TFilterNode);
}

/** The names the contacts list shows once it has loaded `total` rows (all of them fit the screen). */
async function shownNames(total: number): Promise<string[]> {
  await contactsScroller(page).and(page.getByRole('region', { name: `Contacts, ${total} of ${total} loaded`, exact: true })).waitFor();
  const rows = contactsList(page).getByRole('listitem');
  expect(await rows.count()).toBe(total);
  return sorted(await rows.evaluateAll((items) => items.map((item) => item.querySelector('p')?.textContent ?? '')));
}

let account: { email: string; api: Api; stages: string[] } | null = null;

describe('contact filters', () => {
  it('builds a two-condition filter, lists exactly what the API lists for it, keeps it in the URL, and widens when a chip goes', { timeout: 300_000 }, async () => {
    const email = uniqueEmail('filters');
    await createAccount(product.url, email);
    const api = createApi(product.url, await getAccessToken(product.url, email));
    await signInThroughForm(page, email, '/crm');
    await connectAndWaitForFirstSyncs(page, product.url, api, ['HubSpot']);

    // Two lifecycle stages the synced contacts have, the most common first.
    const everyone = await listAll(api, 'view=unified');
    const byStage = new Map<string, TContact[]>();
    for (const contact of everyone.items) if (contact.lifecycleStage) byStage.set(contact.lifecycleStage, [...(byStage.get(contact.lifecycleStage) ?? []), contact]);
    const stages = [...byStage].sort((a, b) => b[1].length - a[1].length).map(([stage]) => stage);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const [first, second] = [stages[0]!, stages[1]!];
    const stageTree: TFilterNode = { and: [{ field: 'lifecycleStage', operator: 'in', value: [first, second] }] };
    const stageOnly = await listAll(api, whereQuery(stageTree));
    expect(stageOnly.total).toBeLessThan(everyone.total);
    // An update time that splits those contacts: the later half is "after" it.
    const times = stageOnly.items.map((contact) => contact.crmUpdatedAt).filter((time): time is string => time !== null).sort();
    const middle = times[Math.floor(times.length / 2)]!;
    // As the browser's datetime-local input takes it: local time, to the minute.
    const localMiddle = await page.evaluate((iso) => {
      const date = new Date(iso);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
    }, middle);

    await page.goto('/crm');
    await page.getByRole('region', { name: `Contacts, ${Math.min(100, everyone.total)} of ${everyone.total} loaded`, exact: true }).waitFor();
    const violations = await findSeriousViolations(page, '/crm (no filter)');

    // Condition 1 on a standard text field, "is any of" two stages; condition 2 on a date and time.
    await page.getByRole('button', { name: 'Add filter' }).click();
    const builder = page.getByRole('region', { name: 'Filter builder' });
    await chooseField(1, 'Lifecycle stage');
    await chooseOperator(1, 'is any of');
    const tags = page.getByRole('textbox', { name: 'Value of condition 1', exact: true });
    await tags.fill(first);
    await tags.press('Enter');
    await tags.fill(second);
    await tags.press('Enter');
    await builder.getByRole('button', { name: 'Add condition' }).click();
    await chooseField(2, 'Updated in the CRM');
    await chooseOperator(2, 'is after');
    // Without a value Apply stays off, and the row says what it needs.
    await builder.getByText('"gt" takes a date and time (ISO 8601)').waitFor();
    expect(await builder.getByRole('button', { name: 'Apply filter' }).isDisabled()).toBe(true);
    await page.getByRole('textbox', { name: 'Value of condition 2', exact: true }).fill(localMiddle);
    await saveScreenshot(page, 'contact-filters-builder');
    violations.push(...(await findSeriousViolations(page, '/crm (filter builder)')));
    await builder.getByRole('button', { name: 'Apply filter' }).click();
    await builder.waitFor({ state: 'detached' });

    // The URL holds the tree the builder made; the list shows exactly the API's answer to it.
    await page.waitForURL((url) => url.searchParams.has('where'));
    const tree = whereInUrl()!;
    expect(tree).toEqual({ and: [{ field: 'lifecycleStage', operator: 'in', value: [first, second] }, { field: 'crmUpdatedAt', operator: 'gt', value: expect.any(String) }] });
    const sentTime = (tree as { and: [unknown, { value: string }] }).and[1].value;
    expect(new Date(sentTime).getTime()).toBe(new Date(await page.evaluate((local) => new Date(local).toISOString(), localMiddle)).getTime());
    const both = await listAll(api, whereQuery(tree));
    expect(both.total).toBeGreaterThan(0);
    expect(both.total).toBeLessThan(stageOnly.total);
    expect(await shownNames(both.total)).toEqual(sorted(both.items.map(shownName)));
    const chips = page.getByRole('list', { name: 'Active filters' }).getByRole('listitem');
    expect(await chips.allTextContents()).toEqual([`Lifecycle stage is any of ${first}, ${second}`, expect.stringMatching(/^Updated in the CRM is after \d{4}-\d\d-\d\d \d\d:\d\d UTC$/)]);
    await saveScreenshot(page, 'contact-filters-applied');
    violations.push(...(await findSeriousViolations(page, '/crm (filter applied)')));

    // A reload restores the filter and its rows.
    await page.reload();
    expect(await shownNames(both.total)).toEqual(sorted(both.items.map(shownName)));
    expect(await chips.count()).toBe(2);

    // Removing the time chip widens the list to the stages alone.
    await page.getByRole('button', { name: /^Remove filter: Updated in the CRM is after/ }).click();
    await page.waitForURL((url) => url.searchParams.get('where') === JSON.stringify(stageTree));
    await page.getByRole('region', { name: `Contacts, ${Math.min(100, stageOnly.total)} of ${stageOnly.total} loaded`, exact: true }).waitFor();
    expect(await chips.allTextContents()).toEqual([`Lifecycle stage is any of ${first}, ${second}`]);

    // Back brings the two conditions again; Clear all leaves every contact.
    await page.goBack();
    await page.getByRole('region', { name: `Contacts, ${both.total} of ${both.total} loaded`, exact: true }).waitFor();
    expect(await chips.count()).toBe(2);
    await page.getByRole('button', { name: 'Clear all' }).click();
    await page.getByRole('region', { name: `Contacts, ${Math.min(100, everyone.total)} of ${everyone.total} loaded`, exact: true }).waitFor();
    expect(whereInUrl()).toBeNull();

    // A damaged filter in a link is named and left out, not a blank list.
    await page.goto('/crm?where=%7B%22and%22%3A%5B');
    await page.getByRole('alert').filter({ hasText: 'Filter left out' }).getByText(/it is not JSON/).waitFor();
    await page.getByRole('region', { name: `Contacts, ${Math.min(100, everyone.total)} of ${everyone.total} loaded`, exact: true }).waitFor();
    // So is one naming a field this person has not got.
    await page.goto(`/crm?${whereQuery({ field: 'custom.plan', operator: 'eq', value: 'pro' })}`);
    await page.getByRole('alert').filter({ hasText: 'Filter left out' }).getByText(/No mapped custom field "custom.plan"/).waitFor();
    violations.push(...(await findSeriousViolations(page, '/crm (filter left out)')));

    expect(violations).toEqual([]);
    account = { email, api, stages };
  });

  it('selects all contacts matching a filter in the agent selector, and the agent takes exactly that many', { timeout: 180_000 }, async () => {
    if (!account) throw new Error('needs the account the previous test synced');
    const { email, api, stages } = account;
    const stage = stages[0]!;
    const tree: TFilterNode = { and: [{ field: 'lifecycleStage', operator: 'eq', value: stage }] };
    const callable = await listAll(api, `${whereQuery(tree)}&callable=true`);
    expect(callable.total).toBeGreaterThan(0);

    await signInThroughForm(page, email, '/agents/new');
    await page.getByRole('heading', { level: 1, name: 'New agent' }).waitFor();
    await page.getByLabel(/^Name/).fill('Stage calls');
    await page.getByRole('textbox', { name: 'Voice' }).click();
    await page.getByRole('option', { name: /^Verse/ }).click();
    await page.getByLabel('Greeting').fill('Hello, this is Verse.');
    await page.getByLabel('Instructions').fill('Ask how the product is working for them.');

    await page.getByRole('listbox', { name: 'Contacts' }).waitFor();
    await page.getByRole('button', { name: 'Add filter' }).click();
    await chooseField(1, 'Lifecycle stage');
    await chooseOperator(1, 'is');
    await page.getByRole('textbox', { name: 'Value of condition 1', exact: true }).fill(stage);
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await page.getByRole('list', { name: 'Active filters' }).getByText(`Lifecycle stage is ${stage}`).waitFor();

    await page.getByRole('button', { name: `Select all ${callable.total.toLocaleString('en')} matching` }).click();
    // Chosen "all matching" holds the filter: its chips can no longer be removed.
    await page.getByRole('button', { name: 'Add filter' }).and(page.locator(':disabled')).waitFor();
    expect(await page.getByRole('button', { name: /^Remove filter:/ }).count()).toBe(0);
    await saveScreenshot(page, 'contact-filters-agent-selector');
    const violations = await findSeriousViolations(page, '/agents/new (filter and all matching)');

    const createRequest = page.waitForRequest((request) => request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/agents');
    await page.getByRole('button', { name: 'Create agent' }).click();
    expect((await createRequest).postDataJSON()).toMatchObject({ contacts: { filter: { where: tree, callable: true } } });
    await page.waitForURL((url) => /^\/agents\/[0-9a-f-]{36}$/.test(url.pathname));
    const agentId = new URL(page.url()).pathname.split('/').at(-1)!;
    const agent = await api(`/agents/${agentId}`, ZAgentDetail);
    expect(agent.contactCounts.total).toBe(callable.total);
    expect(violations).toEqual([]);
  });

  it("shows the list's refusal of a filter next to the filter, in the server's words, and recovers when it is cleared", async () => {
    if (!account) throw new Error('needs the account the first test synced');
    const { email, stages } = account;
    // A field that went between building the filter and listing: the server's 400, as it words it.
    const message = 'Invalid filter: where.and.0: No mapped custom field "custom.plan"';
    await page.route(
      (url) => url.pathname === '/api/v1/crm/contacts' && url.searchParams.has('where'),
      (route) => route.fulfill({ status: 400, json: { error: { code: 'validation_failed', message, details: { issues: [{ field: 'where.and.0', message: 'No mapped custom field "custom.plan"' }] } } } }),
    );
    await signInThroughForm(page, email, '/crm');
    await page.goto(`/crm?${whereQuery({ and: [{ field: 'lifecycleStage', operator: 'eq', value: stages[0]! }] })}`);

    const refusal = page.getByRole('alert').filter({ hasText: 'This filter cannot be used' });
    await refusal.getByText(message).waitFor();
    expect(await page.getByRole('list', { name: 'Active filters' }).getByRole('listitem').allTextContents()).toEqual([`Lifecycle stage is ${stages[0]}`]);
    expect(await findSeriousViolations(page, '/crm (filter refused)')).toEqual([]);

    await page.getByRole('button', { name: 'Clear all' }).click();
    await refusal.waitFor({ state: 'detached' });
    await page.getByRole('region', { name: /^Contacts, [\d,]+ of [\d,]+ loaded$/ }).waitFor();
  });
});
