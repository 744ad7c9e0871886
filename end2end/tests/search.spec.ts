import { test, expect, open, withJs } from './helpers';

test('le champ de recherche de l’en-tête trouve un thème sans accents ni majuscules, avec ou sans JavaScript', async ({ page }, testInfo) => {
  await open(page, testInfo, '/themes/10');
  const field = page.getByRole('search').getByLabel('Rechercher');
  await field.fill('ECONOMIE sociale');
  await field.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=ECONOMIE\+sociale$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Recherche' })).toBeVisible();
  await expect(page.locator('.search__count')).toContainText(/\d+\srésultats? pour «\s*ECONOMIE sociale\s*»/);
  // The words found are marked in the passages, whatever their accents.
  await expect(page.locator('.search-hit__excerpt mark').first()).toHaveText(/^[ÉéEe]conomi/i);
  // The page's own field keeps what was typed; the header's gives way to it.
  await expect(page.locator('#search-q')).toHaveValue('ECONOMIE sociale');
  await expect(page.locator('#site-search-q')).toHaveCount(0);

  // Keeping only thèmes: the link says how many, and the page shows only them.
  const kinds = page.getByRole('navigation', { name: 'Types de résultats' });
  await kinds.getByRole('link', { name: /^Thèmes/ }).click();
  await expect(page).toHaveURL(/kind=theme/);
  await expect(page.locator('.search__group')).toHaveCount(1);
  await expect(page.locator('.search__group h2')).toHaveText('Thèmes');
  await expect(kinds.getByRole('link', { name: /^Thèmes/ })).toHaveAttribute('aria-current', 'page');

  // A result leads to its page.
  await page.locator('.search-hit__title a').first().click();
  await expect(page).toHaveURL(/\/themes\/1[0-2]$/);
});

test('une recherche impossible dit pourquoi et garde ce qui a été tapé', async ({ page }, testInfo) => {
  await open(page, testInfo, '/search?q=%21%21%21');
  await expect(page.getByRole('alert')).toHaveText('Tapez au moins un mot à chercher (les signes seuls ne suffisent pas).');
  await expect(page.locator('#search-q')).toHaveValue('!!!');
  // Filtering by a thème and ordering by date, from the form.
  await page.locator('#search-q').fill('circuits courts');
  await page.getByLabel('Thème').selectOption('11');
  await page.getByLabel('Ordre').selectOption('date');
  await page.getByRole('button', { name: 'Appliquer' }).click();
  await expect(page).toHaveURL(/theme=11/);
  await expect(page).toHaveURL(/sort=date/);
  await expect(page.locator('.search-hit').first()).toContainText('11.');
  await expect(page.getByLabel('Thème')).toHaveValue('11');
});

test('le champ de l’en-tête propose des résultats pendant la frappe, et se parcourt au clavier', async ({ page }, testInfo) => {
  await open(page, testInfo, '/themes/10');
  const field = page.locator('#site-search-q');
  // The last word is a prefix while typing: « cour » already finds « courts ».
  await field.fill('circuits cour');
  const list = page.getByRole('listbox', { name: 'Résultats proposés' });
  if (!withJs(testInfo)) {
    // Without JavaScript nothing is proposed: the form submits.
    await expect(list).toBeHidden();
    await field.press('Enter');
    await expect(page).toHaveURL(/\/search\?q=circuits\+cour$/);
    await expect(page.locator('.search-hit').first()).toBeVisible();
    return;
  }
  await expect(list).toBeVisible();
  await expect(field).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator('.site-search [aria-live]')).toContainText(/\d+\srésultats? pour «\s*circuits cour\s*»/);
  const options = list.getByRole('option');
  await expect(options.last()).toContainText('Voir les');
  // ↓ chooses the first result, ↑ from there wraps to « see every result ».
  await field.press('ArrowDown');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await expect(field).toHaveAttribute('aria-activedescendant', (await options.first().getAttribute('id'))!);
  await field.press('ArrowUp');
  await expect(options.last()).toHaveAttribute('aria-selected', 'true');
  await expect(options.first()).toHaveAttribute('aria-selected', 'false');
  // Escape closes the list and keeps what was typed.
  await field.press('Escape');
  await expect(list).toBeHidden();
  await expect(field).toHaveAttribute('aria-expanded', 'false');
  await expect(field).toHaveValue('circuits cour');
  // ↓ opens it again; Enter opens the result chosen.
  await field.press('ArrowDown');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  const href = (await options.first().getAttribute('data-href'))!;
  expect(href).toMatch(/^\/(themes|members)\//);
  await field.press('Enter');
  await expect(page).toHaveURL(new RegExp(`${href.replace(/[?#].*$/, '').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}([?#].*)?$`));
});
