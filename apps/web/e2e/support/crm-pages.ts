import type { Locator, Page } from 'playwright-core';

/** A platform's card on /crm, found by its heading. */
export const platformCard = (page: Page, name: 'HubSpot' | 'Zoho CRM' | 'Salesforce'): Locator =>
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

/**
 * On the sandbox Salesforce's "Allow Access?" page: signs in as the user of the named org (the
 * page lists only the orgs of the login host the product sent the person to), then Allow.
 */
export async function allowSalesforceAccess(page: Page, orgName: string): Promise<{ username: string; isSandboxOrg: boolean; loginOrigin: string }> {
  await page.getByRole('heading', { name: 'Allow Access?' }).waitFor();
  const choice = page.locator('label.account').filter({ has: page.locator('small', { hasText: new RegExp(`^${orgName.replace(/[()]/g, '\\$&')}( \\(sandbox\\))?$`) }) });
  if ((await choice.count()) === 0) {
    const offered = await page.locator('fieldset').textContent();
    throw new Error(`the consent page offers no user of ${orgName}: ${offered?.replace(/\s+/g, ' ').trim()}`);
  }
  await choice.first().getByRole('radio').check();
  const username = (await choice.first().locator('span').textContent())?.trim() ?? '';
  const isSandboxOrg = /\(sandbox\)$/.test((await choice.first().locator('small').textContent()) ?? '');
  const loginOrigin = new URL(page.url()).origin;
  await page.getByRole('button', { name: 'Allow' }).click();
  return { username, isSandboxOrg, loginOrigin };
}

/** The Contacts section below the cards. */
export const contactsSection = (page: Page): Locator => page.getByRole('region', { name: 'Contacts', exact: true });

/** A virtualised list by its name ("Contacts", "HubSpot contacts"): only rendered rows are in it. */
export const contactsList = (page: Page, name = 'Contacts'): Locator => page.getByRole('list', { name, exact: true });

/** Its scrolling box, named "<list>, <loaded> of <total> loaded". */
export const contactsScroller = (page: Page, name = 'Contacts'): Locator =>
  page.getByRole('region', { name: new RegExp(`^${name}, [\\d,]+ of [\\d,]+ loaded$`) });

export type ScrollReport = { rowsSeen: number; lastPosition: number; setSize: number; mostRowsRendered: number; duplicatesSeen: number; slowFrames: number; frames: number };

type ScrollProbe = { frames: number; slowFrames: number; mostRowsRendered: number; duplicatesSeen: number; rowsSeen: number; lastPosition: number; setSize: number; isDone: boolean; state: string };

/**
 * Scrolls a contacts list to its very end a few screens at a time, as a person flinging the
 * wheel would, and reports what was rendered on the way and how long frames took meanwhile.
 *
 * The loop runs here, not in the page: each step scrolls, then waits 50 ms on Node's clock, so a
 * browser that holds back frames cannot stall it. When no new row has come for 2 s, a real wheel
 * event goes to the list (input makes a headless browser draw again); past the deadline the
 * error says where it stopped and what the page was doing.
 */
export async function scrollToEnd(page: Page, listName = 'Contacts', timeoutMs = 240_000): Promise<ScrollReport> {
  const scroller = contactsScroller(page, listName);
  await scroller.waitFor();
  const handle = await scroller.elementHandle();
  if (!handle) throw new Error(`no scroller for ${listName}`);
  // Frame timings and what was seen, kept on the element between steps.
  await handle.evaluate((element) => {
    const probe = { frames: 0, slowFrames: 0, last: performance.now(), measuring: true, seen: new Set<string>(), mostRowsRendered: 0, duplicatesSeen: 0 };
    const tick = (now: number) => {
      if (now - probe.last > 50) probe.slowFrames += 1;
      probe.frames += 1;
      probe.last = now;
      if (probe.measuring) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    (element as unknown as { scrollProbe: typeof probe }).scrollProbe = probe;
  });
  const step = () =>
    handle.evaluate((element): ScrollProbe => {
      const probe = (element as unknown as { scrollProbe: { frames: number; slowFrames: number; last: number; measuring: boolean; seen: Set<string>; mostRowsRendered: number; duplicatesSeen: number } }).scrollProbe;
      const current = [...element.querySelectorAll<HTMLElement>('[role="listitem"]')];
      probe.mostRowsRendered = Math.max(probe.mostRowsRendered, current.length);
      for (const row of current) {
        const position = row.getAttribute('aria-posinset') ?? '';
        if (!probe.seen.has(position) && /Also in /.test(row.textContent ?? '')) probe.duplicatesSeen += 1;
        probe.seen.add(position);
      }
      const setSize = Number(current[0]?.getAttribute('aria-setsize') ?? 0);
      const lastRow = current.at(-1);
      const lastPosition = Number(lastRow?.getAttribute('aria-posinset') ?? 0);
      const isLoadingRow = /Loading more contacts/.test(lastRow?.textContent ?? '');
      const isAtBottom = element.scrollTop + element.clientHeight >= element.scrollHeight - 2;
      const isDone = isAtBottom && lastPosition === setSize && !isLoadingRow;
      if (isDone) probe.measuring = false;
      else element.scrollTop += element.clientHeight * 3;
      const state = `visibility ${document.visibilityState}, ${probe.frames} frames, the last ${Math.round(performance.now() - probe.last)} ms ago, scrollTop ${element.scrollTop} of ${element.scrollHeight}`;
      const { frames, slowFrames, mostRowsRendered, duplicatesSeen } = probe;
      return { frames, slowFrames, mostRowsRendered, duplicatesSeen, rowsSeen: probe.seen.size, lastPosition, setSize, isDone, state };
    });

  const deadline = Date.now() + timeoutMs;
  let furthest = 0;
  let movedAt = Date.now();
  for (;;) {
    const probe = await step();
    if (probe.isDone) {
      const { rowsSeen, lastPosition, setSize, mostRowsRendered, duplicatesSeen, slowFrames, frames } = probe;
      return { rowsSeen, lastPosition, setSize, mostRowsRendered, duplicatesSeen, slowFrames, frames };
    }
    if (Date.now() > deadline) throw new Error(`scrolling stopped at row ${probe.lastPosition} of ${probe.setSize} (${probe.state})`);
    if (probe.lastPosition > furthest) {
      furthest = probe.lastPosition;
      movedAt = Date.now();
    } else if (Date.now() - movedAt > 2_000) {
      const box = await handle.boundingBox();
      if (box) {
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.wheel(0, box.height);
      }
      movedAt = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
