import type { Page } from 'playwright-core';
import { PASSWORD } from './accounts';

/** Signs in through the sign-in form and waits until the app has taken the person to `path`. */
export async function signInThroughForm(page: Page, email: string, path: string): Promise<void> {
  await page.goto(`/sign-in?redirectTo=${encodeURIComponent(path)}`);
  await page.getByLabel(/^Email/).fill(email);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname === path);
}
