import type { TPlatform } from '@voiceagent/shared';
import { approveConsent } from './sandbox-consent';
import type { TestProduct } from './start-test-product';
import { createTestBrowser } from './test-browser';
import { signUpTestUser, type TestUser } from './test-users';

/**
 * Tests of the product in run mode reach the sandboxes it started itself: their origin is the
 * one the product's own authorisation URL points at.
 */
export function sandboxOriginOf(product: TestProduct, platform: TPlatform): string {
  const url = product.services.registry.get(platform).buildAuthorizationUrl({ state: 'x', redirectUri: 'http://localhost/cb' });
  return new URL(url).origin;
}

/** A new user who has connected the given CRMs through their real consent pages. */
export async function signUpConnectedUser(product: TestProduct, ...platforms: TPlatform[]): Promise<TestUser> {
  const user = await signUpTestUser(product);
  for (const platform of platforms) await connectCrm(product, user, platform);
  return user;
}

/**
 * Connects (or, when already connected, reconnects) a CRM through its real consent page, in one
 * browser: the callback completes only where the flow started (its cookie).
 */
export async function connectCrm(product: TestProduct, user: TestUser, platform: TPlatform): Promise<void> {
  const browser = createTestBrowser();
  const start = await browser.fetch(`${product.url}/api/v1/crm/${platform}/oauth`, { headers: user.authorization });
  const callback = await approveConsent(((await start.json()) as { url: string }).url);
  const landing = await browser.fetch(callback, { redirect: 'manual' });
  if (landing.status !== 302 || !landing.headers.get('location')?.includes(`connected=${platform}`)) {
    throw new Error(`connecting ${platform} failed: ${landing.status} ${landing.headers.get('location')}`);
  }
}

/**
 * The admin API of the Salesforce sandbox the product started in run mode: `/_admin` on its login
 * origin (orgs, records, API limits, faults, clock), for tests that change the org under the product.
 */
export function salesforceAdminUrlOf(product: TestProduct): string {
  return `${sandboxOriginOf(product, 'salesforce')}/_admin`;
}
