import { test as base, expect, type Page, type TestInfo } from '@playwright/test';

/**
 * Playwright's `test`, failing any test during which the page logged an error: an uncaught
 * exception, a hydration error, a refused script (Content-Security-Policy) or a failed request.
 */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()}`);
      });
      await use(errors);
      // A 404 page is expected to log its own failed load; nothing else may fail.
      const unexpected = errors.filter((e) => !/status of 404/.test(e));
      expect(unexpected, 'errors logged by the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** True in the project that runs with JavaScript (and so hydration). */
export function withJs(testInfo: TestInfo): boolean {
  return testInfo.project.use.javaScriptEnabled !== false;
}

/** Opens `path`; with JavaScript, waits until the page is hydrated (interactive). */
export async function open(page: Page, testInfo: TestInfo, path: string) {
  const response = await page.goto(path);
  if (withJs(testInfo)) {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }
  return response;
}
