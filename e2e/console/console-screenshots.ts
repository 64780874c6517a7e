import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * Screenshots of the console's main pages, taken while the browser test uses them: into .test-results/console/ on
 * every run, and into docs/console/ (the README's pictures) when CONSOLE_SCREENSHOTS=update.
 */
export class ConsoleScreenshots {
  private readonly directory: string;

  constructor(root = resolve(__dirname, '../../..')) {
    this.directory = process.env.CONSOLE_SCREENSHOTS === 'update' ? join(root, 'docs', 'console') : join(root, '.test-results', 'console');
  }

  async take(page: Page, name: string): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    // The page itself, not the toasts of earlier steps.
    for (const close of await page.locator('.mantine-Notification-closeButton').all()) await close.click().catch(() => undefined);
    // Charts and transitions settle; the picture shows the page as a person sees it.
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(this.directory, `${name}.png`) });
  }
}
