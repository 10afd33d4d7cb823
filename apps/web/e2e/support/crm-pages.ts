import type { Locator, Page } from 'playwright-core';

/** A platform's card on /crm, found by its heading. */
export const platformCard = (page: Page, name: 'HubSpot' | 'Zoho CRM'): Locator =>
  page.getByRole('region', { name, exact: true });

/** A toast (Mantine notifications are alerts), found by its title. */
export const toast = (page: Page, title: string): Locator =>
  page.locator('.mantine-Notification-root[role="alert"]').filter({ has: page.getByText(title, { exact: true }) });

/**
 * On the sandbox HubSpot's consent page: reads the account it will install into, lets the test
 * prepare the sandbox (whose address this page reveals), then grants access.
 */
export async function grantHubSpotConsent(
  page: Page,
  beforeGrant?: (sandboxUrl: string) => Promise<void>,
): Promise<{ accountDomain: string; sandboxUrl: string }> {
  await page.getByRole('heading', { name: /wants to access your HubSpot account/ }).waitFor();
  const option = (await page.getByLabel('Account').locator('option:checked').textContent()) ?? '';
  const accountDomain = /, ([^,()]+)\)$/.exec(option)?.[1];
  if (!accountDomain) throw new Error(`the consent page's account option has no domain: ${option}`);
  const sandboxUrl = new URL(page.url()).origin;
  await beforeGrant?.(sandboxUrl);
  await page.getByRole('button', { name: 'Grant access' }).click();
  return { accountDomain, sandboxUrl };
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

/** The Contacts section below the cards. */
export const contactsSection = (page: Page): Locator => page.getByRole('region', { name: 'Contacts', exact: true });

/** A virtualised list by its name ("Contacts", "HubSpot contacts"): only rendered rows are in it. */
export const contactsList = (page: Page, name = 'Contacts'): Locator => page.getByRole('list', { name, exact: true });

/** Its scrolling box, named "<list>, <loaded> of <total> loaded". */
export const contactsScroller = (page: Page, name = 'Contacts'): Locator =>
  page.getByRole('region', { name: new RegExp(`^${name}, [\\d,]+ of [\\d,]+ loaded$`) });

export type ScrollReport = { rowsSeen: number; lastPosition: number; setSize: number; mostRowsRendered: number; duplicatesSeen: number; slowFrames: number; frames: number };

/**
 * Scrolls a contacts list to its very end a few screens at a time, as a person flinging the
 * wheel would, and reports what was rendered on the way and how long frames took meanwhile.
 */
export async function scrollToEnd(page: Page, listName = 'Contacts', timeoutMs = 90_000): Promise<ScrollReport> {
  const scroller = contactsScroller(page, listName);
  await scroller.waitFor();
  const handle = await scroller.elementHandle();
  if (!handle) throw new Error(`no scroller for ${listName}`);
  return handle.evaluate(async (element, timeout) => {
    const deadline = Date.now() + timeout;
    const seen = new Set<string>();
    let mostRowsRendered = 0;
    let duplicatesSeen = 0;
    let slowFrames = 0;
    let frames = 0;
    let last = performance.now();
    let isMeasuring = true;
    const tick = (now: number) => {
      if (now - last > 50) slowFrames += 1;
      frames += 1;
      last = now;
      if (isMeasuring) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const rows = () => [...element.querySelectorAll<HTMLElement>('[role="listitem"]')];
    const read = () => {
      const current = rows();
      mostRowsRendered = Math.max(mostRowsRendered, current.length);
      for (const row of current) {
        const position = row.getAttribute('aria-posinset') ?? '';
        if (!seen.has(position) && /Also in /.test(row.textContent ?? '')) duplicatesSeen += 1;
        seen.add(position);
      }
      return current;
    };
    // A frame, or 100 ms when the browser holds frames back (a starved or backgrounded page gets
    // none): the loop must keep reaching its deadline check, never wait for ever.
    const frame = () =>
      new Promise<void>((resolve) => {
        requestAnimationFrame(() => resolve());
        setTimeout(resolve, 100);
      });
    for (;;) {
      const current = read();
      const setSize = Number(current[0]?.getAttribute('aria-setsize') ?? 0);
      const lastRow = current.at(-1);
      const lastPosition = Number(lastRow?.getAttribute('aria-posinset') ?? 0);
      const isLoadingRow = /Loading more contacts/.test(lastRow?.textContent ?? '');
      const isAtBottom = element.scrollTop + element.clientHeight >= element.scrollHeight - 2;
      if (isAtBottom && lastPosition === setSize && !isLoadingRow) {
        isMeasuring = false;
        return { rowsSeen: seen.size, lastPosition, setSize, mostRowsRendered, duplicatesSeen, slowFrames, frames };
      }
      if (Date.now() > deadline) throw new Error(`scrolling stopped at row ${lastPosition} of ${setSize}`);
      element.scrollTop += element.clientHeight * 3;
      await frame();
      await frame();
    }
  }, timeoutMs);
}
