import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSeriousViolations } from './support/accessibility';
import { createAccount, getSignInErrorMessage, PASSWORD, uniqueEmail } from './support/accounts';
import { launchChromium } from './support/chromium';
import { usePagePerTest } from './support/page-per-test';
import { startProduct, type Product } from './support/product';

let product: Product;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  product = await startProduct();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

usePagePerTest({ label: 'auth', product: () => product, browser: () => browser, onPage: (created) => (page = created) });

const pageHeading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true });
const pathOf = (url: URL) => `${url.pathname}${url.search}`;
const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? null);

async function waitForPath(path: string): Promise<void> {
  await page.waitForURL((url) => pathOf(url) === path);
}

async function fillCredentials(email: string, password: string): Promise<void> {
  await page.getByLabel(/^Email/).fill(email);
  await page.getByLabel(/^Password/).fill(password);
}

async function signIn(email: string, password = PASSWORD): Promise<void> {
  await pageHeading('Sign in').waitFor();
  await fillCredentials(email, password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

describe('signing up, out and in', () => {
  it('takes a new person from sign-up into the shell, out again, and back in across a reload', async () => {
    const email = uniqueEmail('new-person');

    await page.goto('/sign-up');
    await pageHeading('Create your account').waitFor();
    await fillCredentials(email, PASSWORD);
    await page.getByRole('button', { name: 'Create account', exact: true }).click();

    await waitForPath('/crm');
    await pageHeading('CRM').waitFor();
    await page.getByRole('banner').getByText(email).waitFor();
    // A new person lands on the CRM page with every platform ready to connect.
    await page.getByRole('button', { name: 'Connect HubSpot' }).waitFor();
    expect(await page.getByRole('button', { name: 'Connect Zoho CRM' }).isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await waitForPath('/sign-in');

    await signIn(email);
    await waitForPath('/crm');
    await page.reload();
    await pageHeading('CRM').waitFor();
    expect(pathOf(new URL(page.url()))).toBe('/crm');
    await page.getByRole('banner').getByText(email).waitFor();
  });

  it("shows the server's message when the password is wrong, and stays on sign-in", async () => {
    const email = uniqueEmail('wrong-password');
    await createAccount(product.url, email);
    const serverMessage = await getSignInErrorMessage(product.url, email, 'not the password');

    await page.goto('/sign-in');
    await signIn(email, 'not the password');

    const alert = page.getByRole('alert').filter({ hasText: 'Sign-in failed' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain(serverMessage);
    expect(pathOf(new URL(page.url()))).toBe('/sign-in');
  });

  it('creates no second account for a taken email, and says so without confirming that the email has one', async () => {
    const email = uniqueEmail('taken');
    await createAccount(product.url, email);

    await page.goto('/sign-up');
    await pageHeading('Create your account').waitFor();
    await fillCredentials(email, PASSWORD);
    await page.getByRole('button', { name: 'Create account', exact: true }).click();

    const notice = page.getByRole('status').filter({ hasText: 'No new account was created' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain(`If ${email} already has an account`);
    expect(pathOf(new URL(page.url()))).toBe('/sign-up');
  });

  it('explains what is wrong with the form before asking the server', async () => {
    await page.goto('/sign-up');
    await pageHeading('Create your account').waitFor();
    await page.getByRole('button', { name: 'Create account', exact: true }).click();

    await page.getByText('Enter your email address').waitFor();
    await page.getByText('Choose a password').waitFor();
    // The first wrong field takes focus and announces itself as invalid.
    const email = page.getByLabel(/^Email/);
    expect(await email.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await email.getAttribute('aria-invalid')).toBe('true');

    await fillCredentials('not-an-email', 'short');
    await page.getByRole('button', { name: 'Create account', exact: true }).click();
    await page.getByText('Enter a valid email address, like name@company.com').waitFor();
    await page.getByText('Use at least 8 characters').waitFor();
    expect(pathOf(new URL(page.url()))).toBe('/sign-up');
  });
});

describe('route guards', () => {
  it('sends a signed-out visitor of /crm to sign-in', async () => {
    await page.goto('/crm');

    await waitForPath('/sign-in?redirectTo=%2Fcrm');
    await pageHeading('Sign in').waitFor();
  });

  it('brings a person back to the page they asked for after signing in', async () => {
    const email = uniqueEmail('returning');
    await createAccount(product.url, email);

    await page.goto('/agents');
    await waitForPath('/sign-in?redirectTo=%2Fagents');
    await signIn(email);

    await waitForPath('/agents');
    await pageHeading('Agents').waitFor();
    await page.getByRole('heading', { name: 'Create your first agent' }).waitFor();
  });

  it('sends a signed-in visitor of sign-in and sign-up on to the CRM page', async () => {
    const email = uniqueEmail('already-in');
    await createAccount(product.url, email);
    await page.goto('/sign-in');
    await signIn(email);
    await waitForPath('/crm');

    await page.goto('/sign-in');
    await waitForPath('/crm');
    await page.goto('/sign-up');
    await waitForPath('/crm');
    await pageHeading('CRM').waitFor();
  });

  it('shows a not-found page for an unknown address', async () => {
    await page.goto('/no-such-page');

    await pageHeading('Page not found').waitFor();
    expect(await page.getByText('/no-such-page').isVisible()).toBe(true);
  });
});

describe('start-up', () => {
  it('offers Retry when the configuration cannot be loaded, and starts when it can', async () => {
    let failuresLeft = 1;
    await page.route('**/api/v1/config', async (route) => {
      if (failuresLeft-- > 0) {
        await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'service_unavailable', message: 'The database is not reachable' } }) });
      } else {
        await route.continue();
      }
    });

    await page.goto('/sign-in');
    await page.getByRole('heading', { name: 'VoiceAgent CRM could not start' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('The database is not reachable');
    await page.getByRole('button', { name: 'Retry' }).click();

    await pageHeading('Sign in').waitFor();
  });
});

describe('keyboard and screen readers', () => {
  it('signs in with the keyboard alone and moves focus to each new page heading', async () => {
    const email = uniqueEmail('keyboard');
    await createAccount(product.url, email);

    await page.goto('/sign-in');
    await pageHeading('Sign in').waitFor();
    expect(await focusedText()).toBe('Sign in');
    await page.keyboard.press('Tab');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');

    await waitForPath('/crm');
    await pageHeading('CRM').waitFor();
    expect(await focusedText()).toBe('CRM');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agents' }).focus();
    await page.keyboard.press('Enter');
    await waitForPath('/agents');
    await pageHeading('Agents').waitFor();
    expect(await focusedText()).toBe('Agents');
    expect(await page.getByRole('link', { name: 'Agents' }).getAttribute('aria-current')).toBe('page');
  });

  it('has no serious or critical axe violation on sign-in, sign-up, CRM, Agents and not-found', async () => {
    const violations: string[] = [];

    await page.goto('/sign-in');
    await pageHeading('Sign in').waitFor();
    violations.push(...(await findSeriousViolations(page, 'sign-in')));
    // With its validation messages showing, too.
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Enter your password').waitFor();
    violations.push(...(await findSeriousViolations(page, 'sign-in with errors')));

    await page.goto('/sign-up');
    await pageHeading('Create your account').waitFor();
    violations.push(...(await findSeriousViolations(page, 'sign-up')));

    await fillCredentials(uniqueEmail('axe'), PASSWORD);
    await page.getByRole('button', { name: 'Create account', exact: true }).click();
    await page.getByRole('button', { name: 'Connect HubSpot' }).waitFor();
    violations.push(...(await findSeriousViolations(page, 'CRM')));

    await page.getByRole('link', { name: 'Agents' }).click();
    await page.getByRole('heading', { name: 'Create your first agent' }).waitFor();
    violations.push(...(await findSeriousViolations(page, 'Agents')));

    await page.goto('/no-such-page');
    await pageHeading('Page not found').waitFor();
    violations.push(...(await findSeriousViolations(page, 'not-found')));

    expect(violations).toEqual([]);
  });
});

describe('the Activity screen', () => {
  it('lists a failed and a successful sign-in, filters by kind, and has no serious accessibility violations', async () => {
    const email = uniqueEmail('activity');
    await createAccount(product.url, email);

    await page.goto('/sign-in');
    await signIn(email, 'not the password');
    await page.getByRole('alert').filter({ hasText: 'Sign-in failed' }).waitFor();
    await fillCredentials(email, PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await waitForPath('/crm');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
    await pageHeading('Activity').waitFor();
    const rows = page.getByRole('table').getByRole('row').filter({ hasText: 'Sign-in' });
    await rows.filter({ hasText: 'Succeeded' }).waitFor();
    await rows.filter({ hasText: 'Failed' }).filter({ hasText: 'wrong password' }).waitFor();
    expect(await findSeriousViolations(page, '/activity')).toEqual([]);

    await page.getByRole('textbox', { name: 'What happened' }).click();
    await page.getByRole('option', { name: 'Agent created' }).click();
    await page.getByRole('heading', { name: 'Nothing matches these filters' }).waitFor();
  });
});
