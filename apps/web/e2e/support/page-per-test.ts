import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeEach, expect } from 'vitest';
import type { Product } from './product';
import { saveScreenshot } from './screenshots';

const LOCATOR_TIMEOUT_MS = 60_000;

type PagePerTestOptions = {
  /** Names the screenshot of a failed test: failed-<label>-<test name>.png. */
  label: string;
  product: () => Product;
  browser: () => Browser;
  /** Hands the test file its page for the test about to run. */
  onPage: (page: Page) => void;
  viewport?: { width: number; height: number };
};

/**
 * A fresh browser context and page for every test (reduced motion, so no transition is caught
 * halfway). After a failed test: a screenshot and the product's output during it. After every
 * test: no uncaught exception in the page, even when the screen looked right.
 */
export function usePagePerTest({ label, product, browser, onPage, viewport }: PagePerTestOptions): void {
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[] = [];
  let outputMark = 0;

  beforeEach(async () => {
    context = await browser().newContext({ baseURL: product().url, reducedMotion: 'reduce', ...(viewport ? { viewport } : {}) });
    // Playwright's 30 s default for a locator was once too short for a screen waiting on 5,100
    // synced contacts while the other test stream loaded both cores: waiting longer for a state
    // that arrives is not a failure (tests never fail on timing); a state that never comes still is.
    context.setDefaultTimeout(LOCATOR_TIMEOUT_MS);
    page = await context.newPage();
    pageErrors = [];
    outputMark = product().outputMark();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    onPage(page);
  });

  afterEach(async (test) => {
    if (test.task.result?.state === 'fail') {
      await saveScreenshot(page, `failed-${label}-${test.task.name.replace(/\W+/g, '-').slice(0, 50)}`).catch(() => undefined);
      console.error(`[e2e] what the product printed during this test:\n${product().outputSince(outputMark).slice(-8_000)}`);
    }
    await context.close();
    expect(pageErrors).toEqual([]);
  });
}
