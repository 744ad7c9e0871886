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
        if (message.type() !== 'error') return;
        // A server function refusing an input (4xx) is part of the protocol: the page shows the
        // translated error, which the test checks. The browser still logs the status.
        const refusal = /status of 4\d\d/.test(message.text()) && message.location().url.includes('/api/');
        if (!refusal) errors.push(`console: ${message.text()}`);
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

/** The link to `path` in the newest e-mail sent to `to` (waits up to 10 s for it). */
export async function mailedLink(to: string, path: string): Promise<string> {
  const fs = await import('node:fs');
  const nodePath = await import('node:path');
  const dir = process.env.E2E_MAIL_DIR;
  if (!dir) throw new Error('E2E_MAIL_DIR is not set: run the browser tests through `make test`');
  const deadline = Date.now() + 10_000;
  const pattern = new RegExp(`(https?://[^\\s]+${path.replace(/\//g, '\\/')}\\?token=[A-Za-z0-9_-]+)`);
  while (Date.now() < deadline) {
    const mails = fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.eml'))
      .map((name) => nodePath.join(dir, name))
      .map((file) => ({ file, time: fs.statSync(file).mtimeMs, text: fs.readFileSync(file, 'utf8') }))
      .filter((mail) => mail.text.includes(`To: ${to}`))
      .sort((a, b) => b.time - a.time);
    for (const mail of mails) {
      const match = mail.text.match(pattern);
      if (match) return match[1];
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no e-mail to ${to} with a link to ${path}`);
}

/** An address no other test (or project) uses. */
export function uniqueEmail(testInfo: TestInfo, label: string): string {
  const project = testInfo.project.name.replace(/[^a-z]/g, '');
  return `${label}.${project}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.org`;
}

/** `name` made unique with `email`'s time stamp: two people may not go by the same name, and
 * both projects sign up in one database. */
export function uniqueName(name: string, email: string): string {
  return `${name} ${email.split('.')[2].slice(-6)}`;
}

/** Creates an account through the sign-up form and its e-mailed link; ends signed in. */
export async function signUp(page: Page, testInfo: TestInfo, name: string, email: string, password: string) {
  await open(page, testInfo, '/signup');
  await page.getByLabel('Nom affiché').fill(name);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(page).toHaveURL(/\/signup\/sent$/);
  const link = await mailedLink(email, '/signup/confirm');
  await open(page, testInfo, link);
  await page.getByRole('button', { name: 'Activer mon compte' }).click();
  await expect(page).toHaveURL(/\/account\?done=welcome$/);
}

/** Signs in through the form. */
export async function signIn(page: Page, testInfo: TestInfo, email: string, password: string) {
  await open(page, testInfo, '/login');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).last().click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** Signs out with the header's button. */
export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.locator('.account-menu')).toContainText('Se connecter');
}
