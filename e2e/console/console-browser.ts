import type { Browser, BrowserContext, Page } from 'playwright-core';

/** What a page of the console did wrong while a test used it: uncaught errors, CSP refusals, failed loads. */
export interface PageProblems {
  errors: string[];
}

/**
 * A fresh browser context (its own storage, 1280×800) on the console, recording every page error and every console
 * error or CSP violation, which the tests assert are none.
 */
export async function openConsole(
  browser: Browser,
  baseUrl: string,
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ viewport, baseURL: baseUrl });
  const page = await context.newPage();
  const problems: PageProblems = { errors: [] };
  page.on('pageerror', (error) => problems.errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // The browser logs refused requests (e.g. a 404 asked for on purpose) as errors too; those the tests check themselves.
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) problems.errors.push(message.text());
  });
  return { context, page, problems };
}

/** Signs in on the console's sign-in page with an API key, and waits for the signed-in frame. */
export async function signInWithKey(page: Page, key: string): Promise<void> {
  await page.goto('/console/');
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('principal').waitFor();
}
