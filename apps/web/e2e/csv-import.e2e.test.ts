import { readFile } from 'node:fs/promises';
import { ZContactListResponse } from '@voiceagent/shared';
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
 * CSV import in the real product: from the contacts screen, an Excel file (UTF-8 with a
 * byte-order mark, semicolons) is uploaded, its guessed mapping and a preview row's problem shown,
 * imported into HubSpot with the progress and the counts, the report of the refused row
 * downloaded, and the new contact found in the list once the sync the import queued has run.
 */
let product: Product;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [product, browser] = await Promise.all([startProduct({ env: { CRM_SANDBOX_CONTACTS: '10' } }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await product?.stop();
});

usePagePerTest({ label: 'csv-import', product: () => product, browser: () => browser, onPage: (created) => (page = created), viewport: { width: 1280, height: 900 } });

const CSV = '\uFEFFVorname;Nachname;E-Mail-Adresse;Telefon\r\nAnna;"Importiert; GmbH";anna.importiert@example.test;+49 30 1234567\r\nKein;Kontakt;keine-adresse;\r\n';

describe('CSV import', () => {
  it('uploads an Excel CSV on the contacts screen, maps and previews it, imports it into HubSpot and downloads the report', { timeout: 300_000 }, async () => {
    const email = uniqueEmail('csv-import');
    await createAccount(product.url, email);
    const api = createApi(product.url, await getAccessToken(product.url, email));
    await signInThroughForm(page, email, '/crm');
    await connectAndWaitForFirstSyncs(page, product.url, api, ['HubSpot', 'Zoho CRM']);

    await contactsSection(page).waitFor();
    await page.getByRole('button', { name: 'Import CSV…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import contacts from CSV' });
    await dialog.getByRole('textbox', { name: 'CRM' }).click();
    await page.getByRole('option', { name: 'HubSpot' }).click();
    await dialog.locator('input[type="file"]').setInputFiles({ name: 'kontakte.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
    await dialog.getByRole('button', { name: 'Upload' }).click();

    // The guessed mapping and the preview, the second row's missing email and phone named.
    const table = dialog.getByRole('table', { name: 'Column mapping and preview' });
    await table.waitFor();
    const fieldOf = (column: string) => dialog.getByRole('textbox', { name: `Field for column ${column}` }).inputValue();
    expect([await fieldOf('Vorname'), await fieldOf('Nachname'), await fieldOf('E-Mail-Adresse'), await fieldOf('Telefon')]).toEqual(['First name', 'Last name', 'Email', 'Phone']);
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('Importiert; GmbH');
    expect(await rows.nth(0).textContent()).toContain('OK');
    expect(await rows.nth(1).textContent()).toMatch(/email/i);
    await saveScreenshot(page, 'csv-import-mapping');
    const violations = await findSeriousViolations(page, 'CSV import, mapping');

    await dialog.getByRole('button', { name: 'Import 2 rows' }).click();
    await dialog.getByText('1 created · 0 skipped · 1 refused · 0 to go').waitFor({ timeout: 60_000 });
    await dialog.getByText(/Done, with rows refused/).waitFor();
    expect(await dialog.getByRole('progressbar', { name: 'Import progress' }).getAttribute('aria-valuenow')).toBe('100');
    await saveScreenshot(page, 'csv-import-done');

    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download report' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^import-[0-9a-f]{8}-report\.csv$/);
    const report = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(report).toHaveLength(2);
    expect(report[0]).toBe('"row","status","reason_code","reason","Vorname","Nachname","E-Mail-Adresse","Telefon"');
    expect(report[1]).toMatch(/^"2","failed","validation_failed",".*","Kein","Kontakt","keine-adresse",""$/);
    // The button that says Close (the modal's corner button is named Close too).
    await dialog.getByRole('button', { name: 'Close' }).filter({ hasText: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The sync the import queued brings the contact in: it is in the list, from HubSpot.
    const deadline = Date.now() + 60_000;
    const isListed = async () => {
      const list = await api('/crm/contacts?view=unified&q=anna.importiert&limit=5', ZContactListResponse);
      return list.view === 'unified' && list.items.length > 0;
    };
    while (!(await isListed())) {
      if (Date.now() > deadline) throw new Error('the imported contact never reached the list');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await contactsSection(page).getByLabel('Search contacts').fill('anna.importiert');
    const found = contactsList(page).getByRole('listitem').filter({ hasText: 'Anna Importiert; GmbH' });
    // The contact may be on screen before the search applies (pushed in by the CRM's webhook): wait for the search's answer.
    await expect.poll(() => contactsList(page).getByRole('listitem').count(), { timeout: 60_000 }).toBe(1);
    await found.waitFor();
    expect(await found.textContent()).toContain('HubSpot');
    await saveScreenshot(page, 'csv-import-found');
    expect(violations).toEqual([]);
  });
});
