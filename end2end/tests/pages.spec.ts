import { expect, open, test } from './helpers';

const THEMES = [
  { n: 10, title: 'Développer l’innovation sociale de l’ESS', text: 'L’innovation est au cœur du développement' },
  { n: 11, title: 'Développer le concept et l’organisation des circuits courts', text: 'La notion de territoire est permanente' },
  { n: 12, title: 'Promouvoir et développer les structures et les acteurs de l’ESS', text: 'L’approche économique de l’ESS est trop souvent méconnue' },
];

test('the home page shows the cahier, axe 4 and its three thèmes in French', async ({ page }, testInfo) => {
  const response = await open(page, testInfo, '/');
  expect(response?.status()).toBe(200);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Les Cahiers d’espérances');
  await expect(page.getByRole('heading', { level: 2, name: 'Développer' })).toBeVisible();
  await expect(page.getByText('Publié le 11 janvier 2012')).toBeVisible();
  for (const theme of THEMES) {
    await expect(page.getByRole('link', { name: new RegExp(`^${theme.title}`) })).toBeVisible();
  }
  await expect(page).toHaveTitle('Les groupes de travail · Atelier');
});

test('following a thème from the home page opens its page with its text', async ({ page }, testInfo) => {
  await open(page, testInfo, '/');
  await page.getByRole('link', { name: /^Développer le concept et l’organisation des circuits courts/ }).click();
  await expect(page).toHaveURL(/\/themes\/11$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('circuits courts au sens large');
  await expect(page.getByText('Thème 11', { exact: true })).toBeVisible();
  await expect(page.getByText(THEMES[1].text)).toBeVisible();
});

for (const theme of THEMES) {
  test(`thème ${theme.n} shows its number, title and text`, async ({ page }, testInfo) => {
    const response = await open(page, testInfo, `/themes/${theme.n}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByText(`Thème ${theme.n}`, { exact: true })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(theme.title);
    await expect(page.getByText(theme.text)).toBeVisible();
  });
}

for (const path of ['/themes/99', '/themes/abc', '/pas-une-page']) {
  test(`${path} answers a real 404 page`, async ({ page }, testInfo) => {
    const response = await open(page, testInfo, path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
    await page.getByRole('link', { name: 'Revenir au cahier' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Les Cahiers d’espérances');
  });
}
