import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findSeriousViolations } from './support/accessibility';
import { createAccount, PASSWORD, uniqueEmail } from './support/accounts';
import { launchChromium } from './support/chromium';
import { acceptZohoConsent, denyHubSpotConsent, grantHubSpotConsent, platformCard, toast } from './support/crm-pages';
import { startProduct, type Product } from './support/product';
import { saveScreenshot } from './support/screenshots';

let product: Product;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
let outputMark: number;

beforeAll(async () => {
  product = await startProduct();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

beforeEach(async () => {
  context = await browser.newContext({ baseURL: product.url, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  pageErrors = [];
  outputMark = product.outputMark();
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterEach(async (test) => {
  if (test.task.result?.state === 'fail') {
    await saveScreenshot(page, `failed-${test.task.name.replace(/\W+/g, '-').slice(0, 60)}`).catch(() => undefined);
    console.error(`[e2e] what the product printed during this test:\n${product.outputSince(outputMark).slice(-8_000)}`);
  }
  await context.close();
  expect(pageErrors).toEqual([]);
});

const pathOf = (url: URL) => `${url.pathname}${url.search}`;

/** A new account, signed in through the UI, on /crm. */
async function signInAsNewPerson(label: string): Promise<void> {
  const email = uniqueEmail(label);
  await createAccount(product.url, email);
  await page.goto('/sign-in?redirectTo=%2Fcrm');
  await page.getByLabel(/^Email/).fill(email);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/crm');
  await platformCard(page, 'HubSpot').waitFor();
}

/** Connect on a card, which leaves for the provider's consent page. */
async function startConnecting(name: 'HubSpot' | 'Zoho CRM'): Promise<void> {
  await platformCard(page, name).getByRole('button', { name: `Connect ${name}` }).click();
  await page.waitForURL((url) => !url.href.startsWith(product.url));
}

async function waitForCrmPage(): Promise<void> {
  await page.waitForURL((url) => url.href.startsWith(product.url) && url.pathname === '/crm');
}

describe('connecting and disconnecting CRMs', () => {
  it('connects the sandbox HubSpot and Zoho (EU) through their consent pages, then disconnects HubSpot', async () => {
    await signInAsNewPerson('connect');
    const hubspot = platformCard(page, 'HubSpot');
    const zoho = platformCard(page, 'Zoho CRM');
    await hubspot.getByText('Not connected', { exact: true }).waitFor();
    await zoho.getByText('Not connected', { exact: true }).waitFor();
    await saveScreenshot(page, 'crm-not-connected');

    await startConnecting('HubSpot');
    const { accountDomain } = await grantHubSpotConsent(page);
    await waitForCrmPage();
    await toast(page, 'HubSpot connected').waitFor();
    // The callback's ?connected= is read once, then taken out of the address.
    await page.waitForURL((url) => pathOf(url) === '/crm');
    // Connecting starts the first sync, so the badge may already say Syncing.
    await hubspot.getByText(`Connected to ${accountDomain}`).waitFor();
    expect(await hubspot.getByText('Sandbox', { exact: true }).isVisible()).toBe(true);
    expect(await hubspot.getByText(/^(Connected|Syncing)$/).isVisible()).toBe(true);
    await saveScreenshot(page, 'crm-hubspot-connected');

    await startConnecting('Zoho CRM');
    const { accountName } = await acceptZohoConsent(page, 'eu');
    await waitForCrmPage();
    await toast(page, 'Zoho CRM connected').waitFor();
    await zoho.getByText(`Connected to ${accountName} · EU data centre`).waitFor();
    await saveScreenshot(page, 'crm-both-connected');

    await hubspot.getByRole('button', { name: 'Disconnect HubSpot' }).click();
    const dialog = page.getByRole('dialog', { name: 'Disconnect HubSpot?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/remove its [\d,]+ synced contacts? from\s+VoiceAgent CRM/);
    await saveScreenshot(page, 'crm-disconnect-dialog');
    await dialog.getByRole('button', { name: 'Disconnect and remove contacts' }).click();

    const done = toast(page, 'HubSpot disconnected');
    await done.waitFor();
    expect(await done.textContent()).toMatch(/[\d,]+ synced contacts? removed from VoiceAgent CRM\./);
    await hubspot.getByText('Not connected', { exact: true }).waitFor();
    await hubspot.getByRole('button', { name: 'Connect HubSpot' }).waitFor();
    expect(await zoho.getByText(`Connected to ${accountName}`).isVisible()).toBe(true);
  });

  it('explains a declined consent and leaves the platform unconnected', async () => {
    await signInAsNewPerson('deny');

    await startConnecting('HubSpot');
    await denyHubSpotConsent(page);
    await waitForCrmPage();

    const notice = toast(page, 'HubSpot was not connected');
    await notice.waitFor();
    expect(await notice.textContent()).toContain("Access was declined on HubSpot's page");
    await page.waitForURL((url) => pathOf(url) === '/crm');
    await saveScreenshot(page, 'crm-consent-denied');
    expect(await platformCard(page, 'HubSpot').getByRole('button', { name: 'Connect HubSpot' }).isVisible()).toBe(true);
  });

  it('keeps the dialog open with the server\'s message when disconnecting fails', async () => {
    await signInAsNewPerson('disconnect-fails');
    await startConnecting('HubSpot');
    const { accountDomain } = await grantHubSpotConsent(page);
    await waitForCrmPage();
    await platformCard(page, 'HubSpot').getByText(`Connected to ${accountDomain}`).waitFor();

    await page.route('**/api/v1/crm/hubspot', (route) =>
      route.request().method() === 'DELETE'
        ? route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'service_unavailable', message: 'The database is not reachable' } }) })
        : route.continue(),
    );
    await platformCard(page, 'HubSpot').getByRole('button', { name: 'Disconnect HubSpot' }).click();
    const dialog = page.getByRole('dialog', { name: 'Disconnect HubSpot?' });
    await dialog.getByRole('button', { name: 'Disconnect and remove contacts' }).click();

    await dialog.getByRole('alert').filter({ hasText: 'The database is not reachable' }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await platformCard(page, 'HubSpot').getByText(`Connected to ${accountDomain}`).isVisible()).toBe(true);
  });

  it("shows the server's message and Retry when the connections cannot be loaded", async () => {
    // Failing until Retry: the app itself asks once more after a 5xx before showing the error.
    let isFailing = true;
    await page.route('**/api/v1/crm/credentials', async (route) => {
      if (isFailing) {
        await route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'internal', message: 'Something broke on our side' } }) });
      } else {
        await route.continue();
      }
    });
    const email = uniqueEmail('credentials-fail');
    await createAccount(product.url, email);
    await page.goto('/sign-in?redirectTo=%2Fcrm');
    await page.getByLabel(/^Email/).fill(email);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    const alert = page.getByRole('alert').filter({ hasText: 'Could not load your CRM connections' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Something broke on our side');
    await saveScreenshot(page, 'crm-connections-error');
    isFailing = false;
    await alert.getByRole('button', { name: 'Retry' }).click();
    await platformCard(page, 'HubSpot').waitFor();
  });
});

describe('accessibility of /crm', () => {
  it('has no serious or critical axe violation with nothing connected, with a connection, and in the disconnect dialog', async () => {
    const violations: string[] = [];
    await signInAsNewPerson('axe-crm');
    violations.push(...(await findSeriousViolations(page, 'CRM, nothing connected')));

    await startConnecting('Zoho CRM');
    const { accountName } = await acceptZohoConsent(page, 'com');
    await waitForCrmPage();
    await platformCard(page, 'Zoho CRM').getByText(`Connected to ${accountName}`).waitFor();
    violations.push(...(await findSeriousViolations(page, 'CRM, Zoho connected')));

    await platformCard(page, 'Zoho CRM').getByRole('button', { name: 'Disconnect Zoho CRM' }).click();
    await page.getByRole('dialog', { name: 'Disconnect Zoho CRM?' }).waitFor();
    violations.push(...(await findSeriousViolations(page, 'CRM, disconnect dialog')));

    expect(violations).toEqual([]);
  });
});
