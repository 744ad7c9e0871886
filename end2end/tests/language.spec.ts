import { expect, open, signIn, signUp, test, uniqueEmail, uniqueName, withJs } from './helpers';

const PASSWORD = 'les cigales chantent à Marseille';

test('the language switch turns the interface to English and back, and is remembered', async ({ page }, testInfo) => {
  await open(page, testInfo, '/themes/10');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('link', { name: 'Retour au cahier' })).toBeVisible();

  if (withJs(testInfo)) {
    // With hydration the switch is a server-function round trip, and the page changes in place.
    await page.evaluate(() => ((window as unknown as { atelierMarker: number }).atelierMarker = 42));
    const call = page.waitForResponse((r) => r.url().endsWith('/api/locale/set') && r.status() === 200);
    await page.getByRole('button', { name: 'English' }).click();
    await call;
    await expect(page.getByRole('link', { name: 'Back to the booklet' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    expect(await page.evaluate(() => (window as unknown as { atelierMarker?: number }).atelierMarker)).toBe(42);
  } else {
    // Without JavaScript the form posts, the server sets the cookie and redirects back.
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page).toHaveURL(/\/themes\/10$/);
    await expect(page.getByRole('link', { name: 'Back to the booklet' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }

  // The choice is remembered by a cookie: a fresh load is served in English.
  await open(page, testInfo, '/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 2, name: 'Développer' })).toBeVisible();
  await expect(page.getByText('Published on January 11, 2012')).toBeVisible();

  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByText('Publié le 11 janvier 2012')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
});

test('a person’s language follows them: chosen once signed in, it comes back on another browser', async ({ page, browser }, testInfo) => {
  const email = uniqueEmail(testInfo, 'langue');
  await signUp(page, testInfo, uniqueName('Sam Langue', email), email, PASSWORD);
  await open(page, testInfo, '/account');
  const call = withJs(testInfo)
    ? page.waitForResponse((r) => r.url().endsWith('/api/locale/set') && r.status() === 200)
    : Promise.resolve();
  await page.getByRole('button', { name: 'English' }).click();
  await call;
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // The account page says where the digest's language comes from.
  await expect(page.getByText('The digest is written to you in the language you chose')).toBeVisible();

  // Another browser, which never chose a language: French until she signs in, then English.
  const context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    javaScriptEnabled: withJs(testInfo),
  });
  const elsewhere = await context.newPage();
  await signIn(elsewhere, testInfo, email, PASSWORD);
  await open(elsewhere, testInfo, '/');
  await expect(elsewhere.locator('html')).toHaveAttribute('lang', 'en');
  await expect(elsewhere.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await context.close();
});
