import { ZContactListResponse, ZCrmFieldCatalogue, ZFieldMappingsResponse } from '@voiceagent/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSeriousViolations } from './support/accessibility';
import { createAccount, getAccessToken, uniqueEmail } from './support/accounts';
import { launchChromium } from './support/chromium';
import { contactsList, platformCard, toast } from './support/crm-pages';
import { usePagePerTest } from './support/page-per-test';
import { startProduct, type Product } from './support/product';
import { saveScreenshot } from './support/screenshots';
import { createApi, type Api } from './support/api-client';
import { connectAndWaitForFirstSyncs, waitForIdleSyncs } from './support/crm-syncs';
import { signInThroughForm } from './support/sign-in';

/**
 * Custom fields in the real product: the sandbox HubSpot's `plan` property (a picklist the
 * sandbox fills for most seeded contacts) is chosen on the Fields screen, saved, backfilled, and
 * then read in the contacts list and the contact's drawer.
 */
let product: Product;
let browser: Browser;
let page: Page;

const SYNC_TIMEOUT_MS = 180_000;

beforeAll(async () => {
  [product, browser] = await Promise.all([startProduct({ env: { CRM_SANDBOX_CONTACTS: '40' } }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

usePagePerTest({ label: 'custom-fields', product: () => product, browser: () => browser, onPage: (created) => (page = created), viewport: { width: 1440, height: 900 } });

/** A new account, signed in on /crm with the sandbox HubSpot connected and its first sync done. */
async function signUpWithHubSpot(label: string): Promise<Api & { deleteHubSpotField: (name: string) => Promise<void> }> {
  const email = uniqueEmail(label);
  await createAccount(product.url, email);
  const api = createApi(product.url, await getAccessToken(product.url, email));
  await signInThroughForm(page, email, '/crm');
  const { hubspotSandboxUrl: sandboxUrl, hubspotAccountDomain: accountDomain } = await connectAndWaitForFirstSyncs(page, product.url, api, ['HubSpot']);
  // As if someone deleted the property in HubSpot's settings (the sandbox's admin API).
  const deleteHubSpotField = async (name: string) => {
    const accounts = (await (await fetch(`${sandboxUrl}/__sandbox/accounts`)).json()) as Array<{ id: string | number; domain: string }>;
    const account = accounts.find((a) => a.domain === accountDomain);
    if (!account) throw new Error(`the sandbox has no portal ${accountDomain}`);
    const response = await fetch(`${sandboxUrl}/__sandbox/accounts/${account.id}/contact-fields/${name}`, { method: 'DELETE' });
    if (response.status !== 204) throw new Error(`deleting ${name}: ${response.status} ${await response.text()}`);
  };
  return Object.assign(api, { deleteHubSpotField });
}

describe('custom fields from the CRM screen to the contacts list', () => {
  it('maps a HubSpot picklist as a custom field, backfills it, and shows its labels in a list column and the contact drawer', async () => {
    const api = await signUpWithHubSpot('custom-fields');
    const hubspot = platformCard(page, 'HubSpot');

    // The Fields screen: the catalogue, searchable, with the field's type.
    await hubspot.getByRole('button', { name: 'HubSpot fields' }).click();
    const drawer = page.getByRole('dialog', { name: 'HubSpot fields' });
    await drawer.getByRole('heading', { name: 'VoiceAgent fields' }).waitFor();
    await drawer.getByLabel('Search fields').fill('plan');
    const plan = drawer.getByRole('checkbox', { name: 'Plan', exact: true });
    await plan.waitFor();
    expect(await plan.isChecked()).toBe(false);
    await plan.check();
    const key = drawer.getByRole('textbox', { name: 'Key for Plan' });
    expect(await key.inputValue()).toBe('plan');
    await saveScreenshot(page, 'custom-fields-mapping');
    expect(await findSeriousViolations(page, 'CRM, Fields drawer')).toEqual([]);

    await drawer.getByRole('button', { name: 'Save' }).click();
    await toast(page, 'Field mapping saved').waitFor();
    await drawer.waitFor({ state: 'hidden' });
    // The backfill is followed on the card like any sync, and says what it is when it ends.
    await toast(page, 'HubSpot fields backfilled').waitFor({ timeout: SYNC_TIMEOUT_MS });
    const saved = await api('/crm/hubspot/field-mappings', ZFieldMappingsResponse);
    expect(saved.mappings).toContainEqual(expect.objectContaining({ field: 'plan', target: { kind: 'custom', key: 'plan' }, status: 'ok' }));

    // What the screens must show: the contacts the API says have a plan, by the option's label.
    const catalogue = await api('/crm/hubspot/fields', ZCrmFieldCatalogue);
    const labels = new Map(catalogue.fields.find((f) => f.name === 'plan')!.options.map((o) => [o.value, o.label]));
    const listed = await api('/crm/contacts?view=unified&sort=name&limit=100', ZContactListResponse);
    if (listed.view !== 'unified') throw new Error('expected the unified view');
    const withPlan = listed.items.filter((c) => typeof c.customFields.plan === 'string' && c.fullName !== null);
    expect(withPlan.length).toBeGreaterThan(0);

    // The column chooser offers the mapped field; its cells show the label, not the stored value.
    await page.getByRole('button', { name: /^Columns/ }).click();
    await page.getByRole('checkbox', { name: 'Plan' }).check();
    await page.keyboard.press('Escape');
    const firstWithPlan = withPlan[0]!;
    const expectedLabel = labels.get(firstWithPlan.customFields.plan as string)!;
    const row = contactsList(page).getByRole('listitem').filter({ has: page.getByRole('button', { name: firstWithPlan.fullName!, exact: true }) });
    const cell = row.locator('[data-column="custom:plan"]');
    await cell.waitFor();
    expect(await cell.textContent()).toBe(`Plan${expectedLabel}`);
    await saveScreenshot(page, 'custom-fields-column');

    // The choice is remembered in this browser.
    await page.reload();
    await contactsList(page).locator('[data-column="custom:plan"]').first().waitFor();

    // The drawer: every synced field, standard then custom, with the CRM's label.
    await row.getByRole('button', { name: firstWithPlan.fullName!, exact: true }).click();
    const details = page.getByRole('dialog', { name: firstWithPlan.fullName!, exact: true });
    const custom = details.getByRole('table', { name: 'Custom' });
    const planRow = custom.getByRole('row').filter({ hasText: 'Plan' });
    await planRow.waitFor();
    expect(await planRow.getByRole('cell').textContent()).toBe(expectedLabel);
    expect(await details.getByRole('table', { name: 'Standard' }).getByRole('row').filter({ hasText: 'Email' }).getByRole('cell').textContent()).toBe(firstWithPlan.email ?? '—');
    await saveScreenshot(page, 'custom-fields-drawer');
    expect(await findSeriousViolations(page, 'CRM, contact drawer')).toEqual([]);
  });

  it('offers prompt variables in the agent editor, flags an unknown one before saving, and previews the prompt for a contact', async () => {
    const api = await signUpWithHubSpot('prompt-editor');
    await api('/crm/hubspot/field-mappings', ZFieldMappingsResponse, { method: 'PUT', body: { mappings: [{ objectType: 'contact', field: 'plan', target: { kind: 'custom', key: 'plan' } }] } });
    await waitForIdleSyncs(api, ['hubspot']);
    const listed = await api('/crm/contacts?view=unified&sort=name&limit=1', ZContactListResponse);
    if (listed.view !== 'unified') throw new Error('expected the unified view');
    const first = listed.items[0]!;

    await page.goto('/agents/new');
    const greeting = page.getByRole('textbox', { name: 'Greeting' });
    await greeting.fill('Hi');
    // Inserted at the cursor, from the variables the server lists (the mapped key among them).
    const insert = page.getByRole('button', { name: 'Insert variable' }).first();
    await insert.click();
    await page.getByRole('menuitem', { name: /^First name/ }).click();
    expect(await greeting.inputValue()).toBe('Hi {{contact.first_name}}');
    await greeting.press('End');
    await greeting.pressSequentially(', about {{custom.plann}} ');
    const flagged = page.getByText('⚠ Unknown variable custom.plann', { exact: false });
    await flagged.waitFor();
    await insert.click();
    await page.getByRole('menuitem', { name: /^Plan/ }).click();
    expect(await greeting.inputValue()).toBe('Hi {{contact.first_name}}, about {{custom.plann}} {{custom.plan}}');

    // Saving is refused here, on the field, before the server is asked.
    await page.getByLabel(/^Name/).fill('Renewals');
    await page.getByRole('button', { name: 'Create agent' }).click();
    await page.getByText(/Unknown variable custom\.plann: no CRM field is mapped/).first().waitFor();
    expect(await greeting.getAttribute('aria-invalid')).toBe('true');

    // The preview renders for the first contact by name until another is chosen.
    await greeting.fill('Hi {{contact.first_name | "there"}}, your plan: {{custom.plan | "none yet"}}');
    await page.getByRole('button', { name: 'Preview for a contact' }).click();
    const preview = page.getByRole('region', { name: 'Preview' });
    // Said by the option's label; a contact without a plan gets the default, and the preview names what was missing.
    const catalogue = await api('/crm/hubspot/fields', ZCrmFieldCatalogue);
    const plan = first.customFields.plan;
    const planLabel = typeof plan === 'string' ? catalogue.fields.find((f) => f.name === 'plan')!.options.find((o) => o.value === plan)?.label : undefined;
    const rendered = preview.getByTestId('preview-greeting');
    await rendered.filter({ hasText: `Hi ${first.firstName ?? 'there'}, your plan: ${planLabel ?? 'none yet'}` }).waitFor();
    expect(await preview.getByRole('alert').filter({ hasText: 'No value for this contact' }).isVisible()).toBe(planLabel === undefined);
    await saveScreenshot(page, 'custom-fields-prompt-preview');
    expect(await findSeriousViolations(page, 'Create agent, prompt preview')).toEqual([]);
  });

  it('marks a mapping broken on the card and the Fields screen once the CRM has deleted its field, and saving drops it', async () => {
    const api = await signUpWithHubSpot('broken-field');
    await api('/crm/hubspot/field-mappings', ZFieldMappingsResponse, { method: 'PUT', body: { mappings: [{ objectType: 'contact', field: 'seats', target: { kind: 'custom', key: 'seats' } }] } });
    await waitForIdleSyncs(api, ['hubspot']);
    await api.deleteHubSpotField('seats');
    await page.reload();

    const hubspot = platformCard(page, 'HubSpot');
    await hubspot.getByRole('button', { name: 'HubSpot fields' }).click();
    const drawer = page.getByRole('dialog', { name: 'HubSpot fields' });
    await drawer.getByRole('heading', { name: 'VoiceAgent fields' }).waitFor();
    await drawer.getByRole('button', { name: 'Refresh from CRM' }).click();
    const broken = drawer.getByRole('alert').filter({ hasText: '1 field mapping is broken' });
    await broken.waitFor();
    expect(await broken.textContent()).toMatch(/Seats.*\(seats\) → seats/);
    await drawer.getByRole('button', { name: 'Cancel' }).click();
    const notice = hubspot.getByRole('alert').filter({ hasText: '1 field mapping is broken' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Seats is no longer in HubSpot');
    await saveScreenshot(page, 'custom-fields-broken');

    // Review fields → Save: the broken mapping goes, and with it the notice.
    await notice.getByRole('button', { name: 'Review fields' }).click();
    await drawer.getByRole('button', { name: 'Save' }).click();
    await toast(page, 'Field mapping saved').waitFor();
    await notice.waitFor({ state: 'detached' });
    const saved = await api('/crm/hubspot/field-mappings', ZFieldMappingsResponse);
    expect(saved.mappings.filter((m) => m.status === 'broken')).toEqual([]);
  });
});
