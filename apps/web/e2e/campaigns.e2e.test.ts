import { ZCampaignDetail, ZContactListResponse, ZCreateAgentResponse, ZPostResultsResponse, type TContact } from '@voiceagent/shared';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSeriousViolations } from './support/accessibility';
import { createAccount, getAccessToken, uniqueEmail } from './support/accounts';
import { launchChromium } from './support/chromium';
import { usePagePerTest } from './support/page-per-test';
import { startProduct, type Product } from './support/product';
import { saveScreenshot } from './support/screenshots';
import { createApi, type Api } from './support/api-client';
import { connectAndWaitForFirstSyncs } from './support/crm-syncs';
import { signInThroughForm } from './support/sign-in';

/**
 * A campaign in the real product: both sandbox CRMs connected through their consent pages and
 * synced, an agent over people from both, "Start a campaign" on the agent's page, then call
 * results posted through the API as the calling service would, while the page is open.
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

usePagePerTest({ label: 'campaigns', product: () => product, browser: () => browser, onPage: (created) => (page = created), viewport: { width: 1280, height: 900 } });

/**
 * Callable contacts with a number of their own on each side: the sandboxes hold the same people
 * in both CRMs, so the campaign would keep one copy of each; HubSpot's copy of some, Zoho's of others.
 */
async function pickPeopleFromBothCrms(api: Api): Promise<{ hubspot: TContact[]; zoho: TContact[] }> {
  const list = await api('/crm/contacts?callable=true&limit=200', ZContactListResponse);
  if (list.view !== 'unified') throw new Error('expected the unified view');
  const byNumber = new Map<string, TContact[]>();
  for (const contact of list.items) {
    const number = contact.phoneE164 ?? contact.mobilePhoneE164;
    if (number) byNumber.set(number, [...(byNumber.get(number) ?? []), contact]);
  }
  const people = [...byNumber.values()].filter((copies) => copies.length === 2).slice(0, 6);
  return {
    hubspot: people.slice(0, 3).map((copies) => copies.find((c) => c.platform === 'hubspot')!),
    zoho: people.slice(3).map((copies) => copies.find((c) => c.platform === 'zoho')!),
  };
}

const statsRegion = () => page.getByRole('region', { name: 'Statistics by CRM' });
const contactsRegion = () => page.getByRole('region', { name: 'Contacts', exact: true });
const statsRow = (crm: string): Locator => statsRegion().getByRole('row', { name: new RegExp(`^${crm}\\b`) });
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const contactRow = (name: string): Locator => contactsRegion().getByRole('row', { name: new RegExp(`^${escapeRegExp(name)}\\b`) });

async function cellsOf(row: Locator): Promise<string[]> {
  return (await row.getByRole('cell').allTextContents()).map((text) => text.trim());
}

describe('campaigns', () => {
  it('starts a campaign from an agent and shows calls, statistics per CRM and write-back as results arrive', { timeout: 300_000 }, async () => {
    const email = uniqueEmail('campaigns');
    await createAccount(product.url, email);
    const api = createApi(product.url, await getAccessToken(product.url, email));
    await signInThroughForm(page, email, '/crm');
    const { hubspotSandboxUrl } = await connectAndWaitForFirstSyncs(page, product.url, api, ['HubSpot', 'Zoho CRM']);
    const people = await pickPeopleFromBothCrms(api);
    const agent = await api('/agents', ZCreateAgentResponse, { method: 'POST', body: {
      name: 'Renewals caller',
      voice: 'sage',
      contacts: { contactIds: [...people.hubspot, ...people.zoho].map((c) => c.id) },
    } });

    // From the agent's page: Start a campaign → name → create → the campaign's page.
    await page.goto(`/agents/${agent.agent.id}`);
    await page.getByRole('button', { name: 'Start a campaign' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start a campaign' });
    await dialog.getByLabel(/^Campaign name/).fill('Spring renewals');
    await dialog.getByRole('button', { name: 'Create campaign' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/campaigns/'));
    const campaignId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { level: 1, name: 'Spring renewals' }).waitFor();
    await page.getByText('Campaign created with 6 contacts to call').waitFor();
    await statsRegion().getByText('No calls reported yet').waitFor();
    expect(await cellsOf(statsRow('HubSpot'))).toEqual(['3', '0', '0', '0', '0', '0', '—', '0', '0', '0']);
    expect(await cellsOf(contactRow(people.zoho[0]!.fullName!))).toEqual(['Zoho CRM', people.zoho[0]!.phoneE164 ?? people.zoho[0]!.mobilePhoneE164, 'Not called yet', '—', 'Not called yet']);
    await saveScreenshot(page, 'campaign-new');
    const violations = await findSeriousViolations(page, '/campaigns/:id (new)');

    // The calling service reports calls while the page is open; one contact was deleted in
    // HubSpot meanwhile, so its call cannot be written back there.
    const gone = people.hubspot[2]!;
    const deleted = await fetch(`${hubspotSandboxUrl}/__sandbox/accounts/62515/contacts/delete`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ids: [gone.externalId] }),
    });
    expect(deleted.status).toBe(200);
    const { contacts } = await api(`/campaigns/${campaignId}?limit=50`, ZCampaignDetail);
    const campaignContactOf = (contact: TContact) => contacts.items.find((item) => item.crmContactId === contact.id)!.id;
    const result = (contact: TContact, status: string, durationSec: number, outcome: string | null) => ({
      campaignContactId: campaignContactOf(contact),
      callId: `call-${contact.id}`,
      status,
      outcome,
      startedAt: new Date().toISOString(),
      durationSec,
      summary: `Spoke about the renewal (${status}).`,
    });
    const results = [
      result(people.hubspot[0]!, 'completed', 95, 'Renewing'),
      result(people.hubspot[1]!, 'voicemail', 20, null),
      result(gone, 'completed', 45, 'Call back in May'),
      result(people.zoho[0]!, 'completed', 65, 'Interested'),
      result(people.zoho[1]!, 'no_answer', 0, null),
    ];
    const posted = await api(`/campaigns/${campaignId}/results`, ZPostResultsResponse, { method: 'POST', body: { results } });
    expect(posted.accepted).toBe(5);

    // No reload: the page polls. HubSpot: 3 contacts, all called, 2 answered (95 s and 45 s), 1 voicemail; 1 written back, 1 failed.
    await expect.poll(async () => cellsOf(statsRow('HubSpot')), { timeout: 60_000, interval: 500 }).toEqual(['3', '3', '2', '1', '0', '0', '1:10', '2', '0', '1']);
    await expect.poll(async () => cellsOf(statsRow('Zoho CRM')), { timeout: 60_000, interval: 500 }).toEqual(['3', '2', '1', '0', '1', '0', '1:05', '2', '0', '0']);
    await expect.poll(async () => cellsOf(contactRow(people.hubspot[0]!.fullName!)), { timeout: 60_000 }).toEqual([
      'HubSpot',
      people.hubspot[0]!.phoneE164 ?? people.hubspot[0]!.mobilePhoneE164,
      'AnsweredRenewing',
      '1:35',
      'Written back',
    ]);
    const goneRow = await cellsOf(contactRow(gone.fullName!));
    expect(goneRow.slice(0, 4)).toEqual(['HubSpot', gone.phoneE164 ?? gone.mobilePhoneE164, 'AnsweredCall back in May', '0:45']);
    expect(goneRow[4]).toMatch(/^Write-back failed.+/);
    expect(await cellsOf(contactRow(people.zoho[2]!.fullName!))).toEqual(['Zoho CRM', people.zoho[2]!.phoneE164 ?? people.zoho[2]!.mobilePhoneE164, 'Not called yet', '—', 'Not called yet']);
    await statsRegion().getByRole('alert').filter({ hasText: 'Some calls could not be written back to the CRM' }).waitFor();
    await statsRegion().locator('.recharts-surface').first().waitFor();
    await saveScreenshot(page, 'campaign-results');
    violations.push(...(await findSeriousViolations(page, '/campaigns/:id (results)')));

    // Keyboard: the retry is reachable by Tab and works with Enter (the failure stays: the contact is gone).
    const retry = statsRegion().getByRole('button', { name: 'Retry write-back' });
    await retry.focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await cellsOf(statsRow('HubSpot')))[9], { timeout: 60_000, interval: 500 }).toBe('1');

    // The agent's own page leads back into it: the campaign link goes to the agent, which lists its campaigns.
    await page.getByRole('link', { name: '← Renewals caller' }).click();
    await page.waitForURL((url) => url.pathname === `/agents/${agent.agent.id}`);
    const campaignsRegion = page.getByRole('region', { name: 'Campaigns' });
    const listed = campaignsRegion.getByRole('row', { name: /^Spring renewals\b/ });
    await listed.waitFor();
    // Its figures come with the list: 6 contacts, 5 called, 3 of them answered.
    await expect.poll(async () => (await cellsOf(listed)).slice(0, 3), { timeout: 60_000 }).toEqual(['6', '5', '60%']);
    await saveScreenshot(page, 'agent-with-campaigns');
    violations.push(...(await findSeriousViolations(page, '/agents/:id (with a campaign)')));
    await campaignsRegion.getByRole('link', { name: 'Spring renewals' }).click();
    await page.waitForURL((url) => url.pathname === `/campaigns/${campaignId}`);
    await page.getByRole('heading', { level: 1, name: 'Spring renewals' }).waitFor();
    expect(violations).toEqual([]);
  });
});
