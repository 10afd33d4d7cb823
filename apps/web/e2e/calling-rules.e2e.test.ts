import { ZContactListResponse, ZCreateAgentResponse, ZCampaignQueue, ZUserSettings, type TContact } from '@voiceagent/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSeriousViolations } from './support/accessibility';
import { createAccount, getAccessToken, uniqueEmail } from './support/accounts';
import { createApi } from './support/api-client';
import { launchChromium } from './support/chromium';
import { contactsList, contactsSection } from './support/crm-pages';
import { connectAndWaitForFirstSyncs } from './support/crm-syncs';
import { usePagePerTest } from './support/page-per-test';
import { startProduct, type Product } from './support/product';
import { saveScreenshot } from './support/screenshots';
import { signInThroughForm } from './support/sign-in';

/**
 * Calling rules as a person meets them: a number suppressed on the suppression list shows as the
 * reason its contact is not callable, and a campaign started with its own calling window shows its
 * queue and is paused and resumed from its page.
 */
let product: Product;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [product, browser] = await Promise.all([startProduct({ env: { CRM_SANDBOX_CONTACTS: '12' } }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

usePagePerTest({ label: 'calling-rules', product: () => product, browser: () => browser, onPage: (created) => (page = created), viewport: { width: 1280, height: 900 } });

const queueRegion = () => page.getByRole('region', { name: 'Call queue' });

describe('calling rules', () => {
  it('writes suppressions back to the CRMs once switched on, suppresses a number from the list screen, shows why its contact is not callable, pauses, resumes and cancels a campaign, and removes the suppression', { timeout: 240_000 }, async () => {
    const email = uniqueEmail('calling-rules');
    await createAccount(product.url, email);
    const api = createApi(product.url, await getAccessToken(product.url, email));
    await signInThroughForm(page, email, '/crm');
    await connectAndWaitForFirstSyncs(page, product.url, api, ['HubSpot']);
    const list = await api('/crm/contacts?callable=true&limit=50', ZContactListResponse);
    if (list.view !== 'unified') throw new Error('expected the unified view');
    const callable = list.items.filter((contact: TContact) => contact.notCallableReason === null && contact.phoneE164 !== null && contact.fullName);
    expect(callable.length).toBeGreaterThan(2);
    const target = callable[0]!;

    // The suppression list: empty, then the number added through the form.
    await page.getByRole('link', { name: 'Suppression list' }).click();
    await page.getByRole('heading', { level: 1, name: 'Suppression list' }).waitFor();
    await page.getByText('No number is suppressed.').waitFor();
    // Writing suppressions back to the CRMs: off by default, switched on here and saved.
    const writeBack = page.getByRole('switch', { name: 'Write suppressed numbers back to my CRMs' });
    expect(await writeBack.isChecked()).toBe(false);
    await writeBack.check();
    await expect.poll(async () => (await api('/me/settings', ZUserSettings)).suppressionWriteBack, { timeout: 60_000 }).toBe(true);
    await page.getByRole('button', { name: 'Add number' }).click();
    const dialog = page.getByRole('dialog', { name: 'Suppress a number' });
    await dialog.getByLabel(/^Phone number/).fill('call me');
    await dialog.getByRole('button', { name: 'Suppress number' }).click();
    await dialog.getByText('Only digits, spaces and + ( ) - . /').waitFor();
    await dialog.getByLabel(/^Phone number/).fill(target.phoneE164!);
    await dialog.getByLabel(/^Reason/).fill('Asked by email');
    await dialog.getByRole('button', { name: 'Suppress number' }).click();
    const suppressed = page.getByRole('table', { name: 'Suppressed numbers' }).getByRole('row', { name: new RegExp(target.phoneE164!.replace('+', '\\+')) });
    await suppressed.waitFor();
    expect(await suppressed.textContent()).toContain('Asked by email');
    // HubSpot has no field mapped to do not call here, so there is nothing to write.
    await suppressed.getByText('Nothing to update').waitFor();
    await saveScreenshot(page, 'suppressions');
    const violations = await findSeriousViolations(page, '/suppressions');

    // The contacts screen says why that contact is not callable.
    await page.goto('/crm');
    await contactsSection(page).getByLabel('Search contacts').fill(target.fullName!);
    const row = contactsList(page).getByRole('listitem').filter({ hasText: target.fullName! }).first();
    await row.getByText('Suppressed', { exact: true }).waitFor();
    expect(await row.textContent()).toContain('Its number is on your suppression list');

    // A campaign over the other callable contacts, with its own window: every day, the whole day.
    const agent = await api('/agents', ZCreateAgentResponse, {
      method: 'POST',
      body: { name: 'Window caller', voice: 'sage', contacts: { contactIds: callable.slice(1, 4).map((contact) => contact.id) } },
    });
    await page.goto(`/agents/${agent.agent.id}`);
    await page.getByRole('button', { name: 'Start a campaign' }).click();
    const start = page.getByRole('dialog', { name: 'Start a campaign' });
    await start.getByLabel(/^Campaign name/).fill('Around the clock');
    await start.getByRole('button', { name: /^Calling rules/ }).click();
    for (const day of ['Sat', 'Sun']) await start.getByText(day, { exact: true }).click();
    expect(await start.getByRole('checkbox', { name: 'Sun' }).isChecked()).toBe(true);
    await start.getByLabel(/^From/).fill('00:00');
    await start.getByLabel(/^Until/).fill('25:00');
    // Numbers whose zone cannot be told are called in UTC rather than skipped.
    await start.getByRole('radio', { name: 'Call them in this time zone:' }).check();
    await start.getByLabel(/^Fallback time zone/).fill('UTC');
    await start.getByRole('button', { name: 'Create campaign' }).click();
    await start.getByText(/from 00:01 to 24:00/).waitFor();
    await start.getByLabel(/^Until/).fill('24:00');
    await start.getByRole('button', { name: 'Create campaign' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/campaigns/'));
    const campaignId = new URL(page.url()).pathname.split('/').pop()!;

    // Its queue: three contacts, callable now whatever the hour; its rules as set.
    await queueRegion().getByText('Every day, 00:00–24:00', { exact: false }).waitFor();
    const queue = await api(`/campaigns/${campaignId}/queue`, ZCampaignQueue);
    expect(queue).toMatchObject({ total: 3, callableNow: 3 });
    expect(await queueRegion().locator('[data-count="callableNow"]').textContent()).toBe('3');
    await saveScreenshot(page, 'campaign-queue');
    violations.push(...(await findSeriousViolations(page, '/campaigns/:id (queue)')));

    await queueRegion().getByRole('button', { name: 'Pause' }).click();
    await queueRegion().getByLabel('Status: Paused').waitFor();
    expect((await api(`/campaigns/${campaignId}/queue`, ZCampaignQueue)).status).toBe('paused');
    await queueRegion().getByRole('button', { name: 'Resume' }).click();
    await queueRegion().getByLabel('Status: Running').waitFor();
    expect((await api(`/campaigns/${campaignId}/queue`, ZCampaignQueue)).status).toBe('running');

    // Cancelling is confirmed first: "Keep it" changes nothing, "Cancel campaign" ends it.
    await queueRegion().getByRole('button', { name: 'Cancel campaign' }).click();
    const cancelDialog = page.getByRole('dialog', { name: /^Cancel .*\?$/ });
    await cancelDialog.getByRole('button', { name: 'Keep it' }).click();
    await cancelDialog.waitFor({ state: 'hidden' });
    expect((await api(`/campaigns/${campaignId}/queue`, ZCampaignQueue)).status).toBe('running');
    await queueRegion().getByRole('button', { name: 'Cancel campaign' }).click();
    await cancelDialog.getByRole('button', { name: 'Cancel campaign' }).click();
    await queueRegion().getByLabel('Status: Cancelled').waitFor();
    expect((await api(`/campaigns/${campaignId}/queue`, ZCampaignQueue)).status).toBe('cancelled');

    // Removing the suppression is confirmed too, and empties the list again.
    await page.getByRole('link', { name: 'Suppression list' }).click();
    await page.getByRole('button', { name: `Remove ${target.phoneE164}` }).click();
    await page.getByRole('dialog', { name: `Remove ${target.phoneE164}?` }).getByRole('button', { name: 'Remove suppression' }).click();
    await page.getByText('No number is suppressed.').waitFor();
    expect(violations).toEqual([]);
  });
});
