import { expect, type Page, type TestInfo } from '@playwright/test';

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
