import type { Locator, Page } from 'playwright-core';

/** A platform's card on /crm, found by its heading. */
export const platformCard = (page: Page, name: 'HubSpot' | 'Zoho CRM'): Locator =>
  page.getByRole('region', { name, exact: true });

/** A toast (Mantine notifications are alerts), found by its title. */
export const toast = (page: Page, title: string): Locator =>
  page.locator('.mantine-Notification-root[role="alert"]').filter({ has: page.getByText(title, { exact: true }) });

/** On the sandbox HubSpot's consent page: the account it will install into, then Grant access. */
export async function grantHubSpotConsent(page: Page): Promise<{ accountDomain: string }> {
  await page.getByRole('heading', { name: /wants to access your HubSpot account/ }).waitFor();
  const option = (await page.getByLabel('Account').locator('option:checked').textContent()) ?? '';
  const accountDomain = /, ([^,()]+)\)$/.exec(option)?.[1];
  if (!accountDomain) throw new Error(`the consent page's account option has no domain: ${option}`);
  await page.getByRole('button', { name: 'Grant access' }).click();
  return { accountDomain };
}

export async function denyHubSpotConsent(page: Page): Promise<void> {
  await page.getByRole('heading', { name: /wants to access your HubSpot account/ }).waitFor();
  await page.getByRole('button', { name: 'Deny' }).click();
}

/** On the sandbox Zoho's consent page: the account of one data centre (zoho.eu, zoho.com…), then Accept. */
export async function acceptZohoConsent(page: Page, domain: 'com' | 'eu'): Promise<{ accountName: string }> {
  await page.getByRole('heading', { name: /would like to access your Zoho account/ }).waitFor();
  const account = page.locator('label.account').filter({ hasText: `(zoho.${domain})` });
  await account.getByRole('radio').check();
  const accountName = (await account.locator('span').first().textContent())?.trim();
  if (!accountName) throw new Error(`the consent page has no zoho.${domain} account`);
  await page.getByRole('button', { name: 'Accept' }).click();
  return { accountName };
}
